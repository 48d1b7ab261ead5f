#!/usr/bin/env python3
"""Scores a scanner's output against truth.tsv: recall and false positives.

Formats: sweep (warroom-sweep jsonl), grep (file:line:match from grep/rg -o -n),
yara (yara -s output; scored per file, since YARA gives offsets, not lines).
Prints "recall fp".
"""
import json
import os
import sys


def main():
    fmt, truth_path, out_path, logs_dir = sys.argv[1:5]
    truth = []
    with open(truth_path) as f:
        for line in f:
            name, ln, v = line.rstrip("\n").split("\t")
            truth.append((name, int(ln), v.lower()))
    truth_lines = set(truth)
    truth_files = {(n, v) for n, _, v in truth}
    found = set()
    fp = 0
    with open(out_path, errors="replace") as f:
        if fmt == "sweep":
            for line in f:
                o = json.loads(line)
                key = (os.path.basename(o["file"]), o["line"], o["indicator"].lower())
                if key in truth_lines:
                    found.add(key)
                else:
                    fp += 1
        elif fmt == "grep":
            for line in f:
                parts = line.rstrip("\n").split(":", 2)
                if len(parts) != 3:
                    continue
                key = (os.path.basename(parts[0]), int(parts[1]), parts[2].lower())
                if key in truth_lines:
                    found.add(key)
                else:
                    fp += 1
        else:  # yara -s: "rule path" then "0xOFF:$sN: text" lines
            current = None
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("0x") and current is not None:
                    text = line.split(": ", 1)[1] if ": " in line else ""
                    key = (current, text.lower())
                    if key in truth_files:
                        found.add(key)
                    else:
                        fp += 1
                elif " " in line:
                    current = os.path.basename(line.split(" ", 1)[1])
            truth = list(truth_files)
    recall = len(found) / len(truth) if truth else 1.0
    print("%.3f %d" % (recall, fp))


if __name__ == "__main__":
    main()

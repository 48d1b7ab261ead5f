#!/usr/bin/env python3
"""Generates a reproducible mixed log corpus for benchmarking warroom-sweep.

From a seed it writes web, proxy, DNS, firewall and Windows-event (JSON lines) logs
with planted indicators and look-alikes, an indicator list (iocs.txt) of the requested
size (planted ones plus random unplanted ones), a YARA rule file for the same
indicators, a grep/rg pattern file, and truth.tsv: every planted (file, line,
indicator) that an exact scanner must report. Look-alikes (10.0.0.12 for 10.0.0.1,
evil.com.au for evil.com, ...) are planted too and must not be reported.
"""
import argparse
import os
import random


def rand_ip(r):
    return "%d.%d.%d.%d" % (r.randint(11, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


def rand_domain(r):
    word = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(6, 12)))
    return "%s%d.%s" % (word, r.randint(0, 99999), r.choice(["com", "net", "org", "info", "ru", "top"]))


def rand_hex(r, n):
    return "%0*x" % (n, r.getrandbits(n * 4))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=int, default=1000)
    ap.add_argument("--indicators", type=int, default=100000)
    ap.add_argument("--planted", type=int, default=400, help="indicators planted in the logs")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--files", type=int, default=10)
    a = ap.parse_args()
    r = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "logs"), exist_ok=True)

    # Planted indicators, per type, and their look-alikes.
    planted = []  # (type, value)
    for i in range(a.planted):
        t = ["ipv4", "domain", "url", "md5", "sha256", "email"][i % 6]
        if t == "ipv4":
            v = rand_ip(r)
        elif t == "domain":
            v = rand_domain(r)
        elif t == "url":
            v = "http://%s/%s.php" % (rand_domain(r), rand_hex(r, 6))
        elif t == "md5":
            v = rand_hex(r, 32)
        elif t == "sha256":
            v = rand_hex(r, 64)
        else:
            v = "u%d@%s" % (r.randint(0, 999), rand_domain(r))
        planted.append((t, v))

    def lookalike(t, v):
        if t == "ipv4":
            return v + "5" if r.random() < 0.5 else v + ".7"
        if t == "domain":
            return r.choice(["my-" + v, "not" + v, v + ".au", v + "munity", v.replace(".", ".x", 1)])
        if t == "url":
            return r.choice([v + "x", v.replace("http://", "http://x"), v + "_old"])
        if t in ("md5", "sha256"):
            return v + "a" if r.random() < 0.5 else "f" + v
        return "x" + v

    def shown(t, v):
        # How a planted indicator appears in a log: case variants where allowed.
        if t in ("domain", "md5", "sha256", "email") and r.random() < 0.3:
            return v.upper()
        if t == "domain" and r.random() < 0.3:
            return "www." + v
        return v

    iocs = [v for _, v in planted]
    seen = set(iocs)
    while len(iocs) < a.indicators:
        k = len(iocs) % 5
        v = [rand_ip(r), rand_domain(r), "http://%s/%s" % (rand_domain(r), rand_hex(r, 8)),
             rand_hex(r, 32), rand_hex(r, 64)][k]
        if v not in seen:
            seen.add(v)
            iocs.append(v)
    with open(os.path.join(a.out, "iocs.txt"), "w") as f:
        f.write("\n".join(iocs) + "\n")
    with open(os.path.join(a.out, "patterns.txt"), "w") as f:
        f.write("\n".join(iocs) + "\n")
    # YARA allows at most 10,000 strings per rule: one rule per 5,000 indicators.
    with open(os.path.join(a.out, "rules.yar"), "w") as f:
        for start in range(0, len(iocs), 5000):
            f.write("rule warroom_iocs_%d\n{\n  strings:\n" % (start // 5000))
            for i, v in enumerate(iocs[start:start + 5000]):
                esc = v.replace("\\", "\\\\").replace('"', '\\"')
                f.write('    $s%d = "%s" ascii nocase\n' % (i, esc))
            f.write("  condition:\n    any of them\n}\n")

    kinds = ["web", "proxy", "dns", "firewall", "winevent"]
    target = a.size_mb * 1000 * 1000 // a.files
    # Plant each indicator once, in a random file and position; look-alikes likewise.
    plants = {}
    for t, v in planted:
        fi = r.randrange(a.files)
        plants.setdefault(fi, []).append(("hit", t, v))
        plants.setdefault(r.randrange(a.files), []).append(("alike", t, lookalike(t, v)))
    truth = []
    for fi in range(a.files):
        kind = kinds[fi % len(kinds)]
        name = "%s-%02d.log" % (kind, fi)
        path = os.path.join(a.out, "logs", name)
        todo = plants.get(fi, [])
        est_lines = max(target // 150, 1)
        at = sorted(r.randrange(est_lines) for _ in todo)
        todo_iter = list(zip(at, todo))
        ti = 0
        written = 0
        line_no = 0
        buf = []
        while written < target:
            line_no += 1
            # Background addresses stay in 10/8, which no generated indicator uses.
            ip = "10.%d.%d.%d" % (line_no % 256, (line_no >> 8) % 256, r.randint(1, 254))
            extra = ""
            while ti < len(todo_iter) and todo_iter[ti][0] <= line_no:
                what, t, v = todo_iter[ti][1]
                s = shown(t, v) if what == "hit" else v
                extra += " ref=" + s if t != "url" else " " + s
                if what == "hit":
                    truth.append((name, line_no, v))
                ti += 1
            if kind == "web":
                line = '%s - - [27/Nov/2025:10:%02d:%02d +0100] "GET /index.php?id=%d HTTP/1.1" 200 %d "https://www.example.org/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"%s\n' % (
                    ip, line_no % 60, line_no % 60, line_no, r.randint(100, 99999), extra)
            elif kind == "proxy":
                line = "1732700000.%03d %d %s TCP_MISS/200 %d GET http://cdn%d.static.example.com/app.js - HIER_DIRECT/93.184.216.34 text/javascript%s\n" % (
                    line_no % 1000, r.randint(1, 999), ip, r.randint(100, 99999), line_no % 97, extra)
            elif kind == "dns":
                line = "27-Nov-2025 10:00:01.%03d client %s#%d (www%d.example.net): query: www%d.example.net IN A +E(0)K (10.0.0.53)%s\n" % (
                    line_no % 1000, ip, r.randint(1024, 65535), line_no % 89, line_no % 89, extra)
            elif kind == "firewall":
                line = "Nov 27 10:00:01 fw01 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=%s DST=192.0.2.%d LEN=60 TTL=50 PROTO=TCP SPT=%d DPT=443%s\n" % (
                    ip, r.randint(1, 254), r.randint(1024, 65535), extra)
            else:
                line = '{"EventID":4688,"TimeCreated":"2025-11-27T10:00:01.%03dZ","Computer":"pc%d.corp.local","IpAddress":"%s","NewProcessName":"C:\\\\Windows\\\\System32\\\\svchost.exe","Hashes":"SHA256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","CommandLine":"svchost.exe -k netsvcs%s"}\n' % (
                    line_no % 1000, line_no % 500, ip, extra)
            buf.append(line)
            written += len(line)
        # Any plant left (estimated line count too high) goes on the last lines.
        with open(path, "w") as f:
            f.write("".join(buf))
            while ti < len(todo_iter):
                line_no += 1
                what, t, v = todo_iter[ti][1]
                s = shown(t, v) if what == "hit" else v
                f.write("late ref=%s\n" % s)
                if what == "hit":
                    truth.append((name, line_no, v))
                ti += 1
    with open(os.path.join(a.out, "truth.tsv"), "w") as f:
        for name, line, v in truth:
            f.write("%s\t%d\t%s\n" % (name, line, v))


if __name__ == "__main__":
    main()

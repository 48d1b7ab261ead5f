#!/usr/bin/python3
"""Prints the advisories benchmark's table from its results.jsonl (bench/advisories/run.sh)."""
import json
import sys


def fmt(v, unit="", digits=0):
    if v is None:
        return "-"
    return f"{v:,.{digits}f}{unit}"


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    by = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            by.setdefault(r["engine"], {})[r["metric"]] = r
    rows = []
    for engine, m in by.items():
        seed = m.get("seed", {})
        rows.append((engine, f"seeded: {seed.get('organisations', '-')} organisations, "
                     f"{seed.get('with_spoc', '-')} with a SPOC and a deputy, "
                     f"{seed.get('people', '-')} people", "", ""))
        if "approve" in m:
            a = m["approve"]
            ok = a["status"] == 200 and a["seconds"] < 1.0
            rows.append((engine, f"1. approve, audience all ({a.get('recipients')} recipients)",
                         f"{a['seconds']:.3f} s (HTTP {a['status']})",
                         f"< 1 s: {verdict(ok)}"))
        if "dispatch" in m and "ceiling" in m:
            d, c = m["dispatch"], m["ceiling"]
            ceiling = c["per_connection"]["rate"]
            rows.append((engine, f"2. SMTP from warroomd ({d['messages']}/{d['expected']} mails"
                         f" in {d['seconds']:.1f} s{'' if d['complete'] else ', TIMED OUT'})",
                         f"{d['rate']:.0f} msg/s",
                         f"ceiling {ceiling:.0f} msg/s ({d['rate'] / ceiling:.0%}); "
                         f"one connection {c['one_connection']['rate']:.0f}"))
            if d.get("rate_after_first"):
                rows.append((engine, "   (from the first mail to the last)",
                             f"{d['rate_after_first']:.0f} msg/s",
                             f"first mail {fmt(d.get('first_after'), ' s', 2)} after approve"))
        if "clicks" in m:
            k = m["clicks"]
            ok = k["errors"] == 0 and k["p99_ms"] is not None and k["p99_ms"] < 150
            rows.append((engine, f"3. ack clicks {k['rate']:.0f}/s (sent {k['achieved_rate']:.0f}/s),"
                         f" {k['boards']} boards, {k['ok']}/{k['clicks']} 2xx",
                         f"p50 {fmt(k['p50_ms'], ' ms', 1)}, p99 {fmt(k['p99_ms'], ' ms', 1)}",
                         f"p99 < 150 ms: {verdict(ok)}"))
            if "floor" in m:
                f = m["floor"]
                rows.append((engine, f"   floor: same client, GET /api/health {f['rate']:.0f}/s, "
                             f"{f['boards']} boards, {f['ok']}/{f['clicks']} 2xx",
                             f"p50 {fmt(f['p50_ms'], ' ms', 1)}, p99 {fmt(f['p99_ms'], ' ms', 1)}",
                             "what the machine and client add"))
            ok = (k["fanout_p99_ms"] is not None and k["fanout_max_ms"] < 1000
                  and k["events_at_all_boards"] == k["ok"])
            rows.append((engine, f"4. click → event at all {k['boards']} boards "
                         f"({k['events_at_all_boards']}/{k['ok']} seen everywhere)",
                         f"p50 {fmt(k['fanout_p50_ms'], ' ms', 0)}, p99 "
                         f"{fmt(k['fanout_p99_ms'], ' ms', 0)}, max {fmt(k['fanout_max_ms'], ' ms', 0)}",
                         f"< 1 s: {verdict(ok)}"))
        if "kill" in m:
            k = m["kill"]
            after = k.get("after_restart", {})
            ok = after.get("clicked_2xx_present") == after.get("clicked_2xx")
            rows.append((engine, f"5. kill -9 at {fmt(k.get('killed_at_s'), ' s', 1)} of clicks, "
                         f"restart ({k['errors']} clicks failed)",
                         f"{after.get('clicked_2xx_present')}/{after.get('clicked_2xx')} "
                         f"acknowledged (2xx) present",
                         f"all: {verdict(ok)}"))
    widths = [max(len(r[i]) for r in rows + [("engine", "measure", "figure", "target")])
              for i in range(4)]
    head = ("engine", "measure", "figure", "target / ceiling")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


if __name__ == "__main__":
    main()

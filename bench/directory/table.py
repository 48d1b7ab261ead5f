"""Prints the result table of bench/directory/run.sh from its results.jsonl.

Each line of results.jsonl: {"engine", "route", "label", wrk's numbers (report.lua)}.
Target: p99 under 20 ms and at least a third of /api/health's throughput on the same server.
"""
import json
import sys

P99_TARGET_MS = 20.0
RATIO_TARGET = 1 / 3


def main() -> None:
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    engines = []
    for r in rows:
        if r["engine"] not in engines:
            engines.append(r["engine"])
    for engine in engines:
        mine = [r for r in rows if r["engine"] == engine]
        health = next((r for r in mine if r["label"] == "health"), None)
        meta = mine[0].get("meta", {})
        print(f"\n== {engine}: {meta.get('organisations', '?')} organisations, "
              f"{meta.get('people', '?')} people; wrk -c{meta.get('connections')} "
              f"-t{meta.get('threads')} -d{meta.get('duration')}s, "
              f"warroomd --workers {meta.get('workers')}; seeded in "
              f"{meta.get('seed_seconds')} s ({meta.get('total_seconds')} s with reference data)")
        head = f"{'route':<52} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x health':>8} {'errors':>7}  target"
        print(head)
        print("-" * len(head))
        for r in mine:
            ratio = r["rps"] / health["rps"] if health and health["rps"] else 0.0
            errors = r["non2xx"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
            if r["label"] == "health":
                verdict = "(ceiling)"
            else:
                ok = r["p99_ms"] < P99_TARGET_MS and ratio >= RATIO_TARGET and errors == 0
                why = []
                if r["p99_ms"] >= P99_TARGET_MS:
                    why.append("p99")
                if ratio < RATIO_TARGET:
                    why.append("throughput")
                if errors:
                    why.append("errors")
                verdict = "met" if ok else "MISSED (" + ", ".join(why) + ")"
            print(f"{r['route'][:52]:<52} {r['rps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                  f"{ratio:>8.2f} {errors:>7}  {verdict}")


if __name__ == "__main__":
    main()

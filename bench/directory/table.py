"""Prints the result table of bench/directory/run.sh from its results.jsonl.

Each line of results.jsonl: {"engine", "route", "label", "round", wrk's numbers
(report.lua)}. Every route is measured in several rounds; the table shows the round with
the median throughput of each route (and the range over all rounds), and compares it with
the median of /api/health on the same server.
Target: p99 under 20 ms and at least a third of /api/health's throughput. Rows labelled
db-* are PostgreSQL's own ceiling (pgbench, no HTTP server), not routes: no verdict.
"""
import json
import sys

P99_TARGET_MS = 20.0
RATIO_TARGET = 1 / 3


def median_round(runs):
    ordered = sorted(runs, key=lambda r: r["rps"])
    return ordered[(len(ordered) - 1) // 2]


def errors_of(r):
    return r["non2xx"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]


def main() -> None:
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    engines = []
    for r in rows:
        if r["engine"] not in engines:
            engines.append(r["engine"])
    for engine in engines:
        mine = [r for r in rows if r["engine"] == engine]
        labels = []
        for r in mine:
            if r["label"] not in labels:
                labels.append(r["label"])
        runs = {label: [r for r in mine if r["label"] == label] for label in labels}
        health = median_round(runs["health"]) if "health" in runs else None
        meta = mine[0].get("meta", {})
        rounds = max(len(v) for v in runs.values())
        print(f"\n== {engine}: {meta.get('organisations', '?')} organisations, "
              f"{meta.get('people', '?')} people; wrk -c{meta.get('connections')} "
              f"-t{meta.get('threads')} -d{meta.get('duration')}s, {rounds} rounds, "
              f"warroomd --workers {meta.get('workers')}; seeded in "
              f"{meta.get('seed_seconds')} s ({meta.get('total_seconds')} s with reference data)")
        head = (f"{'route':<48} {'req/s':>8} {'(range)':>15} {'p50 ms':>7} {'p99 ms':>7} "
                f"{'x health':>8} {'errors':>6}  target")
        print(head)
        print("-" * len(head))
        for label in labels:
            r = median_round(runs[label])
            low = min(x["rps"] for x in runs[label])
            high = max(x["rps"] for x in runs[label])
            ratio = r["rps"] / health["rps"] if health and health["rps"] else 0.0
            errors = sum(errors_of(x) for x in runs[label])
            if label == "health":
                verdict = "(ceiling)"
            elif label.startswith("db-"):
                verdict = "(database alone)"
            else:
                why = []
                if r["p99_ms"] >= P99_TARGET_MS:
                    why.append("p99")
                if ratio < RATIO_TARGET:
                    why.append("throughput")
                if errors:
                    why.append("errors")
                verdict = "MISSED (" + ", ".join(why) + ")" if why else "met"
            span = f"{low:.0f}-{high:.0f}"
            print(f"{r['route'][:48]:<48} {r['rps']:>8.0f} {span:>15} {r['p50_ms']:>7.2f} "
                  f"{r['p99_ms']:>7.2f} {ratio:>8.2f} {errors:>6}  {verdict}")


if __name__ == "__main__":
    main()

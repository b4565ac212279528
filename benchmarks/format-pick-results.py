#!/usr/bin/env python3
"""Turns the JMH JSON of run-pick-benchmarks.sh into one table of cost per pick.

Rows are grouped by threads and backends; within a group Fulcrum's strategies sit next to the
Ribbon rule they compare with. The budget column checks Fulcrum's data-plane targets: round-robin
at most 10 ns/op, rl (the learned strategy, whose own target is looser) at most 50 ns/op, every
other strategy at most 30 ns/op, and no allocation (gc.alloc.rate.norm
below 0.01 B/op). Ribbon rows are the peer and have no budget.

Usage: format-pick-results.py [--markdown] benchmarks/target/pick-results.json
"""
import json
import math
import sys

ORDER = [
    "round-robin", "ribbon:RoundRobinRule", "weighted-round-robin", "random",
    "least-load", "least-request", "p2c", "ribbon:BestAvailableRule", "peak-ewma", "consistent-hash", "rl",
]
BUDGET_NS = {"round-robin": 10.0, "rl": 50.0}
# The Ribbon rule each Fulcrum strategy is read against: rotations against RoundRobinRule, strategies
# that compare load against BestAvailableRule.
PEER = {
    "round-robin": "ribbon:RoundRobinRule", "weighted-round-robin": "ribbon:RoundRobinRule",
    "random": "ribbon:RoundRobinRule", "consistent-hash": "ribbon:RoundRobinRule",
    "least-load": "ribbon:BestAvailableRule", "least-request": "ribbon:BestAvailableRule",
    "p2c": "ribbon:BestAvailableRule",
    "peak-ewma": "ribbon:BestAvailableRule", "rl": "ribbon:BestAvailableRule",
}
DEFAULT_BUDGET_NS = 30.0
ZERO_ALLOC_BYTES = 0.01


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def alloc_per_op(entry):
    for name, metric in entry.get("secondaryMetrics", {}).items():
        if name.lstrip("\u00b7") == "gc.alloc.rate.norm":
            return number(metric.get("score"))
    return math.nan


def rows_of(results):
    rows = []
    for entry in results:
        params = entry.get("params", {})
        strategy = params.get("strategy", entry["benchmark"].rsplit(".", 1)[-1])
        primary = entry["primaryMetric"]
        ns, error, alloc = number(primary["score"]), number(primary["scoreError"]), alloc_per_op(entry)
        if strategy.startswith("ribbon:"):
            budget = "(peer)"
        else:
            limit = BUDGET_NS.get(strategy, DEFAULT_BUDGET_NS)
            ok = ns <= limit and alloc < ZERO_ALLOC_BYTES
            budget = ("ok" if ok else "MISS") + f" (<={limit:g} ns, 0 B)"
        rows.append({
            "strategy": strategy,
            "backends": int(params.get("backends", 0)),
            "threads": int(entry.get("threads", 1)),
            "ns": ns,
            "error": error,
            "alloc": alloc,
            "unit": primary.get("scoreUnit", ""),
            "budget": budget,
        })
    peers = {(r["strategy"], r["backends"], r["threads"]): r["ns"] for r in rows}
    for r in rows:
        peer = peers.get((PEER.get(r["strategy"]), r["backends"], r["threads"]))
        r["ratio"] = f"{r['ns'] / peer:.3g} x {PEER[r['strategy']][7:]}" if peer else ""
    rank = {name: i for i, name in enumerate(ORDER)}
    rows.sort(key=lambda r: (r["threads"], r["backends"], rank.get(r["strategy"], len(ORDER)), r["strategy"]))
    return rows


def cells(row):
    ns = "n/a" if math.isnan(row["ns"]) else f"{row['ns']:.2f}"
    error = "n/a" if math.isnan(row["error"]) else f"{row['error']:.2f}"
    alloc = "n/a" if math.isnan(row["alloc"]) else f"{row['alloc']:.3f}"
    return [row["strategy"], str(row["backends"]), str(row["threads"]), f"{ns} ± {error}", alloc,
            row.get("ratio", ""), row["budget"]]


HEADER = ["strategy", "backends", "threads", "ns/op ± error", "B/op", "vs Ribbon (same run)", "budget"]
RIGHT = [False, True, True, True, True, False, False]


def text_table(rows):
    table = [HEADER] + [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    out = []
    previous = None
    for n, line in enumerate(table):
        group = None if n == 0 else (rows[n - 1]["threads"], rows[n - 1]["backends"])
        if n > 1 and group != previous:
            out.append("")
        previous = group
        out.append("  ".join(c.rjust(w) if right else c.ljust(w)
                             for c, w, right in zip(line, widths, RIGHT)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table(rows, results):
    first = results[0] if results else {}
    setup = (f"JMH {first.get('jmhVersion', '?')}, {first.get('vmName', '?')} {first.get('vmVersion', '?')}, "
             f"{first.get('forks', '?')} fork(s), {first.get('warmupIterations', '?')} x "
             f"{first.get('warmupTime', '?')} warm-up, {first.get('measurementIterations', '?')} x "
             f"{first.get('measurementTime', '?')} measurement, `-prof gc`")
    out = [setup, "", "| " + " | ".join(HEADER) + " |",
           "|" + "|".join("---:" if right else "---" for right in RIGHT) + "|"]
    for row in rows:
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells(row)) + " |")
    return "\n".join(out)


def main(argv):
    markdown = "--markdown" in argv
    paths = [a for a in argv if a != "--markdown"]
    if len(paths) != 1:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(paths[0], encoding="utf-8") as f:
        results = json.load(f)
    if not results:
        sys.exit(f"{paths[0]} holds no results: every benchmark run failed")
    rows = rows_of(results)
    print(markdown_table(rows, results) if markdown else text_table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])

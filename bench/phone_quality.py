#!/usr/bin/env python3
"""Precision and recall of the phone analysis per kind, on generator seeds not used for tuning
(issue 18). Not a test: it prints a table for docs/benchmarks.md.

    DJANGO_SETTINGS_MODULE=councilguard.settings .venv/bin/python bench/phone_quality.py \
        --seeds 8 9 10 --lines 60 --months 14
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from datetime import date

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[8, 9, 10])
    parser.add_argument("--lines", type=int, default=60)
    parser.add_argument("--months", type=int, default=14)
    parser.add_argument(
        "--spread-multiple", type=float, help="the own-pattern variation multiple to try"
    )
    parser.add_argument(
        "--spread-floor-percent", type=float, help="the variation's floor (%% of the median)"
    )
    args = parser.parse_args()
    django.setup()
    from dataclasses import replace

    from councilguard.phones.analysis import Thresholds, analyse
    from councilguard.phones.generator import generate
    from councilguard.phones.quality import context_for, score

    thresholds = Thresholds()
    if args.spread_multiple is not None:
        thresholds = replace(thresholds, spread_multiple=args.spread_multiple)
    if args.spread_floor_percent is not None:
        thresholds = replace(thresholds, spread_floor_percent=args.spread_floor_percent)
    print(
        f"variation multiple {thresholds.spread_multiple:g}, "
        f"floor {thresholds.spread_floor_percent:g}% of the median"
    )
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for seed in args.seeds:
        bills = generate(
            lines=args.lines,
            months=args.months,
            lines_per_line_month=80,
            first_month=date(2025, 1, 1),
            seed=seed,
        )
        result = analyse(bills.records, context_for(bills, thresholds))
        figures = score(result.findings, bills.truth, bills.normal_people)
        normal = figures.pop("on_normal_people")
        figures.pop("on_normal_months")
        print(f"seed {seed}: findings on people with normal months: {normal}")
        totals["normal"]["findings"] += normal
        anomalies = {(t["person"], t["month"]) for t in bills.truth}
        for finding in result.findings:
            if (finding.person, finding.month) not in anomalies:
                kind = bills.variability[finding.person]
                totals["normal by kind"][kind] += 1
                print(f"    on a normal month of a {kind} person: {finding.sentence}")
        rises = {(t["person"], t["month"]) for t in bills.truth if t.get("variant")}
        found = {(f.person, f.month) for f in result.findings if "own" in f.baselines}
        totals["steady rises"]["expected"] += len(rises)
        totals["steady rises"]["found"] += len(rises & found)
        for kind, counts in figures.items():
            print(
                f"  {kind}: precision {counts['precision']:.2f} ({counts['right']}/"
                f"{counts['findings']}), recall {counts['recall']:.2f} ({counts['found']}/"
                f"{counts['expected']})"
            )
            for key in ("findings", "right", "expected", "found"):
                totals[kind][key] += counts[key]
    print("all seeds:")
    for kind, counts in totals.items():
        if kind == "normal":
            print(f"  findings on people with normal months: {counts['findings']}")
            continue
        if kind == "normal by kind":
            print(f"  findings on normal months, by the person's kind: {dict(counts)}")
            continue
        if kind == "steady rises":
            print(f"  steady rises found: {counts['found']}/{counts['expected']}")
            continue
        precision = counts["right"] / counts["findings"] if counts["findings"] else 1.0
        recall = counts["found"] / counts["expected"] if counts["expected"] else 1.0
        print(
            f"  {kind}: precision {precision:.2f} ({counts['right']}/{counts['findings']}), "
            f"recall {recall:.2f} ({counts['found']}/{counts['expected']})"
        )


if __name__ == "__main__":
    main()

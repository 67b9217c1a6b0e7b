#!/usr/bin/env python3
"""Precision and recall of the e-mail and sign-in rules (issue 19) on generated weeks with
many cases per rule: for each seed, ``mail.generator.quality_week`` writes a message trace
(``Get-MessageTrace | Export-Csv``), an Entra portal sign-ins CSV and a truth file (each
person, what they did and the findings it should give); the exports are read by the parsers
and put through the rules on DuckDB as the analysis does, and every finding is checked
against the truth. Not a test: it prints the table for docs/benchmarks.md
(``mail/tests/test_quality.py`` checks one seed).

    DJANGO_SETTINGS_MODULE=councilguard.settings PYTHONPATH=src \\
        .venv/bin/python bench/mail_quality.py --seeds 1 2 3 [--out DIR] [--busy-clerks 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--per-rule", type=int, default=6)
    parser.add_argument("--below", type=int, default=4)
    parser.add_argument("--busy-clerks", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write each seed's exports and truth file here")
    args = parser.parse_args()

    import django

    django.setup()
    from councilguard.mail import generator
    from councilguard.mail.labels import LABELS

    totals = {rule: [0, 0, 0] for rule in generator.RULE_KINDS}
    wrong = []
    for seed in args.seeds:
        week = generator.quality_week(
            seed, per_rule=args.per_rule, below=args.below, busy_clerks=args.busy_clerks
        )
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"trace-{seed}.csv").write_text(week.trace_csv())
            (args.out / f"signins-{seed}.csv").write_text(week.signins_csv())
            (args.out / f"truth-{seed}.csv").write_text(week.truth_csv())
        found = generator.quality_findings(week)
        cases = {c.person: c for c in week.cases}
        print(
            f"seed {seed}: {len(week.cases)} people, {len(week.messages):,} messages, "
            f"{len(week.signins):,} sign-ins, {len(found)} findings"
        )
        for rule, s in generator.score(week, found).items():
            total = totals[rule]
            total[0] += s.expected
            total[1] += s.found
            total[2] += s.right
            print(f"  {rule:30} expected {s.expected:3} found {s.found:3} right {s.right:3}")
        for person, rule in sorted(found - week.truth):
            wrong.append(f"seed {seed}: {rule} on a case of {cases[person].rule}: "
                         f"{cases[person].what}")  # fmt: skip
        for person, rule in sorted(week.truth - found):
            wrong.append(f"seed {seed}: {rule} missed: {cases[person].what}")
    print("\n| rule | expected | found | right | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for rule, (expected, found, right) in totals.items():
        precision = f"{right / found:.2f}" if found else "-"
        recall = f"{right / expected:.2f}" if expected else "-"
        name = LABELS.get(rule, rule)
        print(f"| {name} | {expected} | {found} | {right} | {precision} | {recall} |")
    print("\n".join(["", "wrong:"] + wrong) if wrong else "\nno finding wrong or missed")


if __name__ == "__main__":
    main()

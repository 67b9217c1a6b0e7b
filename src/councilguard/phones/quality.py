"""Precision and recall of the analysis against a generated bill's truth (issue 6, part 6)."""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from councilguard.people.patterns import parse_pattern
from councilguard.phones.analysis import Context, FindingData, Thresholds, spans_frame
from councilguard.phones.canonical import start_of_day
from councilguard.phones.generator import GeneratedBills

# Finding kind -> the truth kinds that make it right. A one-month spike is also far above the
# peers, so a peer-pattern finding on it is right too.
ACCEPTS = {
    "own_pattern": {"own_spike"},
    "peer_pattern": {"peer_outlier", "own_spike"},
    "premium_rate": {"premium_rate"},
    "international": {"international"},
    "out_of_hours": {"out_of_hours"},
}
# Truth kind -> the finding kind that must find it.
EXPECTS = {
    "own_spike": "own_pattern",
    "peer_outlier": "peer_pattern",
    "premium_rate": "premium_rate",
    "international": "international",
    "out_of_hours": "out_of_hours",
}


def context_for(bills: GeneratedBills, thresholds: Thresholds | None = None) -> Context:
    """The analysis context the generated roster and directory describe."""

    def utc(day):
        # A holding from a date starts at that date's UK midnight, as the identities import
        # and the generator (which works in bill time) take it.
        return None if day is None else start_of_day(day)

    holders = pl.DataFrame(
        {
            "number": [h.number for h in bills.holders],
            "person": [h.key for h in bills.holders],
            "valid_from": [utc(h.holds_from) for h in bills.holders],
            "valid_to": [utc(h.holds_to) for h in bills.holders],
        },
        schema={
            "number": pl.String,
            "person": pl.String,
            "valid_from": pl.Datetime("us", "UTC"),
            "valid_to": pl.Datetime("us", "UTC"),
        },
    )
    people = pl.DataFrame(
        {
            "person": [h.key for h in bills.holders],
            "name": [h.name for h in bills.holders],
            "peer_group": [h.peer_group for h in bills.holders],
        }
    )
    spans = spans_frame({h.key: parse_pattern(h.working_pattern) for h in bills.holders})
    return Context(
        holders=holders,
        people=people,
        spans=spans,
        business_numbers=[n for n, _ in bills.directory],
        thresholds=thresholds or Thresholds(),
    )


def finding_kinds(finding: FindingData) -> list[str]:
    if finding.kind == "high_usage":
        return [f"{b}_pattern" for b in finding.baselines]
    return [finding.kind]


def score(findings: list[FindingData], truth: list[dict], normal_people: list[str]) -> dict:
    """Per kind: findings, right, precision, recall; and findings on normal people."""
    truth_by = defaultdict(set)
    for t in truth:
        truth_by[(t["person"], t["month"])].add(t["kind"])
    found = defaultdict(set)
    # A seasonal traveller's first trip is a real rise that nothing yet marks as their season:
    # a finding on it is neither required nor wrong, so it is left out of the counts (the next
    # year's trip is a normal month).
    first_trips = {(t["person"], t["month"]) for t in truth if t["kind"] == "first_trip"}
    findings = [f for f in findings if (f.person, f.month) not in first_trips]
    for f in findings:
        for kind in finding_kinds(f):
            found[kind].add((f.person, f.month))
    result = {}
    for kind, accepted in ACCEPTS.items():
        made = found[kind]
        right = {k for k in made if truth_by.get(k, set()) & accepted}
        wanted = {(t["person"], t["month"]) for t in truth if EXPECTS.get(t["kind"]) == kind}
        hit = wanted & made
        result[kind] = {
            "findings": len(made),
            "right": len(right),
            "expected": len(wanted),
            "found": len(hit),
            "precision": len(right) / len(made) if made else 1.0,
            "recall": len(hit) / len(wanted) if wanted else 1.0,
        }
    normal = set(normal_people)
    result["on_normal_people"] = sum(1 for f in findings if f.person in normal)
    # Any finding about a month that is no anomaly, normal people's or not.
    result["on_normal_months"] = sum(1 for f in findings if not truth_by.get((f.person, f.month)))
    return result

"""Run the rules over a council's events and keep its findings up to date (C11, C18).

Findings are per person, rule and calendar week (Monday to Sunday), so running the analysis
again, over any range, updates the same findings instead of adding new ones; a finding's review
is never undone by a re-run. Each finding explains itself in one sentence with its numbers and
cites the clause it applies.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import ibis
import pyarrow as pa
from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core import calendar as calendar_days
from councilguard.core.models import Council
from councilguard.monitoring import categories, eventstore, rules, withdrawal
from councilguard.monitoring.models import (
    BatchStatus,
    CategoryMeaning,
    DomainRule,
    Finding,
    IngestBatch,
    MonitoringSettings,
    Severity,
    SourceKind,
)
from councilguard.people.models import Person
from councilguard.people.patterns import PatternError, parse_pattern
from councilguard.privacy import protection


@dataclass
class AnalysisReport:
    events_files: int = 0
    raised: int = 0
    refreshed: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    findings: list[Finding] = field(default_factory=list)


def limits_for(council: Council) -> rules.Limits:
    stored = MonitoringSettings.objects.filter(council=council).first() or MonitoringSettings()
    return rules.Limits(
        visit_gap_minutes=stored.visit_gap_minutes,
        single_request_minutes=stored.single_request_minutes,
        personal_minutes_in_hours=stored.personal_minutes_in_hours,
        personal_minutes_per_day=stored.personal_minutes_per_day,
        personal_days_over=stored.personal_days_over,
        social_share_percent=float(stored.social_share_percent),
        personal_share_percent=float(stored.personal_share_percent),
        prohibited_min_requests=stored.prohibited_min_requests,
        prohibited_share_percent=float(stored.prohibited_share_percent),
    )


def host_meanings(council: Council, seen: list[tuple[str, str | None, str | None]]) -> list[dict]:
    """The meaning of each (host, category, alt_category) seen: the council's own entry for
    the host or its nearest parent first, then the meaning of its category; and the meaning of
    its alternative category. Business sites are left out."""
    rules_by_domain = dict(
        DomainRule.objects.filter(council=council).values_list("domain", "meaning")
    )
    by_category = categories.meanings_by_name(
        CategoryMeaning.objects.filter(council=council).values_list("category", "meaning")
    )
    rows: list[dict] = []
    sites: dict[str, int] = {}
    for host, category, alternative in seen:
        own = None
        labels = (host or "").split(".")
        for i in range(len(labels)):
            own = rules_by_domain.get(".".join(labels[i:]))
            if own:
                break
        meaning = own or by_category.get(categories.meaning_key(category))
        # The council's own entry settles an ambiguous listing.
        alt_meaning = None if own else by_category.get(categories.meaning_key(alternative))
        if (meaning and meaning != "business") or alt_meaning == "prohibited":
            rows.append(
                {
                    "id": len(rows),
                    "site": sites.setdefault(host, len(sites)),
                    "host": host,
                    "category": category or "",
                    "alt_category": alternative or "",
                    "meaning": meaning if meaning != "business" else None,
                    "alt_meaning": alt_meaning,
                }
            )
    return rows


def working_hours(council: Council) -> tuple[list[dict], dict[int, int]]:
    """People's working spans as rows, and how many days a week each works."""
    rows, days = [], {}
    for pk, pattern in Person.objects.filter(council=council).values_list("pk", "working_pattern"):
        try:
            spans = parse_pattern(pattern or "")
        except PatternError:
            spans = []
        for span in spans:
            rows.append(
                {
                    "person_id": pk,
                    "weekday": span.weekday,
                    "start": span.starts.hour * 60 + span.starts.minute,
                    "end": span.ends.hour * 60 + span.ends.minute,
                }
            )
        days[pk] = len({span.weekday for span in spans})
    return rows, days


HOURS_SCHEMA = {"person_id": "int32", "weekday": "int8", "start": "int16", "end": "int16"}
MEANINGS_SCHEMA = {
    "id": "int32",
    "site": "int32",
    "host": "string",
    "category": "string",
    "alt_category": "string",
    "meaning": "string",
    "alt_meaning": "string",
}


HOLIDAYS_SCHEMA = {"holiday": "date"}


def bank_holidays_of(council: Council, paths: list) -> list[date]:
    """The council's bank holidays (its region, C11 settings) over the years of the day
    folders read (``.../day=YYYY-MM-DD/<batch>.parquet``)."""
    stored = MonitoringSettings.objects.filter(council=council).first() or MonitoringSettings()
    years = {int(path.parent.name[4:8]) for path in paths}
    return calendar_days.bank_holidays(stored.bank_holiday_region, years)


def _memtable(rows: list[dict], schema: dict[str, str]):
    # Through Arrow: a list of dicts would go through pandas, a second's import for nothing.
    arrow = pa.Table.from_pylist(rows, schema=ibis.schema(schema).to_pyarrow())
    return ibis.memtable(arrow)


def _read_with_batch(con, paths: list):
    """The events of the files, each with ``batch``: its batch's place among the batches read
    (by batch id), the same number on every engine, so that ties in time are broken the same
    way (rules.time_on_sites)."""
    ordinal = {stem: i for i, stem in enumerate(sorted({p.stem for p in paths}))}
    return ibis.union(
        *(
            con.read_parquet(str(p)).mutate(batch=ibis.literal(ordinal[p.stem], "int32"))
            for p in paths
        ),
        distinct=False,
    )


def evaluate(
    council: Council,
    kind: str,
    start: date | None,
    end: date | None,
    con=None,
) -> tuple[dict[str, list[dict]], int]:
    """Rows of each rule for one source kind, computed by ``con`` (DuckDB unless given)."""
    # A day either side: a visit that crosses midnight at an edge (rules.evaluate); and
    # files are per UTC day, local days start an hour earlier in summer.
    margin = timedelta(days=1)
    paths = eventstore.files(council, kind, start and start - 2 * margin, end and end + 2 * margin)
    if not paths:
        return {}, 0
    con = con or ibis.duckdb.connect()
    events = _read_with_batch(con, paths)
    if start:
        events = events.filter(events.local_date >= start - margin)
    if end:
        events = events.filter(events.local_date <= end + margin)
    events = events.mutate(
        category=events.category.fill_null(""), alt_category=events.alt_category.fill_null("")
    )
    # Sites protected for everyone or for a person (A "Monitoring of Personal
    # Communications", C18) are left out before any rule sees them: no finding rests on them.
    shielded = protection.web_protected_ibis(events, protection.protected_in(council))
    if shielded is not None:
        events = events.filter(~shielded)
    seen = eventstore.hosts(council, kind)
    if seen is None:
        distinct = con.to_pyarrow(events.select("host", "category", "alt_category").distinct())
        seen = [(r["host"], r["category"], r["alt_category"]) for r in distinct.to_pylist()]
    meanings = host_meanings(council, seen)
    hours, _ = working_hours(council)
    meaning_table = _memtable(meanings, MEANINGS_SCHEMA)
    hours_table = _memtable(hours, HOURS_SCHEMA)
    holiday_table = _memtable(
        [{"holiday": day} for day in bank_holidays_of(council, paths)], HOLIDAYS_SCHEMA
    )
    marked = rules.classified(events, meaning_table, hours_table, holiday_table)
    # On DuckDB the classified events are computed once into a temporary table that every rule
    # reads (Ibis cannot yet cache a Spark query that reads in-memory tables).
    # (A temporary table of this connection, gone when it closes.)
    if con.name == "duckdb":
        marked = con.create_table(f"classified_{uuid.uuid4().hex}", marked, temp=True)
    results = rules.evaluate(marked, meaning_table, limits_for(council), start, end)
    if kind != SourceKind.PROXY:
        # DNS queries say a site was looked up, not how long it was used: only the
        # prohibited-content rule applies to them.
        results = {"prohibited": results["prohibited"], "volumes": results["volumes"]}
    return {name: con.to_pyarrow(table).to_pylist() for name, table in results.items()}, len(paths)


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _category_words(stored: str) -> str:
    """A category as a finding names it: a vendor's says whose rating it is (issue 23); one of
    the shared lists reads as before."""
    if not stored:
        return "own list"
    vendor, name = categories.split_category(stored)
    return f"{name} ({categories.VENDORS[vendor]})" if vendor else name


def _proposals(
    kind: str, rows: dict[str, list[dict]], limits: rules.Limits, workdays: dict[int, int]
) -> list[dict]:
    """Finding contents (person, rule, week, severity, sentence, evidence) from rule rows."""
    prefix = "web" if kind == SourceKind.PROXY else kind
    volume = {(r["person_id"], r["week"]): r for r in rows.get("volumes", [])}
    proposals = []
    grouped: dict[tuple[int, date], list[dict]] = defaultdict(list)
    for row in rows.get("prohibited", []):
        grouped[(row["person_id"], row["week"])].append(row)
    what = "requests" if kind == SourceKind.PROXY else "look-ups"
    for (person_id, week), items in grouped.items():
        requests = sum(i["requests"] for i in items)
        share = _share(requests, volume[(person_id, week)]["requests"])
        if requests < limits.prohibited_min_requests or share < limits.prohibited_share_percent:
            continue
        blocked = sum(i["blocked"] for i in items)
        days = max(i["days"] for i in items)
        cats = ", ".join(f"{_category_words(i['category'])} {i['requests']}" for i in items)
        proposals.append(
            {
                "person_id": person_id,
                "rule": rules.PROHIBITED.replace("web", prefix),
                "clause": rules.CLAUSES[rules.PROHIBITED],
                "week": week,
                "severity": Severity.HIGH if blocked < requests else Severity.MEDIUM,
                "summary": (
                    f"{requests} {what} to sites in prohibited categories ({cats}) on {days} "
                    f"day{'s' if days != 1 else ''}, {share:.1f}% of all {what}, {blocked} of "
                    f"them blocked (not permitted at any time, "
                    f"{rules.CLAUSES[rules.PROHIBITED]})"
                ),
                "evidence": {
                    "requests": requests,
                    "blocked": blocked,
                    "days": days,
                    "share_percent": round(share, 1),
                    "categories": {
                        categories.split_category(i["category"])[1] or "own list": i["requests"]
                        for i in items
                    },
                    # Which classification each category comes from (issue 23).
                    "classified_by": {
                        categories.split_category(i["category"])[1] or "own list": (
                            categories.classified_by(i["category"])
                            if i["category"]
                            else "the council's own list"
                        )
                        for i in items
                    },
                },
            }
        )
    for row in rows.get("weekly", []):
        person_id, week = row["person_id"], row["week"]
        worked = workdays.get(person_id, 0)
        counts = volume[(person_id, week)]
        social_share = _share(counts["social_in_hours_requests"], counts["in_hours_requests"])
        if (
            row["social_days"] >= limits.personal_days_over
            and social_share >= limits.social_share_percent
        ):
            proposals.append(
                {
                    "person_id": person_id,
                    "rule": rules.SOCIAL_IN_HOURS,
                    "clause": rules.CLAUSES[rules.SOCIAL_IN_HOURS],
                    "week": week,
                    "severity": Severity.MEDIUM,
                    "summary": (
                        f"{_minutes(row['social_seconds'])} on social networks during working "
                        f"hours on {row['social_days']} of {worked} working days, "
                        f"{social_share:.0f}% of browsing in working hours (limit: none in "
                        f"working hours, {rules.CLAUSES[rules.SOCIAL_IN_HOURS]})"
                    ),
                    "evidence": {
                        "minutes": round(row["social_seconds"] / 60),
                        "days": row["social_days"],
                        "working_days": worked,
                        "share_percent": round(social_share, 1),
                    },
                }
            )
        personal_share = _share(counts["personal_in_hours_requests"], counts["in_hours_requests"])
        if (
            row["personal_in_days_over"] >= limits.personal_days_over
            and personal_share >= limits.personal_share_percent
        ):
            proposals.append(
                {
                    "person_id": person_id,
                    "rule": rules.PERSONAL_IN_HOURS,
                    "clause": rules.CLAUSES[rules.PERSONAL_IN_HOURS],
                    "week": week,
                    "severity": Severity.LOW,
                    "summary": (
                        f"{_minutes(row['personal_in_seconds'])} of personal browsing during "
                        f"working hours, over {limits.personal_minutes_in_hours} minutes on "
                        f"{row['personal_in_days_over']} of {worked} working days, "
                        f"{personal_share:.0f}% of browsing in working hours (limit: "
                        f"{limits.personal_minutes_in_hours} minutes a day, "
                        f"{rules.CLAUSES[rules.PERSONAL_IN_HOURS]})"
                    ),
                    "evidence": {
                        "minutes": round(row["personal_in_seconds"] / 60),
                        "days_over": row["personal_in_days_over"],
                        "working_days": worked,
                        "share_percent": round(personal_share, 1),
                    },
                }
            )
        if row["personal_out_days_over"] >= limits.personal_days_over:
            proposals.append(
                {
                    "person_id": person_id,
                    "rule": rules.PERSONAL_OUT_OF_HOURS,
                    "clause": rules.CLAUSES[rules.PERSONAL_OUT_OF_HOURS],
                    "week": week,
                    "severity": Severity.LOW,
                    "summary": (
                        f"{_minutes(row['personal_out_seconds'])} of personal browsing outside "
                        f"working hours, over {limits.personal_minutes_per_day} minutes on "
                        f"{row['personal_out_days_over']} days (limit: "
                        f"{limits.personal_minutes_per_day} minutes a day, "
                        f"{rules.CLAUSES[rules.PERSONAL_OUT_OF_HOURS]})"
                    ),
                    "evidence": {
                        "minutes": round(row["personal_out_seconds"] / 60),
                        "days_over": row["personal_out_days_over"],
                    },
                }
            )
    return proposals


@dataclass
class Proposals:
    """What the rules would make of a council's events (no database writes)."""

    findings: list[dict]
    files: int
    # (kind, person id, week) that had events in the analysis: where a finding the rules no
    # longer make can be withdrawn (a week whose events retention deleted is not among them).
    covered: set[tuple[str, int, date]]


def proposals_for(
    council: Council, start: date | None = None, end: date | None = None, con=None
) -> tuple[list[dict], int]:
    """Every finding the rules would make (no database writes): the engines' parity check
    compares these."""
    made = _propose(council, start, end, con)
    return made.findings, made.files


def _propose(council: Council, start: date | None, end: date | None, con) -> Proposals:
    _, workdays = working_hours(council)
    limits = limits_for(council)
    made = Proposals([], 0, set())
    for kind in (SourceKind.PROXY, SourceKind.DNS):
        rows, count = evaluate(council, kind, start, end, con=con)
        made.files += count
        made.findings += [{**p, "kind": kind} for p in _proposals(kind, rows, limits, workdays)]
        made.covered |= {(kind, r["person_id"], r["week"]) for r in rows.get("volumes", [])}
    made.findings.sort(key=lambda p: (p["person_id"], p["rule"], p["week"]))
    return made


@transaction.atomic
def analyse(
    council: Council,
    start: date | None = None,
    end: date | None = None,
    *,
    actor: Actor,
    con=None,
) -> AnalysisReport:
    batches_before = list(_web_batches(council).values_list("pk", flat=True))
    made = _propose(council, start, end, con)
    proposals = made.findings
    report = AnalysisReport(events_files=made.files)
    now = timezone.now()
    existing = {
        (f.person_id, f.rule_kind, f.period_start): f
        for f in Finding.objects.select_for_update().filter(
            council=council, rule_kind__in={p["rule"] for p in proposals}
        )
    }
    pending: list[audit.Pending] = []
    for p in proposals:
        week = p["week"]
        found = existing.get((p["person_id"], p["rule"], week))
        if found is None:
            found = Finding.objects.create(
                council=council,
                person_id=p["person_id"],
                source_kind=p["kind"],
                rule_kind=p["rule"],
                clause_reference=p["clause"],
                period_start=week,
                period_end=week + timedelta(days=6),
                severity=p["severity"],
                summary=p["summary"],
                evidence=p["evidence"],
                found_at=now,
                updated_at=now,
            )
            report.raised += 1
            pending.append(
                audit.Pending(
                    Event.FINDING_RAISED,
                    actor,
                    found,
                    changes={"rule": p["rule"], "clause": p["clause"], "summary": p["summary"]},
                )
            )
        elif withdrawal.reopen(found) or (found.summary, found.evidence, found.severity) != (
            p["summary"],
            p["evidence"],
            p["severity"],
        ):
            before = found.summary
            found.summary, found.evidence, found.severity = (
                p["summary"],
                p["evidence"],
                p["severity"],
            )
            found.updated_at = now
            found.save(update_fields=["status", "summary", "evidence", "severity", "updated_at"])
            report.refreshed += 1
            pending.append(
                audit.Pending(
                    Event.FINDING_REFRESHED,
                    actor,
                    found,
                    changes={"before": before, "after": p["summary"], "status": found.status},
                )
            )
        else:
            report.unchanged += 1
        report.findings.append(found)
    # Hundreds of findings at a time: their entries go into the chain together.
    audit.record_many(council, pending)
    report.withdrawn = _withdraw(council, made, start, end, actor=actor)
    if start is None and end is None:
        # Everything was read: every batch committed before the run is analysed.
        _mark_analysed(council, batches_before, now)
    audit.record(
        council,
        Event.FINDINGS_ANALYSED,
        actor=actor,
        target=council,
        changes={
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "files": made.files,
            "raised": report.raised,
            "refreshed": report.refreshed,
            "unchanged": report.unchanged,
            "withdrawn": report.withdrawn,
        },
    )
    return report


def _withdraw(council: Council, made: Proposals, start, end, *, actor: Actor) -> int:
    """Withdraws the open findings of weeks this analysis saw whole that it no longer makes."""
    analysed = Finding.objects.filter(
        council=council, source_kind__in=[SourceKind.PROXY, SourceKind.DNS]
    )
    if start:
        analysed = analysed.filter(period_start__gte=start)
    if end:
        analysed = analysed.filter(period_end__lte=end)
    found = {(p["person_id"], p["rule"], p["week"]) for p in made.findings}
    return withdrawal.withdraw_unfound(
        council,
        analysed,
        found,
        covered=lambda f: (f.source_kind, f.person_id, f.period_start) in made.covered,
        actor=actor,
    )


# --- incremental analysis: the weeks new batches touched -------------------------------------


def _web_batches(council: Council):
    return IngestBatch.objects.filter(
        council=council,
        source__kind__in=[SourceKind.PROXY, SourceKind.DNS],
        status=BatchStatus.COMMITTED,
    )


def weeks_to_analyse(council: Council) -> tuple[list[int], list[date]]:
    """The committed web and DNS batches not analysed yet, and the Mondays of the weeks their
    events fall in. A batch's files are per UTC day and a UK local day can be the next UTC
    day's first hour, so each UTC day counts for its own week and the next day's."""
    pending = list(_web_batches(council).filter(analysed_at__isnull=True).values_list("pk", "days"))
    mondays = set()
    for _, days in pending:
        for text in days or []:
            day = date.fromisoformat(text)
            for local in (day, day + timedelta(days=1)):
                mondays.add(local - timedelta(days=local.weekday()))
    return [pk for pk, _ in pending], sorted(mondays)


def _runs(mondays: list[date]) -> list[tuple[date, date]]:
    """Consecutive weeks as (first Monday, last Sunday) ranges."""
    runs: list[tuple[date, date]] = []
    for monday in mondays:
        if runs and runs[-1][1] + timedelta(days=1) == monday:
            runs[-1] = (runs[-1][0], monday + timedelta(days=6))
        else:
            runs.append((monday, monday + timedelta(days=6)))
    return runs


@transaction.atomic
def analyse_new(council: Council, *, actor: Actor, con=None) -> AnalysisReport:
    """Analyses only the weeks that batches not yet analysed touched (whole weeks, so the
    findings are those a run over everything would make) and marks those batches analysed.
    With nothing new it reads nothing and records nothing. A change of thresholds, lists or
    working patterns needs a full run (``analyse`` without a range; ``analyse --all``)."""
    pending, mondays = weeks_to_analyse(council)
    total = AnalysisReport()
    for first, last in _runs(mondays):
        report = analyse(council, first, last, actor=actor, con=con)
        total.events_files += report.events_files
        total.raised += report.raised
        total.refreshed += report.refreshed
        total.unchanged += report.unchanged
        total.withdrawn += report.withdrawn
        total.findings += report.findings
    _mark_analysed(council, pending, timezone.now())
    return total


def _mark_analysed(council: Council, batch_ids: list[int], when) -> None:
    IngestBatch.objects.filter(council=council, pk__in=batch_ids).update(analysed_at=when)

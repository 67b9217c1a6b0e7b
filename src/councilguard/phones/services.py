"""Change phone-bill monitoring (C13): profiles, the business directory, people's own personal
numbers, bill imports, the analysis, reviews, explanations and agreed personal use. Pages, the
API and the command line all come through here; each change is audited in its transaction."""

from __future__ import annotations

import calendar
import hashlib
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.calendar import DEFAULT_REGION
from councilguard.core.csvkit import Problem
from councilguard.core.limits import apply_within_limits
from councilguard.core.models import Council
from councilguard.devices.models import Assignment, DeviceKind
from councilguard.monitoring import withdrawal
from councilguard.monitoring.ingest import IngestError
from councilguard.monitoring.models import (
    BatchStatus,
    Finding,
    FindingStatus,
    Identity,
    IdentityKind,
    IngestBatch,
    MonitoringSettings,
    MonitoringSource,
    Severity,
    SourceKind,
)
from councilguard.people.models import Person
from councilguard.people.patterns import PatternError, parse_pattern
from councilguard.phones import judged, numbers, recovery, store
from councilguard.phones.canonical import read_bill
from councilguard.phones.labels import METRIC_LABELS
from councilguard.phones.models import (
    BusinessKind,
    BusinessNumber,
    CarrierProfile,
    PersonalNumber,
    PersonalUseItem,
    PhoneSettings,
    UsageMonth,
)
from councilguard.phones.profiles import (  # noqa: F401 (Profile, validate: for callers)
    BUILT_IN,
    Profile,
    ProfileError,
    from_json,
    validate,
)
from councilguard.privacy import protection

if TYPE_CHECKING:
    from councilguard.phones.analysis import Analysis, Context, FindingData, Thresholds

# The analysis (Ibis, DuckDB) is imported where it runs: a bill's import loads it in a thread
# while Polars reads the bill, and pages that never analyse never load it.

SOURCE = SourceKind.PHONE
MAX_BILL_BYTES = 200 * 1024 * 1024
RULE_PREFIX = "phone_"


class PhoneError(ValueError):
    """A change that cannot be made; the message says why, in plain words."""


def settings_for(council: Council) -> PhoneSettings:
    return PhoneSettings.objects.get_or_create(council=council)[0]


def thresholds_for(council: Council) -> Thresholds:
    from councilguard.phones.analysis import Thresholds

    s = settings_for(council)
    return Thresholds(
        history_months=s.history_months,
        min_history=s.min_history,
        ratio=float(s.ratio),
        spread_multiple=float(s.spread_multiple),
        spread_floor_percent=s.spread_floor_percent,
        peer_ratio=float(s.peer_ratio),
        min_peers=s.min_peers,
        floor_calls=s.floor_calls,
        floor_minutes=s.floor_minutes,
        floor_texts=s.floor_texts,
        floor_data_bytes=s.floor_data_mb * 1024**2,
        floor_cost_pence=s.floor_cost_pence,
        international_min_minutes=s.international_min_minutes,
        long_call_minutes=s.long_call_minutes,
        long_calls_out_of_hours=s.long_calls_out_of_hours,
    )


# What a clerk may set, and within what bounds (a ratio of 1 would make every month above the
# median "high"; a history longer than the event store keeps would never be met).
SETTINGS_LIMITS: dict[str, tuple[Any, Any]] = {
    "history_months": (3, 24),
    "min_history": (1, 24),
    "ratio": (Decimal("1.5"), Decimal("20")),
    "spread_multiple": (Decimal("2"), Decimal("20")),
    "spread_floor_percent": (1, 100),
    "peer_ratio": (Decimal("1.5"), Decimal("20")),
    "min_peers": (2, 100),
    "floor_calls": (0, 10_000),
    "floor_minutes": (0, 100_000),
    "floor_texts": (0, 10_000),
    "floor_data_mb": (0, 1_000_000),
    "floor_cost_pence": (0, 1_000_000),
    "international_min_minutes": (0, 1_000),
    "long_call_minutes": (1, 600),
    "long_calls_out_of_hours": (1, 100),
    "bundle_data_gb": (0, 10_000),
}


@transaction.atomic
def update_settings(council: Council, values: dict[str, Any], *, actor: Actor) -> bool:
    """Change the council's phone thresholds; return whether anything changed. They apply
    from the next analysis (the next bill, or ``councilguard phones analyse --all``)."""
    current = PhoneSettings.objects.select_for_update().get(pk=settings_for(council).pk)
    changed = apply_within_limits(current, values, SETTINGS_LIMITS, PhoneError)
    changes = {name: [str(before), str(after)] for name, (before, after) in changed.items()}
    if current.min_history > current.history_months:
        raise PhoneError("the months of history needed cannot be more than the months compared")
    if not changes:
        return False
    current.save()
    audit.record(
        council, Event.PHONE_SETTINGS_CHANGED, actor=actor, target=current, changes=changes
    )
    return True


# --- profiles ---


def profile_names(council: Council) -> list[str]:
    stored = CarrierProfile.objects.in_council(council).values_list("name", flat=True)
    return sorted(set(BUILT_IN) | set(stored))


def profile_for(council: Council, name: str) -> Profile:
    if name in BUILT_IN:
        return BUILT_IN[name]
    row = CarrierProfile.objects.in_council(council).filter(name=name).first()
    if row is None:
        raise PhoneError(
            f"no profile called {name!r} (there are: {', '.join(profile_names(council))})"
        )
    return from_json(row.definition)


@transaction.atomic
def save_profile(council: Council, profile: Profile, *, actor: Actor) -> CarrierProfile:
    """Add a profile or replace the one of the same name."""
    try:
        profile = validate(profile)
    except ProfileError as error:
        raise PhoneError(str(error)) from None
    if profile.name in BUILT_IN:
        raise PhoneError(f"{profile.name!r} is a built-in profile; choose another name")
    definition = profile.to_json()
    row = (
        CarrierProfile.objects.select_for_update()
        .filter(council=council, name=profile.name)
        .first()
    )
    if row is None:
        row = CarrierProfile.objects.create(
            council=council, name=profile.name, definition=definition
        )
        changes = {"created": profile.name}
    elif row.definition == definition:
        return row
    else:
        changes = {
            key: [row.definition.get(key), value]
            for key, value in definition.items()
            if row.definition.get(key) != value
        }
        row.definition = definition
        row.save(update_fields=["definition", "updated_at"])
    audit.record(council, Event.PHONE_PROFILE_SAVED, actor=actor, target=row, changes=changes)
    return row


# --- the business directory and people's own numbers ---


def _normalised(number: str) -> str:
    value = numbers.normalise(number)
    if not value or len(value) > 30:
        raise PhoneError(f"{number!r} is not a telephone number")
    return value


@transaction.atomic
def add_business_number(
    council: Council, number: str, label: str, *, kind: str = BusinessKind.OTHER, actor: Actor
) -> BusinessNumber:
    value = _normalised(number)
    if not label.strip():
        raise PhoneError("say whose number it is")
    if kind not in BusinessKind.values:
        raise PhoneError(f"{kind!r} is not one of {', '.join(BusinessKind.values)}")
    try:
        with transaction.atomic():
            entry = BusinessNumber.objects.create(
                council=council, number=value, label=label.strip()[:200], kind=kind
            )
    except IntegrityError:
        raise PhoneError(f"{value} is already in the business directory") from None
    audit.record(
        council,
        Event.PHONE_BUSINESS_NUMBER_ADDED,
        actor=actor,
        target=entry,
        changes={"number": value, "label": entry.label, "kind": kind},
    )
    return entry


@transaction.atomic
def remove_business_number(entry: BusinessNumber, *, actor: Actor) -> None:
    audit.record(
        entry.council,
        Event.PHONE_BUSINESS_NUMBER_REMOVED,
        actor=actor,
        target=entry,
        changes={"number": entry.number, "label": entry.label},
    )
    entry.delete()


@transaction.atomic
def add_personal_number(person: Person, number: str, label: str, *, actor: Actor) -> PersonalNumber:
    value = _normalised(number)
    try:
        with transaction.atomic():
            entry = PersonalNumber.objects.create(
                council=person.council, person=person, number=value, label=label.strip()[:100]
            )
    except IntegrityError:
        raise PhoneError(f"{value} is already one of your personal numbers") from None
    audit.record(
        person.council,
        Event.PHONE_PERSONAL_NUMBER_ADDED,
        actor=actor,
        target=person,
        changes={"number": value},
    )
    return entry


@transaction.atomic
def remove_personal_number(entry: PersonalNumber, *, actor: Actor) -> None:
    audit.record(
        entry.council,
        Event.PHONE_PERSONAL_NUMBER_REMOVED,
        actor=actor,
        target=entry.person,
        changes={"number": entry.number},
    )
    entry.delete()


# --- bills ---


@dataclass
class BillReport:
    """What a bill import did, or (with problems) why it took nothing: the ingest receipt."""

    sha256: str
    file_name: str
    profile: str
    rows: int = 0
    accepted: int = 0
    unattributed: int = 0
    already_imported: bool = False
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    batch_id: str = ""
    days: list[str] = field(default_factory=list)
    seconds: float = 0.0
    findings_created: int = 0
    findings_updated: int = 0
    # Seconds per step: read and check, store, analyse (DESIGN 8: the receipt has timings).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def duplicate(self) -> bool:
        return self.already_imported

    def as_dict(self) -> dict[str, Any]:
        """In the shape of monitoring.ingest.Receipt.as_dict, plus the profile and findings."""
        return {
            "batch": self.batch_id,
            "file": self.file_name,
            "format": f"phone-bill:{self.profile}",
            "profile": self.profile,
            "sha256": self.sha256,
            "lines": self.rows,
            "accepted": self.accepted,
            "rejected": self.problem_count,
            "unattributed": self.unattributed,
            "days": self.days,
            "seconds": round(self.seconds, 3),
            "duplicate": self.already_imported,
            "rejected_lines": [{"line": p.line, "reason": p.message} for p in self.problems],
            "findings_raised": self.findings_created,
            "findings_refreshed": self.findings_updated,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def phone_source(council: Council) -> MonitoringSource:
    """The council's phone-bill source, refused until its purpose and basis are recorded (C18)."""
    source = MonitoringSource.objects.in_council(council).filter(kind=SOURCE).first()
    if source is None:
        raise PhoneError("phone bills are not a monitoring source of this council yet (C18)")
    missing = source.missing()
    if missing:
        raise PhoneError(f"the phone-bill source still needs: {', '.join(missing)} (C18)")
    return source


def import_bill(
    council: Council,
    content: bytes,
    *,
    file_name: str,
    profile_name: str = "canonical",
    actor: Actor,
    analyse_after: bool = True,
) -> BillReport:
    """Take a whole bill or nothing: parse it through the profile, write its lines to the event
    store as one batch with a receipt, and run the analysis. The same file twice is a no-op."""
    started = time.perf_counter()
    sha = hashlib.sha256(content).hexdigest()
    report = BillReport(sha256=sha, file_name=file_name[:255], profile=profile_name)
    source = phone_source(council)
    if len(content) > MAX_BILL_BYTES:
        raise PhoneError(f"a bill may be at most {MAX_BILL_BYTES // 1024 // 1024} MB")
    existing = IngestBatch.objects.filter(
        council=council, source=source, sha256=sha, status=BatchStatus.COMMITTED
    ).first()
    if existing is not None:
        report.already_imported = True
        report.batch_id = str(existing.public_id)
        report.rows = existing.lines
        report.accepted = existing.accepted
        return report
    profile = profile_for(council, profile_name)
    if analyse_after:
        # Load the analysis's engine while Polars reads the bill: imports hold the GIL on one
        # core; the reader works on both without it (a third of a second saved or more).
        threading.Thread(target=_load_analysis_modules, daemon=True).start()
    parsed = read_bill(content, profile)
    report.timings["read"] = time.perf_counter() - started
    report.rows = parsed.rows
    if not parsed.ok:
        report.problems = parsed.problems
        report.problem_count = parsed.problem_count
        return report
    records = parsed.records
    report.unattributed = unattributed_lines(records, context_for(council).holders)
    stored_from = time.perf_counter()
    staged = store.stage(council, records)
    batch_id = staged.batch_id
    try:
        with transaction.atomic():
            batch = IngestBatch.objects.create(
                council=council,
                public_id=batch_id,
                source=source,
                format=f"phone-bill:{profile.name}"[:30],
                file_name=report.file_name,
                sha256=sha,
                size_bytes=len(content),
                status=BatchStatus.COMMITTED,
                lines=parsed.rows,
                accepted=records.height,
                rejected=0,
                unattributed=report.unattributed,
                first_event_at=records["start_utc"].min() if records.height else None,
                last_event_at=records["start_utc"].max() if records.height else None,
                days=staged.days,
                seconds=time.perf_counter() - started,
                created_by_label=actor.label[:200],
            )
            report.days = staged.days
            audit.record(
                council,
                Event.EVENTS_INGESTED,
                actor=actor,
                target=batch,
                changes={
                    "file": batch.file_name,
                    "sha256": sha,
                    "lines": parsed.rows,
                    "accepted": records.height,
                    "rejected": 0,
                    "unattributed": report.unattributed,
                    "profile": profile.name,
                    "days": staged.days,
                },
            )
            staged.publish()
    except IntegrityError:
        # The same file committed by another import meanwhile.
        staged.discard()
        report.already_imported = True
        return report
    except BaseException:
        staged.discard()
        raise
    report.batch_id = str(batch_id)
    report.accepted = records.height
    if analyse_after:
        report.timings["store"] = time.perf_counter() - stored_from
        analysed_from, analysed_cpu = time.perf_counter(), time.process_time()
        # The months this bill (and any other not analysed yet) can change, not the history.
        outcome = analyse_new(council, actor=actor)
        report.timings["analyse"] = time.perf_counter() - analysed_from
        # CPU seconds of the process during the step: on a busy machine, what it cost.
        report.timings["analyse_cpu"] = time.process_time() - analysed_cpu
        if outcome is not None:
            report.findings_created, report.findings_updated = outcome.created, outcome.updated
    report.seconds = time.perf_counter() - started
    return report


def _load_analysis_modules() -> None:
    import ibis

    import councilguard.phones.analysis  # noqa: F401

    ibis.duckdb  # noqa: B018 (Ibis loads a backend on first use)


def unattributed_lines(records: pl.DataFrame, holders: pl.DataFrame) -> int:
    """How many bill lines no one held the number of at the time (only the three columns it
    needs go through the join)."""
    held = (
        records.lazy()
        .select("line", "line_number", "start_utc")
        .join(holders.lazy(), left_on="line_number", right_on="number", how="inner")
        .filter(
            (pl.col("start_utc") >= pl.col("valid_from"))
            & (pl.col("valid_to").is_null() | (pl.col("start_utc") < pl.col("valid_to")))
        )
        .select(pl.col("line").n_unique())
        .collect()
        .item()
    )
    return records.height - int(held)


# --- the analysis ---


def context_for(council: Council) -> Context:
    """Holders, people, working patterns and the directories of one council, as small tables."""
    rows: list[tuple[str, str, datetime, datetime | None]] = []
    identities = Identity.objects.in_council(council).filter(kind=IdentityKind.PHONE)
    by_identity = set()
    for identity in identities:
        number = numbers.normalise(identity.value)
        if number and number.startswith("+"):
            by_identity.add(number)
            rows.append((number, str(identity.person_id), identity.valid_from, identity.valid_to))
    assignments = (
        Assignment.objects.in_council(council)
        .filter(device__kind=DeviceKind.PHONE)
        .exclude(device__phone_number="")
        .select_related("device")
    )
    for assignment in assignments:
        number = numbers.normalise(assignment.device.phone_number)
        # A number with phone identities is attributed by them alone, never twice.
        if number and number.startswith("+") and number not in by_identity:
            rows.append(
                (number, str(assignment.person_id), assignment.issued_at, assignment.returned_at)
            )
    holders = pl.DataFrame(
        rows,
        schema={
            "number": pl.String,
            "person": pl.String,
            "valid_from": pl.Datetime("us", "UTC"),
            "valid_to": pl.Datetime("us", "UTC"),
        },
        orient="row",
    )
    people = list(Person.objects.in_council(council).select_related("peer_group"))
    spans = {}
    for person in people:
        try:
            spans[str(person.pk)] = parse_pattern(person.working_pattern)
        except PatternError:
            spans[str(person.pk)] = []
    from councilguard.phones.analysis import Context, spans_frame

    own = {
        numbers.normalise(n)
        for n in Assignment.objects.in_council(council)
        .filter(device__kind=DeviceKind.PHONE)
        .values_list("device__phone_number", flat=True)
        if n
    }
    business = set(BusinessNumber.objects.in_council(council).values_list("number", flat=True))
    personal = list(PersonalNumber.objects.in_council(council).values_list("person_id", "number"))
    return Context(
        holders=holders,
        people=pl.DataFrame(
            {
                "person": [str(p.pk) for p in people],
                "name": [p.full_name for p in people],
                "peer_group": [p.peer_group.name if p.peer_group else None for p in people],
            },
            schema={"person": pl.String, "name": pl.String, "peer_group": pl.String},
        ),
        spans=spans_frame(spans),
        business_numbers=sorted((business | own) - {None}),
        personal_numbers=pl.DataFrame(
            [(str(p), n) for p, n in personal],
            schema={"person": pl.String, "number": pl.String},
            orient="row",
        ),
        thresholds=thresholds_for(council),
        protected=protection.protected_in(council),
        region=MonitoringSettings.objects.filter(council=council)
        .values_list("bank_holiday_region", flat=True)
        .first()
        or DEFAULT_REGION,
    )


def run_analysis(council: Council, months: list[date] | None = None) -> Analysis:
    """The analysis over every committed bill of the council, or (``months``: first days) of
    those months alone, with the findings and summaries a run over everything would give them
    (reads only, records nothing).

    A month is judged against the person's previous months (up to ``history_months`` of them
    with bill lines), the same month a year earlier and their peers in the same month: the
    months looked at are those asked for and the year before them, going further back for
    anyone whose window is not full there but who held a number before it. The months asked
    for are read from their bill lines; the earlier ones from their monthly summaries' judged
    figures where those are whole and current (phones.judged), else from their lines."""
    from councilguard.phones.analysis import analyse

    context = context_for(council)
    key = judged.basis(context)
    if months is None:
        result = analyse(store.lines(council), context)
        result.basis = key
        return result
    months = sorted(set(months))
    history = context.thresholds.history_months
    # A year back as well: each month is also compared with the same month a year earlier
    # (the person's season, analysis.Thresholds.season_ratio).
    start = _add_months(months[0], -max(history, 12))
    earliest = store.first_day(council)
    firsts = _first_holdings(context.holders)
    with_lines = judged.months_with_lines(council)
    wanted = set(months)
    while True:
        span = _months_between(start, months[-1])
        earlier, summarised = judged.stored(
            council, [m for m in span if m not in wanted and m in with_lines], key
        )
        read = [m for m in span if m not in summarised]
        result = analyse(store.lines_of_months(council, read), context, earlier)
        if (
            earliest is None
            or start <= earliest
            or _history_complete(result.monthly, months, start, history, firsts)
        ):
            break
        start = _add_months(start, -history)
    result = _restricted(result, months)
    result.basis = key
    return result


def _months_between(first: date, last: date) -> list[date]:
    """The first days of the months from ``first`` to ``last``, both included."""
    count = (last.year - first.year) * 12 + last.month - first.month
    return [_add_months(first, step) for step in range(count + 1)]


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _first_holdings(holders: pl.DataFrame) -> dict[str, date]:
    """The UK day each person first held a number: no bill line before it can be theirs."""
    if holders.is_empty():
        return {}
    firsts = holders.group_by("person").agg(pl.col("valid_from").min())
    return {
        person: at.astimezone(ZoneInfo("Europe/London")).date()
        for person, at in firsts.iter_rows()
        if at is not None
    }


def _history_complete(
    monthly: pl.DataFrame, months: list[date], start: date, history: int, firsts: dict
) -> bool:
    """Whether everyone with a month asked for has a whole window of earlier months among the
    lines read, or could have no earlier lines (they first held a number from ``start``)."""
    wanted = set(months)
    rows = monthly.select("person", "month").sort("person", "month")
    for (person,), group in rows.group_by(["person"], maintain_order=True):
        seen = group["month"].to_list()
        first_wanted = next((i for i, m in enumerate(seen) if _month_start(m) in wanted), None)
        if first_wanted is None or first_wanted >= history:
            continue
        held = firsts.get(person)
        if held is None or held < start:
            return False
    return True


def _restricted(result: Analysis, months: list[date]) -> Analysis:
    """The analysis of ``months`` alone: their summaries and findings."""
    from councilguard.phones.analysis import Analysis

    wanted = set(months)
    keys = {f"{m:%Y-%m}" for m in months}
    in_months = pl.col("month").cast(pl.Date).dt.truncate("1mo").is_in(list(wanted))
    return Analysis(
        monthly=result.monthly.filter(in_months),
        by_class=result.by_class.filter(in_months),
        findings=[f for f in result.findings if f.month in keys],
        unattributed_lines=result.unattributed_lines,
        lines=result.lines,
        months=months,
    )


@dataclass
class AnalysisOutcome:
    analysis: Analysis
    created: int = 0
    updated: int = 0
    withdrawn: int = 0


def rule_kind(data: FindingData) -> str:
    return f"{RULE_PREFIX}{data.kind}" + (f"_{data.metric}" if data.metric else "")


RULE_LABELS = {
    "phone_high_usage": "High use",
    "phone_premium_rate": "Premium-rate and directory calls",
    "phone_international": "Calls abroad outside the directory",
    "phone_out_of_hours": "Long calls out of hours outside the directory",
}


def rule_label(kind: str) -> str | None:
    """A phone rule kind in words, for the monitoring pages ("phone_high_usage_data" ->
    "High use: data")."""
    high = f"{RULE_PREFIX}high_usage_"
    if kind.startswith(high) and kind[len(high) :] in METRIC_LABELS:
        return f"High use: {METRIC_LABELS[kind[len(high) :]].lower()}"
    return RULE_LABELS.get(kind)


def _severity(data: FindingData) -> str:
    if data.kind == "high_usage":
        return Severity.MEDIUM if len(data.baselines) == 2 else Severity.LOW
    return Severity.MEDIUM


def _period(month: str) -> tuple[date, date]:
    year, number = (int(x) for x in month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def _phone_batches(council: Council):
    return IngestBatch.objects.filter(
        council=council, source__kind=SOURCE, status=BatchStatus.COMMITTED
    )


def months_to_analyse(council: Council) -> tuple[list[int], list[date]]:
    """The committed bills not analysed yet, and the months whose findings they can change:
    the months their lines fall in (a bill's files are per UTC day, and a UK day can start in
    the previous UTC day, so each day counts for its own month and the next day's), the
    ``history_months`` after each, whose own baselines look back at it, and the year after
    each, whose variation of all use looks back at it and whose same month a year on is
    compared with it as the person's season."""
    pending = list(
        _phone_batches(council).filter(analysed_at__isnull=True).values_list("pk", "days")
    )
    touched = set()
    for _, days in pending:
        for text in days or []:
            day = date.fromisoformat(text)
            for local in (day, day + timedelta(days=1)):
                touched.add(local.replace(day=1))
    from councilguard.phones.analysis import POOLED_MONTHS

    history = settings_for(council).history_months
    # A month's figures are also in the variation of all use over the year after it
    # (analysis._deviations), and the month a year on is compared with it as the person's
    # season: a year on, or the window if that is longer.
    after = max(history, POOLED_MONTHS)
    months = {_add_months(m, step) for m in touched for step in range(after + 1)}
    return [pk for pk, _ in pending], sorted(months)


def analyse_new(council: Council, *, actor: Actor) -> AnalysisOutcome | None:
    """Analyse only the months that bills not analysed yet can change (months_to_analyse),
    with the findings a run over everything would give them; None, having read and recorded
    nothing, when every bill has been analysed. A change of thresholds, directory, holders or
    working patterns needs a full run (analyse_council; ``phones analyse --all``)."""
    pending, months = months_to_analyse(council)
    if not pending:
        return None
    return analyse_council(council, actor=actor, months=months, batches=pending)


@transaction.atomic
def analyse_council(
    council: Council,
    *,
    actor: Actor,
    months: list[date] | None = None,
    batches: list[int] | None = None,
) -> AnalysisOutcome:
    """Run the analysis (of every month, or of ``months``) and record its findings: new ones
    open; open ones updated with the latest numbers; reviewed ones left as the reviewer left
    them. The bills it covers are marked analysed (every committed one for a full run)."""
    started = timezone.now()
    result = run_analysis(council, months)
    outcome = AnalysisOutcome(analysis=result)
    s = settings_for(council)
    now = timezone.now()
    batch_names = dict(
        IngestBatch.objects.filter(council=council, source__kind=SOURCE).values_list(
            "public_id", "file_name"
        )
    )
    known = {p.pk for p in Person.objects.in_council(council).only("pk")}
    found: set[tuple[int, str, date]] = set()
    for data in result.findings:
        person_id = int(data.person)
        if person_id not in known:
            continue
        start, end = _period(data.month)
        clause = s.usage_clause if data.kind == "high_usage" else s.personal_clause
        evidence = {
            **data.evidence,
            "kind": data.kind,
            "baselines": list(data.baselines),
            "cost_pence": data.cost_pence,
            "lines": [
                {"bill": batch_names.get(uuid.UUID(b), b) if b else "", "line": line}
                for b, line in data.refs
            ],
        }
        finding, created = Finding.objects.get_or_create(
            council=council,
            person_id=person_id,
            rule_kind=rule_kind(data),
            period_start=start,
            period_end=end,
            defaults={
                "source_kind": SOURCE,
                "clause_reference": clause,
                "severity": _severity(data),
                "summary": data.sentence,
                "evidence": evidence,
                "found_at": now,
                "updated_at": now,
            },
        )
        if created:
            outcome.created += 1
            audit.record(
                council,
                Event.FINDING_RAISED,
                actor=actor,
                target=finding,
                changes={"rule": finding.rule_kind, "clause": clause, "summary": data.sentence},
            )
        elif withdrawal.reopen(finding) or (
            finding.status == FindingStatus.OPEN
            and (finding.summary != data.sentence or finding.evidence != evidence)
        ):
            before = finding.summary
            finding.summary, finding.evidence, finding.updated_at = data.sentence, evidence, now
            finding.save(update_fields=["status", "summary", "evidence", "updated_at"])
            outcome.updated += 1
            audit.record(
                council,
                Event.FINDING_REFRESHED,
                actor=actor,
                target=finding,
                changes={"before": before, "after": data.sentence, "status": finding.status},
            )
        found.add((finding.person_id, finding.rule_kind, finding.period_start))
    outcome.withdrawn = _withdraw(council, result, found, actor=actor)
    _save_summaries(council, result, known)
    analysed = _phone_batches(council).filter(created_at__lte=started)
    if batches is not None:
        analysed = analysed.filter(pk__in=batches)
    analysed.update(analysed_at=now)
    audit.record(
        council,
        Event.FINDINGS_ANALYSED,
        actor=actor,
        target=council,
        changes={
            "source": SOURCE,
            "months": "every month"
            if months is None
            else ", ".join(f"{m:%B %Y}" for m in sorted(set(months))),
            "lines": result.lines,
            "unattributed_lines": result.unattributed_lines,
            "raised": outcome.created,
            "refreshed": outcome.updated,
            "withdrawn": outcome.withdrawn,
        },
    )
    return outcome


def _month_start(month: date | datetime | str) -> date:
    if isinstance(month, datetime):
        month = month.date()
    return month.replace(day=1) if isinstance(month, date) else _period(str(month))[0]


def _withdraw(council: Council, result: Analysis, found: set, *, actor: Actor) -> int:
    """Withdraws open phone findings of months the analysis saw for that person (months whose
    bill lines retention deleted are not among them) that it no longer makes."""
    covered = {
        (int(person), _month_start(month))
        for person, month in result.monthly.select("person", "month").iter_rows()
    }
    return withdrawal.withdraw_unfound(
        council,
        phone_findings(council),
        found,
        covered=lambda f: (f.person_id, f.period_start) in covered,
        actor=actor,
    )


def _save_summaries(council: Council, result: Analysis, known: set[int]) -> None:
    """Replace the council's monthly summaries with this analysis's.

    Thousands of rows (people times months) of derived figures, written with one
    ``executemany`` rather than model saves: bulk_create on SQLite goes some 70 rows a query.
    An analysis of some months replaces theirs alone."""
    stale = UsageMonth.objects.filter(council=council)
    if result.months is not None:
        stale = stale.filter(month__in=result.months)
    stale.delete()
    rows = result.monthly.filter(pl.col("person").cast(pl.Int64).is_in(list(known)))
    fields = [
        "council_id", "person_id", "month", "calls", "minutes", "texts", "data_bytes",
        "cost_pence", "personal_cost_pence", "calls_out_of_hours", "own_median_data",
        "own_median_cost", "judged_calls", "judged_minutes", "judged_texts", "judged_basis",
    ]  # fmt: skip
    values = [
        (
            council.pk,
            int(r["person"]),
            r["month"],
            int(r["calls_total"]),
            float(r["minutes_total"]),
            int(r["texts_total"]),
            int(r["data"]),
            int(r["cost"]),
            int(r["personal_cost"]),
            int(r["calls_out_of_hours"]),
            r["own_median_data"],
            r["own_median_cost"],
            # What later months are judged against (phones.judged).
            int(r["calls"]),
            float(r["minutes"]),
            int(r["texts"]),
            result.basis,
        )
        for r in rows.iter_rows(named=True)
    ]
    if not values:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(UsageMonth._meta.get_field(f[:-3] if f.endswith("_id") else f).column) for f in fields
    )
    # Names from the model's own metadata; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(UsageMonth._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def monthly_summaries(council: Council, people) -> pl.DataFrame:
    """The stored summaries of ``people``, in the shape of Analysis.monthly for the report."""
    rows = UsageMonth.objects.filter(council=council, person__in=people).values_list(
        "person_id", "month", "calls", "minutes", "texts", "data_bytes", "cost_pence",
        "personal_cost_pence", "calls_out_of_hours", "own_median_data", "own_median_cost",
    )  # fmt: skip
    return pl.DataFrame(
        [(str(r[0]), *r[1:]) for r in rows],
        schema={
            "person": pl.String,
            "month": pl.Date,
            "calls_total": pl.Int64,
            "minutes_total": pl.Float64,
            "texts_total": pl.Int64,
            "data": pl.Int64,
            "cost": pl.Int64,
            "personal_cost": pl.Int64,
            "calls_out_of_hours": pl.Int64,
            "own_median_data": pl.Float64,
            "own_median_cost": pl.Float64,
        },
        orient="row",
    )


# --- recovery (review and explanation are the monitoring app's, for every source) ---


def phone_findings(council: Council):
    return Finding.objects.in_council(council).filter(source_kind=SOURCE)


@transaction.atomic
def agree_personal_use(
    finding: Finding, *, amount: Decimal, actor: Actor, note: str = ""
) -> PersonalUseItem:
    """Record personal use a reviewer agreed is to be recovered, and put it on the person's
    charges statement with the bill lines behind it. Only after review; never automatic."""
    finding = Finding.objects.select_for_update().select_related("person").get(pk=finding.pk)
    if finding.source_kind != SOURCE:
        raise PhoneError("only phone findings have personal use to recover")
    if finding.status == FindingStatus.OPEN:
        raise PhoneError("review the finding before agreeing any cost")
    if finding.status == FindingStatus.DISMISSED:
        raise PhoneError("the finding was dismissed; there is nothing to recover")
    if PersonalUseItem.objects.filter(finding=finding).exists():
        raise PhoneError("the personal use of this finding is already agreed")
    if amount <= 0:
        raise PhoneError("the amount must be more than nothing")
    if not finding.person.is_employee:
        # Pay deductions are an employment matter; councillors hold an office (people.models).
        raise PhoneError(f"{finding.person} is not an employee; recover it some other way")
    bill_reference = bill_reference_of(finding)
    description = f"Personal phone use, {finding.period_start:%B %Y}: {finding.summary}"[:300]
    item = PersonalUseItem.objects.create(
        council=finding.council,
        finding=finding,
        person=finding.person,
        amount=amount,
        description=description,
        bill_reference=bill_reference[:300],
        agreed_at=timezone.now(),
        agreed_by_label=actor.label[:200],
    )
    try:
        charge_id = recovery.add_personal_use_charge(item, actor=actor)
    except recovery.RecoveryError as error:
        raise PhoneError(f"the charges statement refused it: {error}") from None
    if charge_id is not None:
        item.charge_id = charge_id
        item.save(update_fields=["charge_id"])
    audit.record(
        finding.council,
        Event.PHONE_PERSONAL_USE_AGREED,
        actor=actor,
        target=item,
        changes={
            "amount": str(amount),
            "bill_reference": item.bill_reference,
            "finding": finding.pk,
            "note": note,
            "charge": charge_id,
        },
    )
    return item


def bill_reference_of(finding: Finding) -> str:
    """Which bill lines a finding rests on, e.g. "march.csv lines 12, 40, 41"."""
    by_bill: dict[str, list[int]] = {}
    for ref in finding.evidence.get("lines", []):
        by_bill.setdefault(ref.get("bill") or "bill", []).append(int(ref["line"]))
    return (
        "; ".join(
            f"{bill} line{'s' if len(lines) > 1 else ''} {', '.join(map(str, sorted(lines)))}"
            for bill, lines in sorted(by_bill.items())
        )
        or f"finding {finding.pk}"
    )


def bill_lines_behind(finding: Finding, limit: int) -> list[dict]:
    """The bill lines behind a phone finding, for monitoring's raw events (the app's
    "raw_events" hook): lines of the numbers the person held, while they held them, in the
    finding's period only. The caller checks the role, takes the purpose and audits."""
    context = context_for(finding.council)
    holdings = context.holders.filter(pl.col("person") == str(finding.person_id)).drop("person")
    # Lines to a protected number are never shown to a reviewer (C18).
    shielded = protection.phone_protected_polars(context.protected, person_id=finding.person_id)
    rows = store.person_lines(
        finding.council,
        holdings,
        finding.period_start,
        finding.period_end,
        limit,
        leave_out=shielded,
    )
    names = dict(
        IngestBatch.objects.filter(council=finding.council, source__kind=SOURCE).values_list(
            "public_id", "file_name"
        )
    )
    return [
        {**row, "bill": names.get(uuid.UUID(row["batch"]), row["batch"])}
        for row in rows.iter_rows(named=True)
    ]


def ingest_phone_bill(
    council: Council, path, *, actor: Actor, file_name: str, options: dict[str, Any]
) -> BillReport:
    """``councilguard ingest --source phone-bill [--profile NAME] FILE`` (registered with
    monitoring.ingest.WHOLE_FILE_FORMATS by the app)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror}") from None
    try:
        return import_bill(
            council,
            content,
            file_name=file_name,
            profile_name=options.get("profile") or "canonical",
            actor=actor,
        )
    except PhoneError as error:
        raise IngestError(str(error)) from None

"""The retention schedule and its runs (C19, B 5.1.3: monitoring data is kept only long enough
for a breach to come to light and any investigation to be conducted).

``schedule`` says, per kind, the period, why, and how much is due now; ``set_period`` is the
only change to a period; ``run`` purges every kind past its period, keeping what legal holds
cover, and leaves one receipt (unless it is a dry run, which changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.people.patterns import LONDON
from councilguard.retention.kinds import Kind, Tally, before_day, held_for, kinds_for
from councilguard.retention.models import RetentionPeriod, RetentionReceipt

# A period longer than this is a typing error, not a decision (B 5.1.3 asks for "only long
# enough"): ten years.
LONGEST_DAYS = 3653


class RetentionError(ValueError):
    """A change refused, in words for the clerk."""


@dataclass(frozen=True)
class Row:
    kind: Kind
    days: int
    reason: str
    # The council's own reason when it changed the default, with who and when.
    changed: RetentionPeriod | None
    before: date
    tally: Tally


def today_in_london() -> date:
    return timezone.now().astimezone(LONDON).date()


def _periods(council: Council) -> dict[str, RetentionPeriod]:
    return {p.kind: p for p in RetentionPeriod.objects.in_council(council)}


def _days(kind: Kind, periods: dict[str, RetentionPeriod]) -> tuple[int, RetentionPeriod | None]:
    if kind.fixed_days is not None:
        return kind.fixed_days, None
    period = periods.get(kind.key)
    return (period.days, period) if period else (kind.default_days, None)


def schedule(council: Council, *, today: date | None = None) -> list[Row]:
    """Every kind with its period and what is due now (counted, nothing deleted)."""
    today = today or today_in_london()
    periods = _periods(council)
    held = held_for(council)
    rows = []
    for kind in kinds_for(council):
        days, changed = _days(kind, periods)
        before = before_day(today, days)
        tally = kind.sweep(council, before, False, held)
        rows.append(Row(kind, days, kind.reason, changed, before, tally))
    return rows


def set_period(council: Council, key: str, *, days: int, reason: str, actor: Actor):
    """The council's own period for one kind, with its reason; audited."""
    kind = next((k for k in kinds_for(council) if k.key == key), None)
    if kind is None:
        raise RetentionError("There is no such kind of data in the schedule.")
    if not kind.editable:
        raise RetentionError("This period is set on the page of its monitoring source.")
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError("Say why the council keeps this data for that long.")
    if not 1 <= days <= LONGEST_DAYS:
        raise RetentionError(f"A period is between 1 and {LONGEST_DAYS} days.")
    with transaction.atomic():
        current = RetentionPeriod.objects.in_council(council).filter(kind=key).first()
        was = current.days if current else kind.default_days
        period, _ = RetentionPeriod.objects.update_or_create(
            council=council,
            kind=key,
            defaults={
                "days": days,
                "reason": reason,
                "changed_at": timezone.now(),
                "changed_by_label": actor.label,
            },
        )
        audit.record(
            council,
            Event.RETENTION_PERIOD_CHANGED,
            actor=actor,
            target=period,
            summary=f"{kind.label}: kept {days} days (was {was})",
            changes={"kind": kind.label, "days": [was, days], "reason": reason},
        )
    return period


def _line(row: Row) -> dict:
    return {
        "kind": row.kind.key,
        "label": row.kind.label,
        "days": row.days,
        "before": row.before.isoformat(),
        "due": row.tally.due,
        "deleted": row.tally.deleted,
        "kept": [{"for": why, "count": n} for why, n in sorted(row.tally.kept.items())],
    }


@dataclass(frozen=True)
class Run:
    today: date
    lines: list[dict]
    receipt: RetentionReceipt | None

    @property
    def deleted(self) -> int:
        return sum(line["deleted"] for line in self.lines)

    @property
    def kept(self) -> int:
        return sum(k["count"] for line in self.lines for k in line["kept"])


def run(council: Council, *, actor: Actor, today: date | None = None, dry_run: bool = False) -> Run:
    """Purge every kind past its period, keeping what holds cover, in one transaction with its
    one receipt and audit entry. A dry run counts the same way and changes nothing."""
    today = today or today_in_london()
    periods = _periods(council)
    if dry_run:
        return Run(today, [_line(r) for r in schedule(council, today=today)], None)
    with transaction.atomic():
        held = held_for(council)
        lines = []
        for kind in kinds_for(council):
            days, changed = _days(kind, periods)
            before = before_day(today, days)
            tally = kind.sweep(council, before, True, held)
            lines.append(_line(Row(kind, days, kind.reason, changed, before, tally)))
        deleted = sum(line["deleted"] for line in lines)
        kept = sum(k["count"] for line in lines for k in line["kept"])
        receipt = RetentionReceipt.objects.create(
            council=council,
            run_at=timezone.now(),
            run_by_label=actor.label,
            today=today,
            lines=lines,
            deleted=deleted,
            kept=kept,
        )
        audit.record(
            council,
            Event.RETENTION_RUN,
            actor=actor,
            target=receipt,
            summary=f"Retention run: {deleted} deleted, {kept} kept under legal hold",
            changes={"deleted": deleted, "kept_for_legal_hold": kept},
        )
    return Run(today, lines, receipt)


def last_receipt(council: Council) -> RetentionReceipt | None:
    return RetentionReceipt.objects.in_council(council).first()

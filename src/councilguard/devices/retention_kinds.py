"""Devices' kinds in the council's retention schedule (C19, B 5.1.3, B 5.1.8; retention.kinds):
device checks put right, and software scans with the licence findings put right. What was
found while a device was issued to a person under legal hold (or on their own device) is kept
for that hold; a check still failing and each device's latest scan are current, not past, and
never due."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Max, Q

from councilguard.devices.models import (
    Assignment,
    LicenceFinding,
    PostureFinding,
    SoftwareFinding,
    SoftwareScan,
)
from councilguard.people.patterns import LONDON
from councilguard.retention.kinds import Kind, Tally

FINDINGS_DAYS = 365
SCAN_DAYS = 365
STILL_CITED = "a software finding still open or held"


def _start(before: date) -> datetime:
    return datetime.combine(before, time(), tzinfo=LONDON)


def _theirs(person_id: int, time_field: str, *, own_devices: bool) -> Q:
    """Rows about a device while it was issued to the person (and their own devices)."""
    q = Q(own_device__person_id=person_id) if own_devices else Q(pk__in=[])
    for a in Assignment.objects.filter(person_id=person_id):
        period = Q(device_id=a.device_id, **{f"{time_field}__gte": a.issued_at})
        if a.returned_at:
            period &= Q(**{f"{time_field}__lte": a.returned_at})
        q |= period
    return q


def _held_ids(due, held: dict[int, str], time_field: str, *, own_devices: bool, tally: Tally):
    """The due rows a hold keeps, counted in ``tally`` once each by the first hold found."""
    kept: set[int] = set()
    for person_id, reason in held.items():
        ids = set(
            due.filter(_theirs(person_id, time_field, own_devices=own_devices)).values_list(
                "pk", flat=True
            )
        )
        tally.keep(reason, len(ids - kept))
        kept |= ids
    return kept


def _posture_sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    due = PostureFinding.objects.in_council(council).filter(resolved_at__lt=_start(before))
    tally = Tally(due=due.count())
    kept = _held_ids(due, held, "found_at", own_devices=True, tally=tally)
    if apply:
        due.exclude(pk__in=kept).delete()
    return tally


def _scan_sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    """Resolved software and licence findings past the period, then scans past it that nothing
    left cites. A licence finding is about the catalogue, not a person: no hold keeps it."""
    start = _start(before)
    tally = Tally()
    licences = LicenceFinding.objects.in_council(council).filter(resolved_at__lt=start)
    tally.due += licences.count()
    findings = SoftwareFinding.objects.in_council(council).filter(resolved_at__lt=start)
    tally.due += findings.count()
    kept_findings = _held_ids(findings, held, "found_at", own_devices=False, tally=tally)
    latest = SoftwareScan.objects.in_council(council).values("device").annotate(last=Max("pk"))
    scans = (
        SoftwareScan.objects.in_council(council)
        .filter(scanned_at__lt=start)
        .exclude(pk__in=[row["last"] for row in latest])
    )
    tally.due += scans.count()
    kept_scans = _held_ids(scans, held, "scanned_at", own_devices=False, tally=tally)
    staying = SoftwareFinding.objects.in_council(council).exclude(
        pk__in=findings.exclude(pk__in=kept_findings).values("pk")
    )
    cited = (
        set(staying.values_list("scan_id", flat=True))
        | set(staying.values_list("resolved_by_scan_id", flat=True))
    ) - kept_scans
    still_cited = set(scans.filter(pk__in=cited).values_list("pk", flat=True))
    tally.keep(STILL_CITED, len(still_cited))
    if apply:
        licences.delete()
        findings.exclude(pk__in=kept_findings).delete()
        scans.exclude(pk__in=kept_scans | still_cited).delete()
    return tally


def kinds(council) -> list[Kind]:
    return [
        Kind(
            key="devices.posture_findings",
            label="Device checks put right",
            default_days=FINDINGS_DAYS,
            reason=(
                "A year after a failed check is put right is long enough to see whether it "
                "keeps happening; a check still failing stays until it passes."
            ),
            sweep=_posture_sweep,
        ),
        Kind(
            key="devices.software_scans",
            label="Software scans and licence findings",
            default_days=SCAN_DAYS,
            reason=(
                "A year of scans shows when software came and went, and whether licences "
                "ran short again; each device's latest scan stays, as do scans a finding "
                "still open cites."
            ),
            sweep=_scan_sweep,
        ),
    ]

"""The CCTV register's part of the committee pack (C21, C27; A "CCTV"): the cameras and the
retention check, and the viewings and disclosures of the period. No one is named: viewers are
counted by outcome and footage handed over is listed by reference and kind of recipient."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from councilguard.cctv.apps import RETENTION_CHECK_EVERY
from councilguard.cctv.models import Camera, Disclosure, Outcome, Recipient, Viewing
from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.core.words import counted

WITHIN = "Within the register"
TOO_LONG = "Keeps footage too long"
UNCHECKED = "Not checked in the last year"


def retention_state(camera: Camera, today) -> str:
    """The retention check in words, as of ``today`` (A "CCTV": kept no longer than needed)."""
    if camera.keeps_too_long:
        return TOO_LONG
    checked = camera.retention_checked_on
    if checked is None or checked < today - RETENTION_CHECK_EVERY:
        return UNCHECKED
    return WITHIN


def committee_section(council: Council, period: Period) -> Section:
    today = timezone.localdate()
    cameras = list(Camera.objects.in_council(council).filter(retired_on__isnull=True))
    viewed = dict(
        Viewing.objects.in_council(council)
        .filter(viewed_at__gte=period.start, viewed_at__lt=period.end)
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    disclosures = list(
        Disclosure.objects.in_council(council)
        .filter(disclosed_on__gte=period.start.date(), disclosed_on__lt=period.end.date())
        .select_related("camera")
        .order_by("disclosed_on", "reference")
    )
    states = [retention_state(c, today) for c in cameras]
    too_long, unchecked = states.count(TOO_LONG), states.count(UNCHECKED)
    viewings = sum(viewed.values())
    return Section(
        title="CCTV",
        order=50,
        paragraphs=[
            f"The register holds {counted(len(cameras), 'camera', 'cameras')} in use. "
            f"Footage was viewed {counted(viewings, 'time', 'times')} in the period and handed "
            f"over {counted(len(disclosures), 'time', 'times')}. When this pack was printed, "
            f"{counted(too_long, 'recorder kept', 'recorders kept')} footage longer than the "
            f"register allows and {unchecked} had not been checked in the last year."
        ],
        tables=[
            Table(
                "Cameras and the retention check",
                [
                    "Camera",
                    "Site",
                    "Footage kept for (days)",
                    "Recorder keeps (days)",
                    "Retention check",
                ],
                [
                    [
                        c.name,
                        c.site,
                        str(c.retention_days),
                        "" if c.recorder_retention_days is None else str(c.recorder_retention_days),
                        state,
                    ]
                    for c, state in zip(cameras, states, strict=True)
                ],
                numeric=frozenset({2, 3}),
            ),  # fmt: skip
            Table(
                "Viewings of footage in the period, by outcome",
                ["Outcome", "Viewings"],
                [[Outcome(o).label, str(n)] for o, n in sorted(viewed.items())],
                numeric=frozenset({1}),
            ),
            Table(
                "Footage handed over in the period",
                ["Reference", "Handed over", "Camera", "To"],
                [
                    [
                        d.reference,
                        f"{d.disclosed_on:%-d %B %Y}",
                        d.camera.name,
                        Recipient(d.recipient).label,
                    ]
                    for d in disclosures
                ],
            ),  # fmt: skip
        ],
        charts=[
            Bars(
                "Cameras by retention check",
                [(s, states.count(s), str(states.count(s))) for s in (WITHIN, TOO_LONG, UNCHECKED)],
            )
        ]
        if cameras
        else [],
        figures={
            "cctv.cameras": len(cameras),
            "cctv.viewings": viewings,
            "cctv.disclosures": len(disclosures),
            "cctv.keeps_too_long": too_long,
            "cctv.unchecked": unchecked,
        },
    )

"""The device register's part of "Compliance at a glance" (C5, C9, C26): device posture
compliance, and approval requests waiting for a decision by age."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from councilguard.core.contributions import (
    Bars,
    GlanceChart,
    Table,
    age_glance,
    counts_by_age,
)
from councilguard.core.models import Membership
from councilguard.core.roles import Action, role_can
from councilguard.devices.models import (
    ApprovalRequest,
    ApprovalStatus,
    Device,
    DeviceStatus,
    OwnDevice,
    PostureFinding,
    PostureRecord,
)

POSTURE_STATES = ("Compliant", "Not compliant", "Not known")


def _posture_counts(devices, link: str) -> list[int]:
    """Compliant: a posture is recorded and no failed check is open. Not compliant: a check
    failed and has not passed since (B 2.1.3, B 2.2.4; an import that finds a device stopped
    checking in records that as a failed check, A4). Not known: no posture was ever recorded
    (no MDM import, no attestation). One query."""
    has_posture = Exists(PostureRecord.objects.filter(**{link: OuterRef("pk")}))
    failing = Exists(
        PostureFinding.objects.filter(**{link: OuterRef("pk")}, resolved_at__isnull=True)
    )
    counts = (
        devices.order_by()
        .alias(has_posture=has_posture, failing=failing)
        .aggregate(
            n_compliant=Count("pk", filter=Q(has_posture=True, failing=False)),
            n_failing=Count("pk", filter=Q(failing=True)),
            n_unknown=Count("pk", filter=Q(has_posture=False, failing=False)),
        )
    )
    return [counts["n_compliant"], counts["n_failing"], counts["n_unknown"]]


def dashboard_charts(membership: Membership, now: datetime) -> list[GlanceChart]:
    council = membership.council
    charts = []
    if membership.can(Action.VIEW_DEVICES):
        # Devices in people's hands: council devices issued now, own devices still in use.
        issued = Device.objects.in_council(council).filter(status=DeviceStatus.ISSUED)
        own = OwnDevice.objects.in_council(council).filter(retired_at__isnull=True)
        council_counts = _posture_counts(issued, "device")
        own_counts = _posture_counts(own, "own_device")
        totals = [a + b for a, b in zip(council_counts, own_counts, strict=True)]
        everything = sum(totals)
        bars = [
            (state, n, f"{n} ({round(100 * n / everything)}%)" if everything else "0")
            for state, n in zip(POSTURE_STATES, totals, strict=True)
        ]
        title = "Device security compliance"
        charts.append(
            GlanceChart(
                ident="glance-posture",
                order=20,
                chart=Bars(title, bars),
                table=Table(
                    title,
                    ["Compliance", "Council devices", "Own devices", "All"],
                    [
                        [state, str(c), str(o), str(t)]
                        for state, c, o, t in zip(
                            POSTURE_STATES, council_counts, own_counts, totals, strict=True
                        )
                    ],
                    frozenset({1, 2, 3}),
                ),
                link_text="The device register",
                link_url=reverse("devices:device_list", kwargs={"council": council.slug}),
            )
        )
    # By role: a committee chair reaches only the clerk's requests they stand in for.
    if role_can(membership.role, Action.VIEW_APPROVALS):
        pending = ApprovalRequest.objects.in_council(council).filter(status=ApprovalStatus.PENDING)
        counts = counts_by_age(pending, "requested_at", now)
        url = reverse("devices:approval_list", kwargs={"council": council.slug})
        charts.append(
            age_glance(
                "glance-approvals",
                40,
                "Approval requests waiting for a decision, by age",
                counts,
                ("All approval requests", url),
            )
        )
    return charts

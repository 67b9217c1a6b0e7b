"""The device register's part of the committee pack (C5, C7, C9, C27): devices by status, the
period's losses and their police numbers, and the approvals decided. No one is named."""

from __future__ import annotations

from django.db.models import Count

from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.devices.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Device,
    DeviceStatus,
    LossReport,
    Reimbursement,
)


def committee_section(council: Council, period: Period) -> Section:
    by_status = dict(
        Device.objects.in_council(council).values_list("status").annotate(n=Count("pk"))
    )
    total = sum(by_status.values())
    losses = list(
        LossReport.objects.in_council(council)
        .filter(reported_at__gte=period.start, reported_at__lt=period.end)
        .select_related("device", "own_device")
        .order_by("reported_at")
    )
    decided = list(
        ApprovalRequest.objects.in_council(council)
        .filter(decided_at__gte=period.start, decided_at__lt=period.end)
        .values_list("kind", "status")
        .annotate(n=Count("pk"))
        .order_by("kind", "status")
    )
    loss_rows = []
    for loss in losses:
        if loss.police_due_at is None:
            police = "Not asked for"
        elif not loss.police_reference:
            police = "Not given yet"
        elif loss.police_reference_at and loss.police_reference_at <= loss.police_due_at:
            police = "Given within 24 hours"
        else:
            police = "Given late"
        loss_rows.append(
            [
                f"{loss.reported_at:%-d %B %Y}",
                loss.get_kind_display(),
                loss.kind_of_device + ("" if loss.device_id else " (own)"),
                police,
                Reimbursement(loss.reimbursement).label if loss.reimbursement else "Not decided",
            ]
        )
    approvals = [
        [ApprovalKind(kind).label, ApprovalStatus(status).label, str(n)]
        for kind, status, n in decided
    ]
    approved = sum(n for _, status, n in decided if status == ApprovalStatus.APPROVED)
    decided_count = sum(n for *_, n in decided)
    return Section(
        title="Devices, losses and approvals",
        order=20,
        paragraphs=[
            f"The register holds {total} device{'s' if total != 1 else ''}. "
            f"{len(losses)} {'were' if len(losses) != 1 else 'was'} reported lost or stolen in "
            f"the period, and {decided_count} approval request"
            f"{'s were' if decided_count != 1 else ' was'} decided ({approved} approved)."
        ],
        tables=[
            Table(
                "Devices by status",
                ["Status", "Devices"],
                [[DeviceStatus(s).label, str(n)] for s, n in sorted(by_status.items())],
                numeric=frozenset({1}),
            ),
            Table(
                "Losses reported in the period",
                ["Reported", "Lost or stolen", "Device", "Police number", "Charge decision"],
                loss_rows,
            ),
            Table(
                "Approvals decided in the period",
                ["Request", "Decision", "Number"],
                approvals,
                numeric=frozenset({2}),
            ),
        ],
        charts=[
            Bars(
                "Devices by status",
                [(DeviceStatus(s).label, n, str(n)) for s, n in sorted(by_status.items())],
            )
        ]
        if by_status
        else [],
        figures={
            "devices.total": total,
            "devices.losses": len(losses),
            "devices.approvals_decided": decided_count,
            "devices.approvals_approved": approved,
        },
    )

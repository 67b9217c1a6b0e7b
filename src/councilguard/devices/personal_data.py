"""The devices app's personal data about a person: devices issued and their history, own
devices, posture and software findings while a device was theirs, approvals, charges, tasks,
losses and their leaver's checklist."""

from __future__ import annotations

from django.db.models import Q

from councilguard.core.personal_data import Section, Subject
from councilguard.devices.models import (
    ApprovalDecision,
    ApprovalRequest,
    Assignment,
    Charge,
    LeaverChecklist,
    LossReport,
    OwnDevice,
    PostureFinding,
    PostureRecord,
    RecordingConsent,
    SoftwareFinding,
    Task,
)

DEVICES = "To look after the council's devices and the data on them (B 2.2, C5, C7)."
RECIPIENTS = "The clerk, the IT provider and the data protection lead."
EMPLOYMENT = "While you work with the council, then six years after you leave (claims, audit)."
PAY_KEPT = "Pay records: HMRC requires them for six years after the tax year."
PAY = "Six years after the end of the tax year it was paid or recovered in (HMRC records)."


def _while_theirs(subject: Subject, time_field: str) -> Q:
    """Rows about a device while it was issued to the subject, or about their own devices."""
    held = Q(own_device__person=subject.person)
    for a in Assignment.objects.filter(person=subject.person):
        period = Q(device_id=a.device_id, **{f"{time_field}__gte": a.issued_at})
        if a.returned_at:
            period &= Q(**{f"{time_field}__lte": a.returned_at})
        held |= period
    return held


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    person = subject.person

    def section(
        key,
        title,
        columns,
        rows,
        purpose=DEVICES,
        retention=EMPLOYMENT,
        origin="The clerk, the IT provider and you.",
        recipients=RECIPIENTS,
        kept_because="",
    ):
        return Section(
            kept_because=kept_because,
            key=key,
            title=title,
            columns=columns,
            rows=rows,
            purpose=purpose,
            recipients=recipients,
            retention=retention,
            origin=origin,
        )

    assignments = Assignment.objects.filter(person=person).select_related("device")
    postures = PostureRecord.objects.filter(_while_theirs(subject, "recorded_at"))
    posture_findings = PostureFinding.objects.filter(_while_theirs(subject, "found_at"))
    software = SoftwareFinding.objects.filter(_device_periods(subject, "found_at"))
    requests = ApprovalRequest.objects.filter(requester=person)
    decisions = ApprovalDecision.objects.filter(request__in=requests).select_related("request")
    consents = RecordingConsent.objects.filter(person=person).select_related("request")
    checklists = LeaverChecklist.objects.filter(person=person).prefetch_related("items")
    return [
        section(
            "devices-issued",
            "Council devices issued to you",
            [
                "Device",
                "Kind",
                "Serial",
                "Phone number",
                "Issued",
                "Condition when issued",
                "Returned",
                "Condition when returned",
                "Terms accepted",
            ],
            [
                (
                    str(a.device),
                    a.device.get_kind_display(),
                    a.device.serial,
                    a.device.phone_number,
                    a.issued_at,
                    a.issued_condition,
                    a.returned_at,
                    a.returned_condition,
                    a.terms_accepted_at,
                )
                for a in assignments
            ],
        ),
        section(
            "own-devices",
            "Your own devices used for council work",
            ["Kind", "Description", "Rules accepted", "Retired", "Council data deleted"],
            [
                (
                    d.get_kind_display(),
                    d.description,
                    d.rules_accepted_at,
                    d.retired_at,
                    d.deletion_attested_at,
                )
                for d in OwnDevice.objects.filter(person=person)
            ],
            origin="You.",
        ),
        section(
            "device-posture",
            "Security of your devices as reported",
            [
                "Recorded",
                "From",
                "Encrypted",
                "Passcode",
                "Locks after (minutes)",
                "System",
                "Version",
                "Security patch",
                "Intact",
                "Verdict",
            ],
            [
                (
                    p.recorded_at,
                    p.source,
                    p.encrypted,
                    p.passcode,
                    p.lock_after_minutes,
                    p.os,
                    p.os_version,
                    p.patch_date,
                    p.security_intact,
                    p.mdm_verdict,
                )
                for p in postures.order_by("recorded_at")
            ],
            origin="The council's device management service, and you.",
        ),
        section(
            "posture-findings",
            "Device security checks that failed",
            ["Found", "Check", "Clause", "Details", "Put right"],
            [
                (f.found_at, f.check_name, f.clause, f.evidence, f.resolved_at)
                for f in posture_findings.order_by("found_at")
            ],
            origin="The council's systems.",
        ),
        section(
            "software-findings",
            "Software or media on your devices the policy does not allow",
            ["Found", "Check", "What", "Clause", "Details", "Put right"],
            [
                (f.found_at, f.check_name, f.subject, f.clause, f.evidence, f.resolved_at)
                for f in software.order_by("found_at")
            ],
            origin="Software inventory scans of the device.",
        ),
        section(
            "approvals",
            "Approvals you asked for",
            ["Asked", "Kind", "What", "Why", "Status", "Decided", "Reason for refusal"],
            [
                (
                    r.requested_at,
                    r.get_kind_display(),
                    r.summary,
                    r.reason,
                    r.get_status_display(),
                    r.decided_at,
                    r.refusal_reason,
                )
                for r in requests
            ],
            purpose="To approve software, media, recordings and web changes before use "
            "(B 1.1.6, 2.1.4, 8.2.1, C9).",
            origin="You, and those who decided.",
        ),
        section(
            "approval-decisions",
            "Decisions on your approval requests",
            ["Request", "Decided as", "Approved", "Note", "Decided by", "When"],
            [
                (
                    d.request.summary,
                    d.capacity,
                    d.approved,
                    d.note,
                    d.decided_by_label,
                    d.decided_at,
                )
                for d in decisions
            ],
            purpose="To approve software, media, recordings and web changes (C9).",
            origin="Those who decided.",
        ),
        section(
            "recording-consents",
            "Your answers on the recording of meetings",
            ["Meeting", "Agreed", "Answered"],
            [(c.request.summary, c.agreed, c.answered_at) for c in consents],
            purpose="To record a meeting only if everyone present agrees (B 2.1.4).",
            origin="You.",
        ),
        section(
            "charges",
            "Charges to you",
            ["Raised", "Kind", "Amount (£)", "What for", "Status", "Note"],
            [
                (
                    c.created_at,
                    c.get_kind_display(),
                    c.amount,
                    c.description,
                    c.get_status_display(),
                    c.status_note,
                )
                for c in Charge.objects.filter(person=person)
            ],
            purpose="To recover the cost of losses and personal use as the policy and your "
            "contract allow (B 2.2.4).",
            retention=PAY,
            kept_because=PAY_KEPT,
            recipients="The clerk and whoever runs payroll.",
            origin="The clerk.",
        ),
        section(
            "device-tasks",
            "Things you were asked to do about devices",
            ["Task", "Set", "Due", "Done", "Passed to the clerk"],
            [
                (t.title, t.created_at, t.due_at, t.done_at, t.escalated_at)
                for t in Task.objects.filter(person=person)
            ],
            origin="The council's systems.",
        ),
        section(
            "losses",
            "Devices you reported lost or stolen",
            [
                "Device",
                "Kind",
                "What happened",
                "When",
                "Where",
                "Reported",
                "Police reference",
                "Reimbursement",
                "Note",
            ],
            [
                (
                    str(r.subject),
                    r.get_kind_display(),
                    r.what_happened,
                    r.occurred_at,
                    r.where,
                    r.reported_at,
                    r.police_reference,
                    r.reimbursement,
                    r.reimbursement_note,
                )
                for r in LossReport.objects.filter(person=person).select_related(
                    "device", "own_device"
                )
            ],
            origin="You, and the clerk.",
        ),
        section(
            "leaver-checklist",
            "Your leaver's checklist",
            ["Leave date", "Item", "Done", "Note"],
            [(c.leave_date, i.title, i.done_at, i.note) for c in checklists for i in c.items.all()],
            origin="The clerk and the council's systems.",
        ),
    ]


def _device_periods(subject: Subject, time_field: str) -> Q:
    """Software findings concern council devices only (they have no own device)."""
    held = Q(pk__in=[])
    for a in Assignment.objects.filter(person=subject.person):
        period = Q(device_id=a.device_id, **{f"{time_field}__gte": a.issued_at})
        if a.returned_at:
            period &= Q(**{f"{time_field}__lte": a.returned_at})
        held |= period
    return held

"""C27: the committee pack as a PDF. Its text, read back with pdftotext, carries the database's
figures and the same audit chain head as ``councilguard audit head``."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.core.tests.oversight_world import one_of_each
from councilguard.devices.approvals import decide
from councilguard.devices.models import ApprovalRequest, Device
from councilguard.incidents.models import IncidentKind, SecurityIncident
from councilguard.incidents.services import open_incident, record_breach_decision
from councilguard.monitoring.models import Finding
from councilguard.people.models import Person
from councilguard.policies.models import PolicyVersion, VersionStatus
from councilguard.policies.services import acknowledge
from councilguard.reports.models import CommitteePack
from councilguard.testing.world import SETUP


def _text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def month_of_work(world):
    """The one-of-each council, plus a breach decided in time, an approval refused and the
    staff member's acknowledgement, all this month."""
    now = one_of_each(world).now
    second = open_incident(
        world.council,
        IncidentKind.DATA_BREACH,
        actor=SETUP,
        title="Payslips sent to the wrong person",
        description="Two payslips went to a former employee's address.",
        detected_at=now - timedelta(hours=2),
    )
    record_breach_decision(
        second,
        actor=Actor.for_user(world.dp_lead),
        decision="not_reportable",
        reason="Sealed envelopes returned unopened; no risk to the people concerned.",
    )
    decide(
        ApprovalRequest.objects.get(council=world.council),
        approve=False,
        note="Not on the software catalogue.",
        role=Role.IT_PROVIDER,
        actor=Actor.for_user(world.it_provider),
    )
    version = PolicyVersion.objects.get(council=world.council, status=VersionStatus.PUBLISHED)
    acknowledge(version, world.people[Role.STAFF], actor=Actor.for_user(world.staff))
    return world


def test_the_pack_carries_the_databases_figures_and_the_chain_head(month_of_work, tmp_path):
    world = month_of_work
    council = world.council
    month = timezone.localdate().strftime("%Y-%m")
    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    head_before = _command("audit", "head", "ashby")
    out = tmp_path / "pack.pdf"
    said = _command(
        "report", "committee", "--council", "ashby", "--month", month, "--out", str(out)
    )
    pdf = out.read_bytes()
    text = _text(pdf, tmp_path)

    # The figures, counted here from the database.
    devices = Device.objects.filter(council=council).count()
    in_scope = Person.objects.filter(council=council, leave_date__isnull=True).count() + (
        Person.objects.filter(council=council, leave_date__gte=timezone.localdate()).count()
    )
    version = PolicyVersion.objects.get(council=council, status=VersionStatus.PUBLISHED)
    acknowledged = version.acknowledgements.count()
    recorded = SecurityIncident.objects.filter(council=council, reported_at__gte=start).count()
    breaches = SecurityIncident.objects.filter(
        council=council, kind=IncidentKind.DATA_BREACH, reported_at__gte=start
    ).count()
    raised = Finding.objects.filter(council=council, found_at__gte=start).count()
    assert (devices, acknowledged, recorded, breaches, raised) == (2, 1, 3, 2, 1)

    assert f"The register holds {devices} devices." in text
    assert (
        "1 was reported lost or stolen in the period, and 1 approval request was decided (0 approved)."
        in text
    )
    assert f"{round(100 * acknowledged / in_scope)}% ({acknowledged} of {in_scope})" in text
    assert (
        f"{recorded} incidents were recorded in the period, {breaches} of them personal-data breaches."
        in text
    )
    assert "Not reportable" in text and "Not yet decided" in text
    assert f"the rules raised {raised} finding and 0 were reviewed" in text

    # The last page: the head as `audit head` printed it just before, and the chain verified.
    sequence, entry_hash = head_before.split()
    assert f"Audit chain head: sequence {sequence}" in text
    assert entry_hash in text.replace(" ", "")
    assert text.index("Audit chain head") > text.index("Monitoring")
    assert f"Verified when printed: Intact: all {sequence} entries verified." in text
    assert said.endswith(f"audit chain head {sequence} {entry_hash} (intact)")
    # Making it is the next entry, which names the head it printed.
    made = AuditEntry.objects.get(council=council, sequence=int(sequence) + 1)
    assert made.event == Event.COMMITTEE_PACK_MADE
    assert made.changes["chain_hash"] == entry_hash
    assert _command("audit", "head", "ashby").split()[0] == str(int(sequence) + 1)

    # Page numbers, a table of contents with page numbers, charts, tagged text.
    assert "Page 1 of" in text and "Contents" in text
    assert "1. Policies and acknowledgements" in text
    # The charts' figures are text in the SVG, so they are read out too.
    assert "Devices by status" in text and "Incidents by kind" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, check=True).stdout.decode()
    assert "Tagged: yes" in " ".join(info.split())
    assert "Title: Ashby Town Council: committee pack" in " ".join(info.split())
    assert CommitteePack.objects.get(council=council).pdf == pdf


def test_the_committee_reads_the_pack_the_clerk_printed_on_the_site(month_of_work, tmp_path):
    world = month_of_work
    month = timezone.localdate().strftime("%Y-%m")
    clerk = Client()
    clerk.force_login(world.clerk)
    made = clerk.post(reverse("reports:pack_make", kwargs={"council": "ashby"}), {"month": month})
    assert made.status_code == 302
    pack = CommitteePack.objects.get(council=world.council)
    committee = Client()
    committee.force_login(world.committee)
    listing = committee.get(reverse("reports:pack_list", kwargs={"council": "ashby"}))
    assert f"Entry {pack.chain_sequence}, intact" in listing.content.decode()
    assert "Print the pack" not in listing.content.decode()  # the clerk prints them
    pdf = committee.get(made["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    assert f"sequence {pack.chain_sequence}" in _text(pdf.content, tmp_path)


def test_the_command_explains_a_bad_month_or_council(world, tmp_path):
    out = str(tmp_path / "p.pdf")
    with pytest.raises(CommandError, match="not a month written as YYYY-MM"):
        call_command("report", "committee", "--council", "ashby", "--month", "March", "--out", out)
    with pytest.raises(CommandError, match="no council called 'nowhere'"):
        call_command(
            "report", "committee", "--council", "nowhere", "--month", "2026-03", "--out", out
        )
    with pytest.raises(CommandError, match="no council called 'nowhere'"):
        call_command("audit", "head", "nowhere")
    assert not CommitteePack.objects.exists()

"""The adviser bundle (B 5.1.2): a ZIP whose manifest hashes verify, holding the case's summary,
evidence and hashes with everyone but the subject pseudonymised; a disclosure record, audited;
the same from the command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.audit.models import ChainHead
from councilguard.cases import services
from councilguard.cases.bundle import export_case, redactor_for, summary_html
from councilguard.cases.models import CaseExport
from councilguard.cases.testing import make_case, tell
from councilguard.core import personal_data
from councilguard.core.roles import Role
from councilguard.disclosure.models import Disclosure
from councilguard.monitoring.models import Finding
from councilguard.monitoring.testing import make_finding
from councilguard.rights.testing import OTHER_IP, OTHER_NUMBER, OTHER_PROXY_USER, seed_everything
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_case(world, data_dir, tmp_path):
    """A case about the staff member from a web finding and a phone finding, with the raw
    events copied in, and notes naming other people, among data about everyone."""
    seed_everything(world, tmp_path)
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    web = make_finding(world, staff, start=dt.date(2025, 3, 3), days=1, status="escalated")
    phone = Finding.objects.filter(person=staff, source_kind="phone").first()
    case = services.open_case(
        world.council,
        services.NewCase(
            title="Personal use of the council's web and phone",
            kind="misuse_of_it",
            origin="findings",
            allegation=f"Reported by {manager.full_name} ({manager.primary_email}).",
            clauses=["A Misuse"],
            findings=[web, phone],
        ),
        actor=SETUP,
    )
    for finding in (web, phone):
        services.take_extract(case, finding, purpose="To see what happened.", actor=SETUP)
    tell(case)
    services.add_interview(
        case,
        title=f"Interview with {manager.full_name}",
        notes=f"{manager.full_name} ({manager.primary_email}, user {OTHER_PROXY_USER}, "
        f"address {OTHER_IP}, phone {OTHER_NUMBER}) saw the laptop in use.",
        relied_on=True,
        actor=SETUP,
    )
    return case


def _others(world) -> set[str]:
    staff = world.people[Role.STAFF]
    own = {staff.pk}
    values = set()
    for identifier in personal_data.identifiers(world.council):
        if identifier.person_id in own or (staff.user_id and identifier.user_id == staff.user_id):
            continue
        if identifier.value and len(identifier.value.strip()) >= 3:
            values.add(identifier.value.strip().lower())
    return values - {v.lower() for v in _own_values(world)}


def _own_values(world):
    staff = world.people[Role.STAFF]
    return {
        i.value.strip()
        for i in personal_data.identifiers(world.council)
        if i.person_id == staff.pk or (staff.user_id and i.user_id == staff.user_id)
    }


def test_the_bundle_verifies_and_holds_no_one_elses_identifiers(world, seeded_case):
    case = seeded_case
    with assert_audited(world.council, Event.CASE_EXPORTED):
        exported = export_case(
            case, recipient="Ann Wells, Wells & Co", reason="Advice on the findings", actor=SETUP
        )
    with zipfile.ZipFile(exported.path) as bundle:
        names = set(bundle.namelist())
        manifest = json.loads(bundle.read("manifest.json"))
        contents = {name: bundle.read(name) for name in names}
    assert "summary.pdf" in names
    assert contents["summary.pdf"].startswith(b"%PDF-")
    assert {f["name"] for f in manifest["files"]} == names - {"manifest.json"}
    for entry in manifest["files"]:
        assert hashlib.sha256(contents[entry["name"]]).hexdigest() == entry["sha256"]
    head = ChainHead.objects.get(council=world.council)
    assert manifest["audit_chain"]["sequence"] == head.sequence - 1  # the export's own entry
    assert manifest["case"] == case.reference
    # Two findings, their two extracts, the interview notes.
    assert len([n for n in names if n.startswith("evidence/")]) == 5
    others = _others(world)
    assert OTHER_IP in others and OTHER_PROXY_USER in others
    texts = {n: d.decode("utf-8", errors="replace").lower() for n, d in contents.items()}
    texts["summary.html"] = summary_html(case, redactor_for(case), manifest["evidence"]).lower()
    for name, text in texts.items():
        if name == "summary.pdf":
            continue
        for value in others:
            assert value not in text, f"{value!r} found in {name}"
    notes = next(t for n, t in texts.items() if "interview" in n.lower())
    assert "[person " in notes
    # The subject is still named: the bundle is about them.
    assert world.people[Role.STAFF].full_name.lower() in texts["summary.html"]
    # A disclosure record: to whom, why, when, by whom.
    export = CaseExport.objects.get()
    assert export.recipient == "Ann Wells, Wells & Co"
    assert export.reason == "Advice on the findings"
    assert Disclosure.objects.get().sha256 == hashlib.sha256(exported.path.read_bytes()).hexdigest()


def test_the_clerk_exports_on_the_page_and_downloads_it(client, world, data_dir):
    case = make_case(world, "formal_investigation")
    client.force_login(world.clerk)
    url = reverse("cases:case_export", kwargs={"council": world.council.slug, "pk": case.pk})
    response = client.post(url, {"recipient": "", "reason": ""})
    assert "Say who the bundle is for" in response.content.decode()
    response = client.post(url, {"recipient": "Ann Wells, Wells & Co", "reason": "Advice"})
    assert response.status_code == 302
    export = CaseExport.objects.get()
    download = client.get(
        reverse(
            "cases:export_download",
            kwargs={"council": world.council.slug, "pk": case.pk, "export": export.pk},
        )
    )
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as bundle:
        assert "manifest.json" in bundle.namelist()
    # The investigator does not export: that is the clerk's or the DP lead's call.
    client.force_login(world.manager)
    assert client.get(url).status_code == 403

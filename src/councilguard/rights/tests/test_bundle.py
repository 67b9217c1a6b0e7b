"""The subject access bundle: complete (every app that holds personal data is in it), redacted
(no one else's identifiers in any file), reviewed, released through a link that expires."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.personal_data import Subject, gather, providers
from councilguard.core.roles import Role
from councilguard.disclosure.engine import store_dir
from councilguard.people.models import Person
from councilguard.rights import access
from councilguard.rights.models import BundleRelease, RequestStatus
from councilguard.rights.services import RightsError
from councilguard.rights.testing import (
    OTHER_IP,
    OTHER_NUMBER,
    OTHER_PROXY_USER,
    SUBJECT_IP,
    SUBJECT_PROXY_USER,
)
from councilguard.testing.audit import assert_audited


def _stores_personal_data(config) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return any(
        field.is_relation and field.concrete and field.related_model in (Person, user_model)
        for model in config.get_models()
        for field in model._meta.get_fields()
    )


def test_every_app_that_stores_personal_data_declares_a_provider():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("councilguard.")]
    holding = {c.label for c in ours if _stores_personal_data(c)}
    assert {"people", "devices", "monitoring", "phones", "rights"} <= holding  # the test sees them
    missing = sorted(
        c.label for c in ours if c.label in holding and not hasattr(c, "personal_data")
    )
    assert missing == [], f"apps holding personal data without a provider: {missing}"


def _bundle(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built.path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def _rows(files, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[name].decode())))


@pytest.fixture
def built(seeded):
    request = seeded["request"]
    dp_lead = Actor.for_user(seeded["world"].users[Role.DP_LEAD])
    return access.prepare_bundle(request, actor=dp_lead)


def test_the_bundle_holds_data_from_every_app_that_declares_a_provider(seeded, built):
    files = _bundle(built)
    apps_with_rows = {item.app for item in built.items if item.rows}
    declared = {str(config.verbose_name) for config, _ in providers()}
    # The disclosure app holds the bundles made before this one: none yet the first time.
    assert declared - apps_with_rows == {"Disclosures"}
    again = access.prepare_bundle(seeded["request"], actor=Actor.system("test"))
    assert declared == {item.app for item in again.items if item.rows}
    # Spot checks that the right person's data is what arrived.
    web = _rows(files, "events-proxy.csv")
    assert [r["Site"] for r in web] == ["news.example", "shop.example"]
    assert {r["Address"] for r in web} == {SUBJECT_IP}
    assert [r["Site"] for r in _rows(files, "events-dns.csv")] == ["news.example"]
    assert len(_rows(files, "events-phone.csv")) == 2
    assert _rows(files, "vault-reveals.csv")[0]["Entry"].startswith("Office Wi-Fi")
    assert "Checking the finding" in files["monitoring-viewed.csv"].decode()
    assert files["covering-letter.pdf"].startswith(b"%PDF")


def test_the_manifest_hashes_every_file_and_pins_the_audit_chain(built):
    import hashlib

    files = _bundle(built)
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["name"]]).hexdigest() == entry["sha256"]
    assert set(files) == {e["name"] for e in manifest["files"]} | {"manifest.json"}
    head = built.disclosure.council.audit_head
    assert manifest["audit_chain"]["sequence"] <= head.sequence
    assert len(manifest["audit_chain"]["head"]) == 64


def test_no_other_persons_identifiers_are_in_any_file_of_the_bundle(seeded, built):
    w = seeded["world"]
    subject = w.people[Role.STAFF]
    others = [p for p in Person.objects.in_council(w.council) if p.pk != subject.pk]
    forbidden = {OTHER_IP, OTHER_PROXY_USER, OTHER_NUMBER}
    for person in others:
        forbidden |= {person.full_name, *(e.address for e in person.emails.all())}
    for user in w.users.values():
        if user.pk != subject.user_id:
            forbidden.add(user.email)
    text = "\n".join(content.decode(errors="ignore") for content in _bundle(built).values())
    found = sorted(value for value in forbidden if value.lower() in text.lower())
    assert found == []
    # Not vacuous: the subject's own identifiers are there, and others were replaced.
    assert subject.full_name in text and SUBJECT_IP in text and SUBJECT_PROXY_USER in text
    assert "[another person]" in text
    assert len(built.others) >= 3  # line manager, clerk, data protection lead at least
    # The review names them as the people list does.
    named = {name for name, _ in built.others.values()}
    assert {w.people[Role.MANAGER].full_name, w.people[Role.CLERK].full_name} <= named


def test_another_person_is_shown_once_the_dp_lead_records_the_reason(seeded, built):
    request = seeded["request"]
    manager = seeded["world"].people[Role.MANAGER]
    dp_lead = Actor.for_user(seeded["world"].users[Role.DP_LEAD])
    request.refresh_from_db()
    assert f"p:{manager.pk}" in request.draft_review["others"]
    with assert_audited(request.council, Event.RIGHTS_THIRD_PARTY_DISCLOSED):
        access.disclose_third_party(
            request,
            owner_key=f"p:{manager.pk}",
            name=manager.full_name,
            basis="reasonable",
            reason="Acting as line manager",
            actor=dp_lead,
        )
    again = access.prepare_bundle(request, actor=dp_lead)
    assert manager.full_name in _bundle(again)["person-record.csv"].decode()
    assert manager.full_name not in str(request.council.audit_entries.last().changes)


def test_a_withheld_item_is_left_out_with_its_exemption_in_the_letter(
    seeded, built, django_capture_on_commit_callbacks
):
    request = seeded["request"]
    dp_lead = Actor.for_user(seeded["world"].users[Role.DP_LEAD])
    with assert_audited(request.council, Event.RIGHTS_ITEM_WITHHELD):
        access.withhold(
            request,
            source_key="incidents",
            source_title="Security incidents",
            exemption="crime",
            reason="Police investigation open",
            actor=dp_lead,
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = access.prepare_bundle(request, actor=dp_lead)
    files = _bundle(again)
    assert "incidents.csv" not in files
    assert not built.path.exists()  # the draft it replaced, never released, is gone
    manifest = json.loads(files["manifest.json"])
    assert manifest["withheld"] == [
        {
            "title": "Security incidents that name you",
            "exemption": "Prevention or detection of crime (DPA 2018 Sch 2 para 2)",
            "reason": "Police investigation open",
        }
    ]
    with pytest.raises(RightsError, match="reason"):
        access.withhold(
            request,
            source_key="charges",
            source_title="Charges",
            exemption="crime",
            reason=" ",
            actor=dp_lead,
        )


def test_release_gives_a_link_that_expires_and_each_download_is_audited(client, seeded, built):
    w = seeded["world"]
    request = seeded["request"]
    dp_lead = Actor.for_user(w.users[Role.DP_LEAD])
    with assert_audited(request.council, Event.RIGHTS_BUNDLE_RELEASED):
        made, token = access.release(request, actor=dp_lead)
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    url = reverse(
        "rights:download", kwargs={"council": w.council.slug, "pk": request.pk, "token": token}
    )
    client.force_login(w.users[Role.STAFF])
    with assert_audited(request.council, Event.RIGHTS_BUNDLE_DOWNLOADED):
        response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == built.path.read_bytes()
    mine = client.get(reverse("rights:mine", kwargs={"council": w.council.slug})).content
    assert b"A copy of your data was released on" in mine and token.encode() not in mine
    # Someone else holding the link gets nothing, nor does the requester after expiry.
    client.force_login(w.users[Role.COUNCILLOR])
    assert client.get(url).status_code == 403
    client.force_login(w.users[Role.STAFF])
    BundleRelease.objects.filter(pk=made.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(url).status_code == 404
    bad = url.replace(token, "x" + token[1:])
    assert client.get(bad).status_code == 404


def test_identity_must_be_checked_before_the_bundle(world, data_dir):
    from councilguard.rights.testing import make_request

    with pytest.raises(RightsError, match="identity"):
        access.prepare_bundle(make_request(world), actor=Actor.system("test"))


def test_bundles_are_written_only_under_the_data_directory(built):
    assert built.path.parent == store_dir()
    assert not list(store_dir().glob("*.partial"))


def test_a_subject_without_a_person_gathers_only_their_account(world):
    user = world.users[Role.STAFF]
    sections = {s.key for _, s in gather(Subject(world.council, None, user))}
    assert "account" in sections and "person-record" not in sections


def test_the_dp_lead_meets_nothing_of_another_councils_bundle(client, world, other_world):
    from councilguard.rights.testing import make_prepared_request

    theirs = make_prepared_request(other_world)
    client.force_login(world.users[Role.DP_LEAD])
    for name in ("rights:bundle_review", "rights:bundle_draft"):
        url = reverse(name, kwargs={"council": world.council.slug, "pk": theirs.pk})
        assert client.get(url).status_code == 404
    url = reverse("rights:bundle_release", kwargs={"council": world.council.slug, "pk": theirs.pk})
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RequestStatus.IN_REVIEW

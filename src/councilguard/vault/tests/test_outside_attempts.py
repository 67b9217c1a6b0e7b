"""An id that is no entry of this council, tried through this council's address, is an attempt
(B 4.1.5; docs/architecture.md "The vault and incidents"): a 404 that says nothing of any other
council, an audit entry and a security incident in the council whose address was used."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.incidents.models import IncidentKind, IncidentSource, SecurityIncident
from councilguard.testing.audit import assert_audited
from councilguard.testing.refusals import same_answer
from councilguard.testing.vault import make_entry
from councilguard.testing.world import SETUP
from councilguard.vault.services import retire_entry


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def test_another_councils_id_through_ones_own_address_opens_an_incident_here(
    client, world, other_world, django_capture_on_commit_callbacks
):
    theirs = make_entry(other_world, name="Burton bank portal")
    other_trail = AuditEntry.objects.filter(council=other_world.council).count()
    client.force_login(world.staff)
    with (
        assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.get(_url(world, "vault:entry_detail", pk=theirs.pk))
    assert response.status_code == 404
    assert b"Burton" not in response.content

    incident = SecurityIncident.objects.get()
    assert incident.council == world.council
    assert incident.kind == IncidentKind.CREDENTIAL_ATTEMPT
    assert incident.source == IncidentSource.VAULT
    assert incident.subject_user == world.staff
    assert incident.title == "Attempt to reach a vault entry that is not this council's"
    assert incident.description == (
        f"staff@ashby.example (Staff member) tried to open vault entry {theirs.pk} through the "
        "page from 127.0.0.1, which is not an entry of this council, and was refused. The "
        "address was typed or changed by hand: check with them why."
    )
    refused = AuditEntry.objects.get(council=world.council, event=Event.VAULT_ACCESS_REFUSED)
    assert refused.changes == {"entry_id": theirs.pk, "purpose": "view", "via": "page"}
    assert refused.summary == "refused: view via page (not an entry of this council)"
    # Nothing of it in the other council: no entry in its trail, no incident, no e-mail.
    assert AuditEntry.objects.filter(council=other_world.council).count() == other_trail
    assert not SecurityIncident.objects.filter(council=other_world.council).exists()
    assert [m.to for m in mail.outbox] == [["clerk@ashby.example", "deputy_clerk@ashby.example"]]


def test_an_id_that_exists_nowhere_is_treated_exactly_alike(client, world, other_world):
    theirs = make_entry(other_world, name="Burton bank portal")
    nowhere = theirs.pk + 1000
    client.force_login(world.staff)
    there = client.post(_url(world, "vault:entry_reveal", pk=theirs.pk), {"reason": "x"})
    missing = client.post(_url(world, "vault:entry_reveal", pk=nowhere), {"reason": "x"})
    assert same_answer(there) == same_answer(missing)
    assert there.status_code == 404
    refused = AuditEntry.objects.filter(
        council=world.council, event=Event.VAULT_ACCESS_REFUSED
    ).order_by("sequence")
    assert [(e.summary, e.changes) for e in refused] == [
        (
            "refused: reveal via page (not an entry of this council)",
            {"entry_id": theirs.pk, "purpose": "reveal", "via": "page"},
        ),
        (
            "refused: reveal via page (not an entry of this council)",
            {"entry_id": nowhere, "purpose": "reveal", "via": "page"},
        ),
    ]


def test_trying_ids_in_turn_is_counted_on_one_incident(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    for pk in (9001, 9002, 9003):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(_url(world, "vault:entry_detail", pk=pk)).status_code == 404
    incident = SecurityIncident.objects.in_council(world.council).get()
    assert incident.attempts == 3
    assert (
        AuditEntry.objects.filter(council=world.council, event=Event.VAULT_ACCESS_REFUSED).count()
        == 3
    )
    assert len(mail.outbox) == 1  # the clerk is told once


def test_the_api_counts_the_same_attempt(world, other_world):
    theirs = make_entry(other_world, name="Burton bank portal")
    api = APIClient()
    api.force_login(world.clerk)
    url = reverse("api:vault-entry-detail", kwargs={"council": world.council.slug, "pk": theirs.pk})
    with assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED):
        response = api.get(url)
    assert response.status_code == 404
    assert b"Burton" not in response.content
    refused = AuditEntry.objects.get(council=world.council, event=Event.VAULT_ACCESS_REFUSED)
    assert refused.changes == {"entry_id": theirs.pk, "purpose": "view", "via": "api"}


def test_a_retired_entry_of_this_council_is_only_missing(client, world):
    entry = make_entry(world)
    retire_entry(entry, actor=SETUP)
    client.force_login(world.clerk)
    response = client.get(_url(world, "vault:entry_detail", pk=entry.pk))
    assert response.status_code == 404
    assert not SecurityIncident.objects.exists()
    assert not AuditEntry.objects.filter(event=Event.VAULT_ACCESS_REFUSED).exists()


def test_an_id_too_large_for_any_row_is_counted_and_the_trail_still_verifies(client, world):
    client.force_login(world.staff)
    huge = 10**20
    with assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED):
        response = client.get(_url(world, "vault:entry_detail", pk=huge))
    assert response.status_code == 404
    refused = AuditEntry.objects.get(council=world.council, event=Event.VAULT_ACCESS_REFUSED)
    assert refused.changes["entry_id"] == huge

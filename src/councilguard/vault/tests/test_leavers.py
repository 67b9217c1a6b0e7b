"""Leavers (issue 7 part 5): what they could use and what they revealed, with dates; their
access goes at once; what they saw is marked to be changed and shows on their checklist."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.incidents.models import SecurityIncident
from councilguard.testing.audit import assert_audited
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.vault.models import RotationFlag, VaultEntry, VaultRevocation
from councilguard.vault.services import revoke_access_of


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _reveal(client, world, entry, reason="rota"):
    return client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": reason})


def test_the_leaver_checklist_removes_access_and_marks_what_they_saw(
    client, world, django_capture_on_commit_callbacks
):
    seen = make_entry(world, roles=(), people=[world.people[Role.STAFF]], name="Facebook page")
    by_role = make_entry(world, roles=(Role.STAFF,), name="Office Wi-Fi")
    unseen = make_entry(world, roles=(Role.CLERK,), name="Bank portal")
    staff = APIClient()
    staff.force_login(world.staff)
    assert _reveal(staff, world, seen, "posting the events").status_code == 200

    client.force_login(world.clerk)
    person = world.people[Role.STAFF]
    page = client.get(_url(world, "vault:person_access", pk=person.pk)).content.decode()
    assert "Facebook page" in page and "Office Wi-Fi" in page and "Bank portal" not in page
    assert "posting the events" in page
    assert timezone.localdate().strftime("%Y") in page

    with (
        assert_audited(world.council, Event.VAULT_ACCESS_REVOKED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(_url(world, "vault:person_access", pk=person.pk))
    assert response.status_code == 302
    seen.refresh_from_db()
    by_role.refresh_from_db()
    assert seen.rotation_flag == RotationFlag.LEAVER and seen.is_overdue()
    assert not by_role.rotation_flag and not unseen.rotation_flag
    assert person not in seen.allowed_people.all()
    revocation = VaultRevocation.objects.get(person=person)
    assert {e["name"] for e in revocation.could_use} == {"Facebook page", "Office Wi-Fi"}
    assert [e["name"] for e in revocation.flagged_for_rotation] == ["Facebook page"]
    assert mail.outbox[-1].to == [world.it_provider.email]  # the owner is asked to change it

    # Their access is gone at once, whatever their role still says; trying is an incident.
    assert _reveal(staff, world, by_role).status_code == 404
    assert SecurityIncident.objects.in_council(world.council).filter(subject_user=world.staff)

    listing = client.get(_url(world, "vault:leaver_list")).content.decode()
    assert person.full_name in listing and "Facebook page" in listing

    # Recording a new password clears the mark; the checklist shows it as changed.
    client.force_login(world.it_provider)
    client.post(_url(world, "vault:entry_rotate", pk=seen.pk), {"secret": SECRETS[2]})
    seen.refresh_from_db()
    assert not seen.rotation_flag
    client.force_login(world.clerk)
    page = client.get(_url(world, "vault:person_access", pk=person.pk)).content.decode()
    assert "Changed" in page


def test_someone_past_their_leaving_date_uses_nothing(client, world):
    entry = make_entry(world, roles=(Role.STAFF,))
    person = world.people[Role.STAFF]
    person.leave_date = timezone.localdate() - timedelta(days=1)
    person.save(update_fields=["leave_date"])
    client.force_login(world.staff)
    assert _reveal(client, world, entry).status_code == 404
    client.force_login(world.clerk)
    listing = client.get(_url(world, "vault:leaver_list")).content.decode()
    assert person.full_name in listing and "Not removed" in listing
    page = client.get(_url(world, "vault:person_access", pk=person.pk)).content.decode()
    assert entry.name in page  # what they could use, though they can no longer


def test_restoring_access_is_audited(client, world):
    entry = make_entry(world, roles=(Role.STAFF,))
    person = world.people[Role.STAFF]
    revoke_access_of(person, actor=_actor(world))
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.VAULT_ACCESS_RESTORED):
        client.post(_url(world, "vault:person_restore", pk=person.pk))
    client.force_login(world.staff)
    assert _reveal(client, world, entry).status_code == 200


def test_the_leaver_list_through_the_api(world):
    entry = make_entry(world, roles=(Role.STAFF,), name="Office Wi-Fi")
    staff = APIClient()
    staff.force_login(world.staff)
    staff.post(
        reverse("api:vault-entry-reveal", kwargs={"council": world.council.slug, "pk": entry.pk}),
        {"reason": "guest network"},
        format="json",
    )
    api = APIClient()
    api.force_login(world.clerk)
    person = world.people[Role.STAFF]
    url = reverse(
        "api:vault-person-detail", kwargs={"council": world.council.slug, "pk": person.pk}
    )
    body = api.get(url).json()
    assert [e["name"] for e in body["could_use"]] == ["Office Wi-Fi"]
    assert body["revealed"][0]["reason"] == "guest network"
    assert body["access_removed_at"] is None
    with assert_audited(world.council, Event.VAULT_ACCESS_REVOKED):
        body = api.post(url.rstrip("/") + "/revoke/").json()
    assert body["access_removed_at"]
    assert [e["name"] for e in body["to_change"]] == ["Office Wi-Fi"]
    assert VaultEntry.objects.get(pk=entry.pk).rotation_flag == RotationFlag.LEAVER


def _actor(world):
    from councilguard.audit.actors import Actor

    return Actor.for_user(world.clerk)

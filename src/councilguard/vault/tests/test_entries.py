"""Keeping entries (C15): add, change, record a new password, "change now", retire; the three-word
generator; each change audited and no secret ever sent back."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.vault import SECRETS, entry_form, make_entry
from councilguard.vault import crypto
from councilguard.vault.models import RotationFlag, VaultEntry
from councilguard.vault.passphrase import Options, generate, word_list
from councilguard.vault.services import current_kek


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _secret_of(entry: VaultEntry) -> str:
    entry.refresh_from_db()
    return crypto.unseal(entry.sealed, kek=current_kek(), context=entry.context)


def test_the_clerk_adds_an_entry_whose_secret_is_stored_only_encrypted(client, world):
    client.force_login(world.clerk)
    form = entry_form(world, name="Bank portal", system="bank", privileged="on")
    form["allowed_people"] = [world.people[Role.DP_LEAD].pk]
    with assert_audited(world.council, Event.VAULT_ENTRY_CREATED):
        response = client.post(_url(world, "vault:entry_create"), {**form, "secret": SECRETS[1]})
    entry = VaultEntry.objects.get(name="Bank portal")
    assert response["Location"] == _url(world, "vault:entry_detail", pk=entry.pk)
    assert entry.privileged and entry.allowed_roles == ["staff"]
    assert list(entry.allowed_people.all()) == [world.people[Role.DP_LEAD]]
    assert SECRETS[1].encode() not in bytes(entry.ciphertext)
    assert _secret_of(entry) == SECRETS[1]
    created = AuditEntry.objects.get(event=Event.VAULT_ENTRY_CREATED)
    assert created.changes["name"] == "Bank portal"
    assert SECRETS[1] not in str(created.changes)


@pytest.mark.parametrize(
    ("secret", "reason"),
    [("password123456", "common"), ("ashby2026ashby", "ashby"), ("short", "at least 12")],
)
def test_a_weak_password_is_refused_with_the_reason_and_never_sent_back(
    client, world, secret, reason
):
    client.force_login(world.clerk)
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "vault:entry_create"), {**entry_form(world), "secret": secret}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert reason.lower() in page.lower()
    assert f'value="{secret}"' not in page
    assert not VaultEntry.objects.exists()


def test_the_it_provider_may_only_own_what_it_adds(client, world):
    client.force_login(world.it_provider)
    form = {**entry_form(world), "owner": world.people[Role.CLERK].pk, "secret": SECRETS[1]}
    response = client.post(_url(world, "vault:entry_create"), form)
    assert response.status_code == 200  # the clerk is not a choice it has
    assert not VaultEntry.objects.exists()
    form["owner"] = world.people[Role.IT_PROVIDER].pk
    assert client.post(_url(world, "vault:entry_create"), form).status_code == 302


def test_changing_details_records_what_changed(client, world):
    entry = make_entry(world)
    client.force_login(world.clerk)
    form = entry_form(world, name=entry.name, username="office-admin")
    with assert_audited(world.council, Event.VAULT_ENTRY_UPDATED):
        client.post(_url(world, "vault:entry_edit", pk=entry.pk), form)
    changes = AuditEntry.objects.filter(event=Event.VAULT_ENTRY_UPDATED).get().changes
    assert changes["username"] == ["office", "office-admin"]
    assert changes["allowed_roles"][1] == ["staff"]
    with assert_not_audited(world.council):
        client.post(_url(world, "vault:entry_edit", pk=entry.pk), form)


def test_change_now_marks_it_overdue_asks_the_owner_and_a_new_password_clears_it(
    client, world, django_capture_on_commit_callbacks
):
    entry = make_entry(world)
    client.force_login(world.staff)
    with (
        assert_audited(world.council, Event.VAULT_ROTATION_REQUESTED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(
            _url(world, "vault:entry_change_now", pk=entry.pk), {"note": "seen on a screen"}
        )
    entry.refresh_from_db()
    assert entry.rotation_flag == RotationFlag.COMPROMISED and entry.is_overdue()
    assert mail.outbox[-1].to == [world.it_provider.email]
    assert "change the password" in mail.outbox[-1].subject
    assert "Change now" in client.get(_url(world, "vault:entry_list")).content.decode()

    client.force_login(world.it_provider)
    with assert_audited(world.council, Event.VAULT_SECRET_ROTATED):
        response = client.post(
            _url(world, "vault:entry_rotate", pk=entry.pk), {"secret": SECRETS[2]}
        )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.rotation_flag and not entry.is_overdue()
    assert _secret_of(entry) == SECRETS[2]


def test_rotation_through_the_api(world):
    entry = make_entry(world)
    api = APIClient()
    api.force_login(world.it_provider)
    url = reverse("api:vault-entry-rotate", kwargs={"council": world.council.slug, "pk": entry.pk})
    weak = api.post(url, {"secret": "password123456"}, format="json")
    assert weak.status_code == 400 and "common" in str(weak.json()).lower()
    with assert_audited(world.council, Event.VAULT_SECRET_ROTATED):
        response = api.post(url, {"secret": SECRETS[2]}, format="json")
    assert response.status_code == 200
    assert SECRETS[2] not in response.content.decode()
    assert "ciphertext" not in response.json() and "secret" not in response.json()
    assert _secret_of(entry) == SECRETS[2]


def test_an_entry_overdue_by_its_schedule_shows_as_overdue(client, world):
    from datetime import timedelta

    from django.utils import timezone

    entry = make_entry(world)
    VaultEntry.objects.filter(pk=entry.pk).update(
        last_rotated_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(world.staff)
    assert "Overdue" in client.get(_url(world, "vault:entry_list")).content.decode()


def test_a_retired_entry_is_gone_from_every_path(client, world):
    entry = make_entry(world)
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.VAULT_ENTRY_RETIRED):
        client.post(_url(world, "vault:entry_retire", pk=entry.pk))
    client.get(_url(world, "vault:entry_list"))  # shows the "retired" message once
    assert client.get(_url(world, "vault:entry_detail", pk=entry.pk)).status_code == 404
    assert entry.name not in client.get(_url(world, "vault:entry_list")).content.decode()


def test_the_list_shows_only_what_one_may_use(client, world):
    mine = make_entry(world, roles=(Role.COUNCILLOR,))
    other = make_entry(world, roles=(Role.CLERK,))
    client.force_login(world.councillor)
    page = client.get(_url(world, "vault:entry_list")).content.decode()
    assert mine.name in page and other.name not in page
    # The clerk sees every entry, but may reveal only those assigned to it (B 4.1.2).
    client.force_login(world.clerk)
    page = client.get(_url(world, "vault:entry_list")).content.decode()
    assert mine.name in page and other.name in page
    reveal = _url(world, "vault:entry_reveal", pk=mine.pk)
    assert reveal not in page


def test_the_generator_gives_three_random_words_that_pass_the_strength_check(client, world):
    words = set(word_list())
    assert len(words) > 7000
    # The list has no word that a separator would split ("yo-yo" read as two words).
    assert {"yo-yo", "t-shirt"}.isdisjoint(words) and all(w.isalpha() for w in words)
    for options in (Options(), Options(separator="space"), Options(separator="none")):
        phrase = generate(options)
        if options.separator != "none":
            parts = re.split(r"[- ]", phrase)
            assert len(parts) == 3 and set(parts) <= words
    fancy = generate(Options(separator="dot", digits=True, capitals=True))
    *parts, digits = fancy.split(".")
    assert len(parts) == 3 and all(p[0].isupper() for p in parts) and digits.isdigit()
    assert len({generate() for _ in range(5)}) == 5
    client.force_login(world.staff)
    page = client.get(_url(world, "vault:generate"), {"separator": "space"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    fragment = client.get(_url(world, "vault:generate"), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()

"""Findings of the security review: the reveal limit counted in the database, secrets kept off
error pages in debug mode, mail failures after commit, a stale vault key, leavers removed by the
worker, and vault pages never cached."""

from __future__ import annotations

import sys
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.debug import technical_500_response
from rest_framework.test import APIClient

from councilguard.audit import services as audit_services
from councilguard.audit.events import Event
from councilguard.core.jobs import all_schedules
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.incidents.models import SecurityIncident
from councilguard.testing.vault import SECRETS, entry_form, make_entry
from councilguard.testing.world import SETUP
from councilguard.vault import crypto, services
from councilguard.vault.jobs import revoke_leavers_access
from councilguard.vault.models import RotationFlag, SecretReveal, VaultEntry, VaultRevocation

NEW_SECRET = "marble-puffin-orchard-5521"


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _api(world, name, **kwargs):
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


# --- 2: the reveal limit ---------------------------------------------------------------------


def test_the_reveal_limit_counts_reveal_records_not_the_cache(client, world, monkeypatch):
    monkeypatch.setattr(services, "REVEAL_LIMIT", 2)
    entry = make_entry(world)
    client.force_login(world.staff)
    url = _url(world, "vault:entry_reveal", pk=entry.pk)
    for _ in range(2):
        assert client.post(url, {"reason": "rota"}).status_code == 200
        cache.clear()  # the cache losing its counters must not reset the limit
    response = client.post(url, {"reason": "rota"})
    assert response.status_code == 429
    assert SecretReveal.objects.count() == 2
    # Reveals older than the window no longer count.
    SecretReveal.objects.update(
        at=timezone.now() - timedelta(seconds=services.REVEAL_WINDOW_SECONDS + 5)
    )
    assert client.post(url, {"reason": "rota"}).status_code == 200


def test_the_reveal_limit_is_taken_under_a_lock_on_the_person(world):
    if not connection.features.has_select_for_update:
        pytest.skip("the database has no row locks (SQLite serialises writers instead)")
    entry = make_entry(world)
    membership = Membership.objects.get(council=world.council, user=world.staff)
    with CaptureQueriesContext(connection) as queries:
        services.reveal_secret(
            entry, membership=membership, reason="rota", actor=SETUP, via="api", recent_mfa=False
        )
    sql = [q["sql"] for q in queries.captured_queries]
    locked = [i for i, q in enumerate(sql) if "FOR UPDATE" in q and "accounts_user" in q]
    counted = [i for i, q in enumerate(sql) if "COUNT" in q and "vault_secretreveal" in q]
    assert locked and counted and locked[0] < counted[0]


# --- 3: secrets on error pages in debug mode -----------------------------------------------


@pytest.fixture
def error_pages(settings):
    """The technical 500 page Django would show with DEBUG on, for each exception a request
    raises."""
    settings.DEBUG = True
    pages: list[str] = []

    def render(sender, request, **kwargs):
        pages.append(technical_500_response(request, *sys.exc_info()).content.decode())

    got_request_exception.connect(render)
    yield pages
    got_request_exception.disconnect(render)


@pytest.fixture
def audit_fails_on(monkeypatch):
    """Make the audit entry of one event raise, after the secret is in hand."""
    record = audit_services.record

    def failing(event):
        def fake(council, recorded, *args, **kwargs):
            if recorded == event:
                raise RuntimeError("audit store unavailable")
            return record(council, recorded, *args, **kwargs)

        monkeypatch.setattr(audit_services, "record", fake)

    return failing


def test_a_revealed_secret_is_not_on_the_debug_error_page(world, error_pages, audit_fails_on):
    entry = make_entry(world)
    audit_fails_on(Event.VAULT_SECRET_REVEALED)
    page = APIClient()
    page.force_login(world.staff)
    with pytest.raises(RuntimeError):
        page.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "rota"})
    api = APIClient()
    api.force_login(world.staff)
    with pytest.raises(RuntimeError):
        api.post(_api(world, "vault-entry-reveal", pk=entry.pk), {"reason": "x"}, format="json")
    assert len(error_pages) == 2
    for shown in error_pages:
        assert "audit store unavailable" in shown  # it is the error page of that exception
        assert SECRETS[0] not in shown


def test_a_new_secret_is_not_on_the_debug_error_page(world, error_pages, audit_fails_on):
    entry = make_entry(world)
    audit_fails_on(Event.VAULT_SECRET_ROTATED)
    page = APIClient()
    page.force_login(world.it_provider)
    with pytest.raises(RuntimeError):
        page.post(_url(world, "vault:entry_rotate", pk=entry.pk), {"secret": NEW_SECRET})
    api = APIClient()
    api.force_login(world.it_provider)
    with pytest.raises(RuntimeError):
        api.post(
            _api(world, "vault-entry-rotate", pk=entry.pk), {"secret": NEW_SECRET}, format="json"
        )
    with pytest.raises(RuntimeError):
        api.post(_api(world, "vault-entry-rotate", pk=entry.pk), {"secret": NEW_SECRET})
    assert len(error_pages) == 3
    for shown in error_pages:
        assert "audit store unavailable" in shown
        assert NEW_SECRET not in shown
    assert VaultEntry.objects.get(pk=entry.pk).key_id  # nothing was changed


def test_a_secret_given_when_adding_is_not_on_the_debug_error_page(
    world, error_pages, audit_fails_on
):
    audit_fails_on(Event.VAULT_ENTRY_CREATED)
    page = APIClient()
    page.force_login(world.clerk)
    with pytest.raises(RuntimeError):
        page.post(_url(world, "vault:entry_create"), entry_form(world, secret=NEW_SECRET))
    assert len(error_pages) == 1
    assert "audit store unavailable" in error_pages[0]
    assert NEW_SECRET not in error_pages[0]


# --- 4: mail failures after commit -----------------------------------------------------------


class BrokenMail:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP is down")


def test_a_refused_attempt_is_still_a_404_when_the_mail_server_is_down(
    client, world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMail"
    entry = make_entry(world, roles=(Role.CLERK,))
    client.force_login(world.councillor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "x"})
    assert callbacks  # the clerk was to be told
    assert response.status_code == 404
    assert SecurityIncident.objects.in_council(world.council).exists()
    assert "SMTP is down" in caplog.text


def test_change_now_and_leavers_survive_the_mail_server_being_down(
    client, world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMail"
    seen = make_entry(world, roles=(Role.STAFF,))
    other = make_entry(world, roles=(Role.CLERK,))
    client.force_login(world.staff)
    reveal = client.post(_url(world, "vault:entry_reveal", pk=seen.pk), {"reason": "x"})
    assert reveal.status_code == 200
    client.force_login(world.clerk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.revoke_access_of(world.people[Role.STAFF], actor=SETUP)
        response = client.post(
            _url(world, "vault:entry_change_now", pk=other.pk), {"note": "seen on a screen"}
        )
    assert len(callbacks) == 2
    assert response.status_code == 302
    assert VaultEntry.objects.get(pk=seen.pk).rotation_flag == RotationFlag.LEAVER
    assert VaultEntry.objects.get(pk=other.pk).rotation_flag == RotationFlag.COMPROMISED
    assert "SMTP is down" in caplog.text


# --- 5: a process still holding the old vault key --------------------------------------------


def test_a_process_with_the_old_key_refuses_to_write_after_the_key_changed(world, settings):
    entry = make_entry(world)
    new_key = crypto.new_key()
    services.rotate_key(crypto.parse_key(new_key), actor=SETUP)
    # This process still has the old key (it was not restarted).
    with pytest.raises(services.VaultError, match="the vault key was changed; restart"):
        make_entry(world, secret=SECRETS[1])
    with pytest.raises(services.VaultError, match="the vault key was changed; restart"):
        services.rotate_secret(entry, NEW_SECRET, actor=SETUP)
    assert VaultEntry.objects.count() == 1
    assert {e.key_id for e in VaultEntry.objects.all()} == {
        crypto.key_id(crypto.parse_key(new_key))
    }
    # Restarted with the new key: writing works again.
    settings.VAULT_KEY = new_key
    make_entry(world, secret=SECRETS[1])
    services.rotate_secret(entry, NEW_SECRET, actor=SETUP)


# --- 7: leavers ------------------------------------------------------------------------------


def test_the_worker_removes_leavers_access_and_flags_what_they_saw_and_owned(world):
    assert any(s.job is revoke_leavers_access for s in all_schedules())
    leaver = world.people[Role.IT_PROVIDER]
    owned = make_entry(world, roles=(Role.CLERK,), name="Router admin")  # owned by the leaver
    seen = make_entry(world, roles=(Role.IT_PROVIDER,), owner_role=Role.CLERK, name="Bank")
    untouched = make_entry(world, roles=(Role.CLERK,), owner_role=Role.CLERK, name="Payroll")
    SecretReveal.objects.create(
        council=world.council,
        entry=seen,
        user=world.it_provider,
        person=leaver,
        reason="x",
        via="page",
    )
    leaver.leave_date = timezone.localdate() - timedelta(days=1)
    leaver.save(update_fields=["leave_date"])
    staying = world.people[Role.STAFF]
    staying.leave_date = timezone.localdate() + timedelta(days=10)
    staying.save(update_fields=["leave_date"])

    assert revoke_leavers_access.call() == [leaver.pk]
    assert list(VaultRevocation.objects.values_list("person", flat=True)) == [leaver.pk]
    flags = dict(VaultEntry.objects.values_list("pk", "rotation_flag"))
    assert flags[owned.pk] == RotationFlag.LEAVER
    assert flags[seen.pk] == RotationFlag.LEAVER
    assert flags[untouched.pk] == ""
    # Run again: nothing more to do.
    assert revoke_leavers_access.call() == []


def test_removing_access_flags_the_entries_the_person_owns(world):
    owner = world.people[Role.IT_PROVIDER]
    owned = make_entry(world, name="Router admin")
    services.revoke_access_of(owner, actor=SETUP)
    owned.refresh_from_db()
    assert owned.rotation_flag == RotationFlag.LEAVER
    assert owner.full_name in owned.rotation_flag_note
    revocation = VaultRevocation.objects.get(person=owner)
    assert {"id": owned.pk, "name": "Router admin"} in revocation.flagged_for_rotation


# --- 9: never cached -------------------------------------------------------------------------


def test_the_pages_that_take_a_secret_are_never_cached(client, world):
    entry = make_entry(world)
    client.force_login(world.clerk)
    for url in (
        _url(world, "vault:entry_create"),
        _url(world, "vault:entry_edit", pk=entry.pk),
        _url(world, "vault:entry_rotate", pk=entry.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url

"""Revealing a secret (B 4.1.5): permission, a reason each time, a fresh second factor for
administrative entries, a rate limit; and every attempt without permission refused like a
missing entry and opened as a security incident at once."""

from __future__ import annotations

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.incidents.models import IncidentKind, SecurityIncident
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.refusals import same_answer
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.testing.world import PASSWORD, SETUP
from councilguard.totp import current_code
from councilguard.vault import services
from councilguard.vault.models import SecretReveal


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _api(world, name, **kwargs):
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


def _incidents(world):
    return SecurityIncident.objects.in_council(world.council)


def test_someone_allowed_reveals_a_secret_with_a_reason_and_it_is_recorded(client, world):
    entry = make_entry(world, roles=(Role.STAFF,))
    client.force_login(world.staff)
    with assert_audited(world.council, Event.VAULT_SECRET_REVEALED):
        response = client.post(
            _url(world, "vault:entry_reveal", pk=entry.pk),
            {"reason": "updating the noticeboard"},
            REMOTE_ADDR="192.0.2.44",
        )
    assert response.status_code == 200
    assert SECRETS[0] in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    reveal = SecretReveal.objects.get()
    assert (reveal.user, reveal.entry, reveal.reason) == (
        world.staff,
        entry,
        "updating the noticeboard",
    )
    assert reveal.ip_address == "192.0.2.44"
    audit = AuditEntry.objects.filter(event=Event.VAULT_SECRET_REVEALED).get()
    assert audit.changes["reason"] == "updating the noticeboard"
    assert audit.ip_address == "192.0.2.44"
    assert audit.actor_label == world.staff.email
    assert SECRETS[0] not in str(audit.changes) + audit.summary + audit.target_label


def test_the_reveal_form_asks_for_a_reason_and_never_caches(client, world):
    entry = make_entry(world)
    client.force_login(world.staff)
    response = client.get(_url(world, "vault:entry_reveal", pk=entry.pk))
    assert response.status_code == 200
    assert SECRETS[0] not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_reveal_without_a_proper_reason_is_refused(client, world, reason):
    entry = make_entry(world)
    client.force_login(world.staff)
    with assert_not_audited(world.council):
        response = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": reason})
    assert response.status_code == 200
    assert SECRETS[0] not in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not SecretReveal.objects.exists()


def test_the_api_refuses_a_reveal_without_a_reason(world):
    entry = make_entry(world)
    api = APIClient()
    api.force_login(world.staff)
    with assert_not_audited(world.council):
        response = api.post(_api(world, "vault-entry-reveal", pk=entry.pk), {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


def test_a_reason_is_shown_escaped_wherever_it_appears(client, world):
    entry = make_entry(world)
    nasty = '<script>alert("x")</script>'
    client.force_login(world.clerk)
    revealed = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": nasty})
    for response in (revealed, client.get(_url(world, "vault:entry_detail", pk=entry.pk))):
        page = response.content.decode()
        assert nasty not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    trail = client.get(_url(world, "audit:entry_list")).content.decode()
    assert nasty not in trail


def test_reveals_are_rate_limited_and_the_refusal_is_audited(client, world, monkeypatch):
    monkeypatch.setattr(services, "REVEAL_LIMIT", 2)
    entry = make_entry(world)
    client.force_login(world.staff)
    url = _url(world, "vault:entry_reveal", pk=entry.pk)
    for _ in range(2):
        assert client.post(url, {"reason": "rota"}).status_code == 200
    with assert_audited(world.council, Event.VAULT_REVEALS_LIMITED):
        response = client.post(url, {"reason": "rota"})
    assert response.status_code == 429
    assert SECRETS[0] not in response.content.decode()
    # The API shares the limit.
    api = APIClient()
    api.force_login(world.staff)
    response = api.post(
        _api(world, "vault-entry-reveal", pk=entry.pk), {"reason": "x"}, format="json"
    )
    assert response.status_code == 429
    assert SecretReveal.objects.count() == 2


def test_an_entry_one_may_not_use_is_a_404_and_an_incident_the_clerk_hears_of(
    client, world, django_capture_on_commit_callbacks
):
    entry = make_entry(world, roles=(Role.CLERK,), name="Bank portal")
    client.force_login(world.councillor)
    with (
        assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            _url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "curious"}
        )
    assert response.status_code == 404
    missing = client.post(_url(world, "vault:entry_reveal", pk=entry.pk + 1000), {"reason": "x"})
    assert missing.status_code == 404
    assert same_answer(response) == same_answer(missing)  # the same answer as a missing entry
    # (The missing id is an attempt of its own: vault/tests/test_outside_attempts.py.)
    incident = _incidents(world).get(source_ref=f"vault.vaultentry:{entry.pk}")
    assert incident.kind == IncidentKind.CREDENTIAL_ATTEMPT
    assert incident.subject_user == world.councillor
    # The entry is named by its id only: its name is what the person may not see.
    assert f"id {entry.pk}" in incident.description
    assert world.councillor.email in incident.description
    assert "Bank portal" not in incident.title + incident.description
    refused = AuditEntry.objects.filter(event=Event.VAULT_ACCESS_REFUSED).order_by("sequence")[0]
    assert refused.changes["entry_id"] == entry.pk
    assert "Bank portal" not in str(refused.__dict__)
    assert "Bank portal" not in mail.outbox[0].subject + mail.outbox[0].body
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    assert "Unauthorised credential attempt" in mail.outbox[0].subject
    assert SECRETS[0] not in mail.outbox[0].body


def test_a_missing_id_is_a_404_and_an_attempt(client, world):
    # Treated as another council's id is, so neither can be told from the other.
    client.force_login(world.councillor)
    with assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED):
        response = client.get(_url(world, "vault:entry_detail", pk=987654))
    assert response.status_code == 404
    assert _incidents(world).get().source_ref == "vault.vaultentry:elsewhere"


def test_repeated_attempts_count_on_one_incident_and_the_clerk_is_told_once(
    client, world, django_capture_on_commit_callbacks
):
    entry = make_entry(world, roles=(Role.CLERK,))
    client.force_login(world.councillor)
    for path in ("vault:entry_detail", "vault:entry_reveal", "vault:entry_change_now"):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(_url(world, path, pk=entry.pk)).status_code == 404
    incident = _incidents(world).get()
    assert incident.attempts == 3
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(event=Event.VAULT_ACCESS_REFUSED).count() == 3


def test_the_api_refuses_exactly_as_the_pages_do(world):
    entry = make_entry(world, roles=(Role.CLERK,))
    _, raw = issue_token(world.council, name="script", user=world.manager, actor=SETUP)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    listed = api.get(_api(world, "vault-entry-list")).json()
    assert listed["count"] == 0
    with assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED):
        response = api.post(
            _api(world, "vault-entry-reveal", pk=entry.pk), {"reason": "x"}, format="json"
        )
    assert response.status_code == 404
    assert api.get(_api(world, "vault-entry-detail", pk=entry.pk)).status_code == 404
    assert "via API token" in _incidents(world).get().reported_by_label


def test_a_role_that_may_not_change_entries_is_refused_and_reported(client, world):
    entry = make_entry(world)
    client.force_login(world.staff)
    with assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED):
        response = client.post(
            _url(world, "vault:entry_rotate", pk=entry.pk), {"secret": "marble puffin orchard"}
        )
    assert response.status_code == 403
    # A missing id gets the same 403 (the role gate comes first), so nothing is learnt.
    assert client.post(_url(world, "vault:entry_rotate", pk=entry.pk + 99)).status_code == 403
    assert _incidents(world).count() == 1


def test_the_it_provider_changes_what_it_owns_and_nothing_else(client, world):
    own = make_entry(world)
    clerks = make_entry(world, owner_role=Role.CLERK, roles=(Role.CLERK,))
    client.force_login(world.it_provider)
    assert client.get(_url(world, "vault:entry_edit", pk=own.pk)).status_code == 200
    with assert_audited(world.council, Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED):
        response = client.get(_url(world, "vault:entry_edit", pk=clerks.pk))
    assert response.status_code == 404
    listed = client.get(_url(world, "vault:entry_list")).content.decode()
    assert own.name in listed and clerks.name not in listed


def test_another_councils_entry_is_invisible_by_every_path(client, world, other_world):
    theirs = make_entry(other_world, name="Burton bank portal")
    client.force_login(world.clerk)
    paths = [
        ("get", "vault:entry_detail"),
        ("get", "vault:entry_edit"),
        ("post", "vault:entry_reveal"),
        ("post", "vault:entry_rotate"),
        ("post", "vault:entry_change_now"),
        ("post", "vault:entry_retire"),
    ]
    missing = theirs.pk + 1000
    for method, name in paths:
        response = getattr(client, method)(_url(world, name, pk=theirs.pk), {"reason": "x"})
        assert response.status_code == 404, name
        assert b"Burton bank portal" not in response.content
        # Exactly what an id that exists nowhere gets.
        nowhere = getattr(client, method)(_url(world, name, pk=missing), {"reason": "x"})
        assert same_answer(nowhere) == same_answer(response), name
    assert "Burton bank portal" not in client.get(_url(world, "vault:entry_list")).content.decode()
    api = APIClient()
    api.force_login(world.clerk)
    assert all(
        e["id"] != theirs.pk for e in api.get(_api(world, "vault-entry-list")).json()["results"]
    )
    for name, method in (("vault-entry-detail", "get"), ("vault-entry-reveal", "post")):
        response = getattr(api, method)(
            _api(world, name, pk=theirs.pk), {"reason": "x"}, format="json"
        )
        assert response.status_code == 404
        assert b"Burton" not in response.content
    # Through their own council's URL the clerk has no role at all: plain 404.
    response = client.get(
        reverse("vault:entry_detail", kwargs={"council": "burton", "pk": theirs.pk})
    )
    assert response.status_code == 404
    # Another council's id is treated as one that exists nowhere: both are attempts, counted on
    # one incident in the clerk's own council (vault/tests/test_outside_attempts.py), and
    # nothing at all in the other council.
    assert _incidents(world).count() == 1
    assert not _incidents(other_world).exists()
    assert not AuditEntry.objects.filter(
        council=other_world.council, event=Event.VAULT_ACCESS_REFUSED
    ).exists()
    assert not SecretReveal.objects.exists()


def test_another_councils_id_is_not_noted_when_the_role_is_refused(client, world, other_world):
    theirs = make_entry(other_world, name="Burton bank portal")
    client.force_login(world.councillor)  # may not rotate at all: 403 before the entry
    assert client.post(_url(world, "vault:entry_rotate", pk=theirs.pk)).status_code == 403
    api = APIClient()
    api.force_login(world.councillor)
    response = api.post(
        _api(world, "vault-entry-rotate", pk=theirs.pk), {"secret": "x"}, format="json"
    )
    assert response.status_code == 403
    assert not _incidents(world).exists() and not _incidents(other_world).exists()
    assert not AuditEntry.objects.filter(event=Event.VAULT_ACCESS_REFUSED).exists()


def _sign_in_with_mfa(world, role: Role) -> Client:
    client = Client()
    user = world.users[role]
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(
        reverse("mfa_authenticate"), {"code": current_code(world.totp_secrets[role], valid_for=5)}
    )
    return client


def test_an_administrative_entry_needs_a_second_factor_from_the_last_few_minutes(world):
    entry = make_entry(world, privileged=True, roles=(Role.CLERK,), name="Domain registrar")
    client = _sign_in_with_mfa(world, Role.CLERK)
    url = _url(world, "vault:entry_reveal", pk=entry.pk)
    assert SECRETS[0] in client.post(url, {"reason": "renewing"}).content.decode()

    # Ten minutes later the sign-in's second factor no longer counts.
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= 600
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    with assert_not_audited(world.council):
        response = client.post(url, {"reason": "renewing again"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))

    # Confirm with a recovery code (a TOTP code may be used only once), then reveal.
    authenticator = Authenticator.objects.get(
        user=world.clerk, type=Authenticator.Type.RECOVERY_CODES
    )
    code = RecoveryCodes(authenticator).get_unused_codes()[0]
    back = client.post(response["Location"], {"code": code})
    assert back.status_code == 302 and back["Location"] == url
    with assert_audited(world.council, Event.VAULT_SECRET_REVEALED):
        response = client.post(url, {"reason": "renewing again"})
    assert SECRETS[0] in response.content.decode()
    assert AuditEntry.objects.filter(event=Event.VAULT_SECRET_REVEALED).last().changes["privileged"]


def _age_second_factor(client, seconds: int = 600) -> None:
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= seconds
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


def _recovery_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()[0]


def test_an_administrative_entry_asks_for_the_code_first_and_the_reason_once(world):
    entry = make_entry(world, privileged=True, roles=(Role.CLERK,), name="Domain registrar")
    client = _sign_in_with_mfa(world, Role.CLERK)
    _age_second_factor(client)
    url = _url(world, "vault:entry_reveal", pk=entry.pk)

    page = client.get(url).content.decode()
    assert "Confirm it is you" in page
    assert 'name="reason"' not in page
    confirm = reverse("mfa_reauthenticate")
    assert f'href="{confirm}?next=' in page

    code_page = client.get(f"{confirm}?next={url}").content.decode()
    assert "Use your password" not in code_page
    back = client.post(f"{confirm}?next={url}", {"code": _recovery_code(world.clerk)})
    assert back.status_code == 302 and back["Location"] == url

    page = client.get(url).content.decode()
    assert 'name="reason"' in page and "Confirm it is you" not in page
    with assert_audited(world.council, Event.VAULT_SECRET_REVEALED):
        response = client.post(url, {"reason": "renewing the domain"})
    assert SECRETS[0] in response.content.decode()


def test_a_reason_typed_as_the_code_runs_out_waits_for_the_confirmation(world):
    entry = make_entry(world, privileged=True, roles=(Role.CLERK,), name="Domain registrar")
    client = _sign_in_with_mfa(world, Role.CLERK)
    url = _url(world, "vault:entry_reveal", pk=entry.pk)
    client.get(url)
    _age_second_factor(client)  # the page was open for ten minutes
    with assert_not_audited(world.council):
        response = client.post(url, {"reason": "renewing the domain"})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(response["Location"], {"code": _recovery_code(world.clerk)})

    page = client.get(url).content.decode()
    assert 'value="renewing the domain"' in page
    assert "The reason you gave is kept below" in page
    with assert_audited(world.council, Event.VAULT_SECRET_REVEALED):
        client.post(url, {"reason": "renewing the domain"})
    # Revealed: the kept reason is gone, the next reveal asks afresh.
    assert 'value="renewing the domain"' not in client.get(url).content.decode()


def test_an_administrative_entry_is_never_revealed_through_a_token(world):
    entry = make_entry(world, privileged=True, roles=(Role.CLERK,))
    _, raw = issue_token(world.council, name="script", user=world.clerk, actor=SETUP)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with assert_not_audited(world.council):
        response = api.post(
            _api(world, "vault-entry-reveal", pk=entry.pk), {"reason": "x"}, format="json"
        )
    assert response.status_code == 403
    assert SECRETS[0] not in response.content.decode()


def test_someone_without_a_second_factor_is_told_to_set_one_up(client, world):
    entry = make_entry(world, privileged=True, roles=(Role.STAFF,))
    client.force_login(world.staff)
    response = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "x"})
    assert response.status_code == 403
    assert "Set up two-factor authentication" in response.content.decode()


def test_a_tampered_entry_shows_a_clear_error_and_nothing_else(client, world):
    entry = make_entry(world)
    stored = bytearray(entry.ciphertext)
    stored[-1] ^= 0x01
    type(entry).objects.filter(pk=entry.pk).update(ciphertext=bytes(stored))
    client.force_login(world.staff)
    with assert_audited(world.council, Event.VAULT_SECRET_UNREADABLE):
        response = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "x"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "cannot be read" in page
    # The detail is for the log and the audit trail, not the page.
    assert "integrity check" not in page
    unreadable = AuditEntry.objects.filter(event=Event.VAULT_SECRET_UNREADABLE).get()
    assert "failed its integrity check" in unreadable.changes["problem"]
    assert not SecretReveal.objects.exists()


def test_the_wrong_key_shows_a_clear_error(client, world, settings):
    from councilguard.vault import crypto

    entry = make_entry(world)
    settings.VAULT_KEY = crypto.new_key()
    client.force_login(world.staff)
    response = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "x"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "cannot be read" in page
    # No key ids or raw error text for the user; they are in the audit trail.
    assert entry.key_id not in page and "does not match" not in page
    unreadable = AuditEntry.objects.filter(event=Event.VAULT_SECRET_UNREADABLE).get()
    assert "does not match the one the entries were encrypted with" in unreadable.changes["problem"]
    api = APIClient()
    api.force_login(world.staff)
    response = api.post(
        _api(world, "vault-entry-reveal", pk=entry.pk), {"reason": "x"}, format="json"
    )
    assert response.status_code == 500
    assert entry.key_id not in response.content.decode()
    assert "does not match" not in response.content.decode()

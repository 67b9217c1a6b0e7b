"""Issue 12: the right password followed by wrong authenticator codes is the clearest sign that
someone else knows the password. Through the real allauth sign-in, each wrong code counts
toward the council's failed sign-in incident, which says so in words."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.incidents.models import FailedSignIn, IncidentKind, SecurityIncident
from councilguard.incidents.services import change_settings
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import PASSWORD, SETUP
from councilguard.totp import current_code

WRONG_PASSWORD = "wrong horse battery"


def _password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _wrong_code(secret: str) -> str:
    # Neither this period's code nor its neighbours' (allauth allows some drift).
    right = int(current_code(secret, valid_for=5))
    return f"{(right + 500_000) % 1_000_000:06d}"


def _stolen_password_attempts(world, times: int) -> Client:
    """Sign in as the clerk with the right password, then type ``times`` wrong codes."""
    client = Client()
    response = _password_step(client, world.clerk.email)
    assert response["Location"] == reverse("mfa_authenticate")
    for _ in range(times):
        response = client.post(
            reverse("mfa_authenticate"), {"code": _wrong_code(world.totp_secrets[Role.CLERK])}
        )
        assert response.status_code == 200  # the code form again, with its error
    return client


def test_four_wrong_codes_after_the_right_password_open_nothing_yet(world):
    _stolen_password_attempts(world, 4)
    assert list(FailedSignIn.objects.values_list("stage", flat=True)) == ["second_factor"] * 4
    assert not SecurityIncident.objects.exists()


def test_the_fifth_wrong_code_opens_an_incident_that_says_the_password_was_right(
    world, django_capture_on_commit_callbacks
):
    client = _stolen_password_attempts(world, 4)
    with (
        django_capture_on_commit_callbacks(execute=True),
        assert_audited(world.council, Event.INCIDENT_OPENED),
    ):
        client.post(
            reverse("mfa_authenticate"), {"code": _wrong_code(world.totp_secrets[Role.CLERK])}
        )
    incident = SecurityIncident.objects.get()
    assert incident.council == world.council
    assert incident.kind == IncidentKind.FAILED_SIGN_INS
    assert incident.subject_user == world.clerk
    assert incident.title == "Repeated failed sign-ins to clerk@ashby.example"
    assert incident.description == (
        "5 failed sign-ins to the account clerk@ashby.example within 15 minutes, from "
        "127.0.0.1. Further attempts are refused for a while. In all of them the password was "
        "right but the authenticator code was wrong: someone else very likely knows the "
        "password. Change it now, and check with the account's owner that their authenticator "
        "is still only theirs."
    )
    assert [m.to for m in mail.outbox] == [["clerk@ashby.example", "deputy_clerk@ashby.example"]]
    # The account is locked as before: even the right code is refused now, and the refusal
    # (made before any code is checked) opens nothing more.
    response = client.post(
        reverse("mfa_authenticate"),
        {"code": current_code(world.totp_secrets[Role.CLERK], valid_for=5)},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert SecurityIncident.objects.count() == 1


def test_wrong_passwords_and_wrong_codes_count_together(world):
    change_settings(world.council, actor=SETUP, failed_sign_in_limit=4, failed_sign_in_minutes=30)
    for _ in range(2):
        _password_step(Client(), world.clerk.email, WRONG_PASSWORD)
    _stolen_password_attempts(world, 1)
    assert not SecurityIncident.objects.exists()  # three of four
    _stolen_password_attempts(world, 1)
    incident = SecurityIncident.objects.get()
    assert incident.description == (
        "4 failed sign-ins to the account clerk@ashby.example within 30 minutes, from "
        "127.0.0.1. Further attempts are refused for a while. In 2 of them the password was "
        "right but the authenticator code was wrong: someone else very likely knows the "
        "password. Change it now, and check with the account's owner that their authenticator "
        "is still only theirs."
    )


def test_wrong_passwords_alone_keep_their_own_words(world):
    change_settings(world.council, actor=SETUP, failed_sign_in_limit=2, failed_sign_in_minutes=15)
    for _ in range(2):
        _password_step(Client(), world.clerk.email, WRONG_PASSWORD)
    assert "the password was right" not in SecurityIncident.objects.get().description


def test_a_right_code_after_wrong_ones_signs_in_and_the_wrong_ones_still_count(world):
    client = _stolen_password_attempts(world, 2)
    response = client.post(
        reverse("mfa_authenticate"),
        {"code": current_code(world.totp_secrets[Role.CLERK], valid_for=5)},
    )
    assert response.status_code == 302
    assert FailedSignIn.objects.filter(user=world.clerk, stage="second_factor").count() == 2


def test_a_wrong_code_when_confirming_it_is_you_is_not_a_failed_sign_in(world):
    client = Client()
    _password_step(client, world.clerk.email)
    client.post(
        reverse("mfa_authenticate"),
        {"code": current_code(world.totp_secrets[Role.CLERK], valid_for=5)},
    )
    response = client.post(
        reverse("mfa_reauthenticate"), {"code": _wrong_code(world.totp_secrets[Role.CLERK])}
    )
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()  # the code was checked, and refused
    assert not FailedSignIn.objects.exists()

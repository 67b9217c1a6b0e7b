"""Sign-in (C14): strong passwords, MFA for privileged roles, rate limits, disabled accounts."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings as project_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from councilguard.accounts.models import User
from councilguard.accounts.services import AccessError, disable_user, remove_access
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import PASSWORD, make_world
from councilguard.totp import current_code


@pytest.mark.parametrize(
    "password", ["purple candle river", "PurpleCandleRiver", "otter satchel glacier"]
)
def test_three_random_words_are_accepted(password):
    validate_password(password, User(email="sam@ashby.example"))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password123456", "common"),
        ("Password1!", "at least 12"),
        ("qwertyuiop123", "common"),
        ("towncouncil2026", "guessed"),
        ("sam.tully@ashby", "similar"),
        ("aaaaaaaaaaaaaaaa", "Repeats"),
    ],
)
def test_common_and_guessable_passwords_are_refused_with_a_reason(password, reason):
    user = User(email="sam.tully@ashby.example", full_name="Sam Tully")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    text = " ".join(refused.value.messages)
    assert reason.lower() in text.lower(), text


def test_the_name_of_ones_own_council_counts_as_guessable(world):
    with pytest.raises(ValidationError):
        validate_password("ashby staff 2026", world.staff)
    validate_password("otter satchel glacier", world.staff)


def test_passwords_are_hashed_with_argon2(settings, db):
    from councilguard import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # undo the tests' fast hashing
    user = User.objects.create_user("argon@ashby.example", "otter satchel glacier")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("otter satchel glacier")


def _sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_clerk_signs_in_with_a_password_and_an_authenticator_code(world):
    client = Client()
    response = _sign_in(client, world.clerk.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Without the second step nothing is reachable.
    home = reverse("core:home", kwargs={"council": world.council.slug})
    assert client.get(home).status_code == 302
    code = current_code(world.totp_secrets[Role.CLERK], valid_for=5)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(home).status_code == 200


def test_a_privileged_role_without_mfa_must_set_it_up_before_anything_else(db):
    world = make_world("nomfa", with_mfa=False)
    client = Client()
    assert _sign_in(client, world.clerk.email).status_code == 302
    for path in (
        reverse("core:home", kwargs={"council": world.council.slug}),
        reverse("people:person_list", kwargs={"council": world.council.slug}),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == project_settings.MFA_SETUP_URL
    assert client.get(reverse("api:council_list")).status_code == 403
    # A made-up token header does not get a page past the rule.
    people = reverse("people:person_list", kwargs={"council": world.council.slug})
    assert client.get(people, HTTP_AUTHORIZATION="Bearer whatever").status_code == 302

    # Setting up MFA: confirm the password, scan the secret, enter a code.
    setup = project_settings.MFA_SETUP_URL
    response = client.get(setup)
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(setup).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(setup, {"code": current_code(secret, valid_for=5)})
    assert response.status_code == 302
    home = reverse("core:home", kwargs={"council": world.council.slug})
    assert client.get(home).status_code == 200


def test_staff_without_mfa_can_work(db):
    world = make_world("staffonly", with_mfa=False)
    client = Client()
    _sign_in(client, world.staff.email)
    response = client.get(reverse("core:home", kwargs={"council": world.council.slug}))
    assert response.status_code == 200


def test_repeated_failed_sign_ins_are_refused_even_with_the_right_password(world):
    client = Client()
    for _ in range(5):
        response = _sign_in(client, world.staff.email, "wrong horse battery")
        assert response.status_code == 200
    response = _sign_in(client, world.staff.email)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_disabling_a_user_ends_all_their_sessions_at_once(world):
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        _sign_in(device, world.staff.email)
    assert UserSession.objects.filter(user=world.staff).count() == 2
    home = reverse("core:home", kwargs={"council": world.council.slug})
    assert phone.get(home).status_code == 200

    with assert_audited(world.council, Event.USER_DISABLED, Event.VAULT_ACCESS_REVOKED):
        disable_user(world.staff, actor=Actor.for_user(world.clerk))

    assert UserSession.objects.filter(user=world.staff).count() == 0
    for device in (phone, laptop):
        response = device.get(home)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    again = Client()
    assert _sign_in(again, world.staff.email)["Location"] == reverse("account_inactive")
    assert "_auth_user_id" not in again.session


def test_removing_someones_last_role_disables_them(world):
    client = Client()
    _sign_in(client, world.councillor.email)
    membership = world.councillor.memberships.get()
    with assert_audited(
        world.council, Event.MEMBERSHIP_REVOKED, Event.VAULT_ACCESS_REVOKED, Event.USER_DISABLED
    ):
        remove_access(membership, actor=Actor.for_user(world.clerk))
    world.councillor.refresh_from_db()
    assert not world.councillor.is_active
    assert client.get(reverse("core:start")).status_code == 302


def test_the_last_clerk_cannot_be_removed(world):
    with pytest.raises(AccessError, match="no clerk left"):
        remove_access(world.clerk.memberships.get(), actor=Actor.for_user(world.clerk))
    with pytest.raises(AccessError, match="no clerk left"):
        disable_user(world.clerk, actor=Actor.system("test"))


def test_nobody_can_sign_themselves_up(db):
    response = Client().post(
        reverse("account_signup"),
        {"email": "new@ashby.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert b"closed" in response.content.lower()
    assert not User.objects.filter(email="new@ashby.example").exists()

"""The product's own error pages: what happened and where to go, in words, also in demo mode."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from councilguard.core.roles import Role
from councilguard.testing.words import visible_text
from councilguard.testing.world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world("ashby")


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])
def test_a_missing_page_is_the_products_own_in_production_and_in_the_demo(world, debug):
    with override_settings(DEBUG=debug):
        response = _client(world.clerk).get("/c/ashby/no-such-page/")
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert "Page not found" in text
    assert "If you typed the web address, check it is correct." in text
    # Django's debug page would list the site's URL patterns.
    assert "URLconf" not in text and "api/" not in text
    assert "Go to the start page" in text


def test_a_missing_object_keeps_the_councils_menu_and_a_way_back(world):
    response = _client(world.clerk).get("/c/ashby/people/999999/")
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert "Go to the dashboard of Ashby Town Council" in text
    assert 'aria-label="Menu"' in response.content.decode()


def test_another_councils_pages_look_like_pages_that_are_not_there(world):
    make_world("burton")
    with override_settings(DEBUG=True):
        response = _client(world.clerk).get("/c/burton/people/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_refusal_says_which_role_the_person_holds_and_who_to_ask(world):
    response = _client(world.users[Role.STAFF]).get("/c/ashby/audit/")
    assert response.status_code == 403
    text = visible_text(response.content.decode())
    assert "You cannot do this here" in text
    assert (
        "Your role at Ashby Town Council is staff member. That role does not include this page."
    ) in text
    assert "ask the clerk to change your role" in text
    assert "Go to the dashboard of Ashby Town Council" in text


def test_a_form_sent_without_its_security_token_is_explained(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk)
    response = client.post("/c/ashby/people/add/", {"full_name": "Ivy Moss"})
    assert response.status_code == 403
    text = visible_text(response.content.decode())
    assert "Your form could not be sent" in text
    assert "nothing was changed" in text
    assert "CSRF" not in text


def test_a_fault_of_ours_is_a_page_in_words_that_needs_no_request():
    from django.template.loader import render_to_string

    text = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in text
    assert "Go to the start page" in text


def test_a_bad_request_is_a_page_in_words():
    from django.template.loader import render_to_string

    text = render_to_string("400.html")
    assert "Sorry, that request could not be read" in text
    assert "nothing was changed" in text


def test_the_sign_in_and_password_pages_speak_like_the_rest_of_the_site(world):
    client = _client(world.clerk)
    second_factor = visible_text(client.get("/accounts/2fa/").content.decode())
    assert "Two-factor authentication Authenticator app" in second_factor
    assert "You sign in with a code from an authenticator app." in second_factor
    assert "Two-Factor Authentication" not in second_factor
    password = visible_text(client.get("/accounts/password/change/").content.decode())
    assert "Change password Current password" in password
    assert "Change Password" not in password
    reset = visible_text(Client().get("/accounts/password/reset/").content.decode())
    assert "Reset your password" in reset
    assert "If no e-mail arrives, ask your council's clerk." in reset

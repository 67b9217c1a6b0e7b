"""Every page and endpoint, for everyone: signed out, each role, and another council."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from councilguard.core.roles import Role
from councilguard.testing.matrix import API, EXEMPT_PREFIXES, PAGES, Entry

ENTRIES = PAGES + API


def _request(client, entry: Entry, url: str, data: dict):
    call = getattr(client, entry.method)
    if entry.api and entry.method != "get" and "file" not in data:
        return call(url, data, format="json")
    return call(url, data)


def _client(entry: Entry, user=None):
    client = APIClient() if entry.api else Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_signed_out_visitors_are_sent_to_sign_in(entry, world):
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    response = _request(_client(entry), entry, url, entry.data(world))
    if entry.public:
        assert response.status_code in (200, 503)  # the deployment's health, not a refusal
    elif entry.api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_each_role_gets_exactly_what_the_matrix_allows(entry, role, world):
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    response = _request(_client(entry, world.users[role]), entry, url, entry.data(world))
    if entry.public:
        assert response.status_code in (200, 503)
    elif role in entry.allowed:
        if entry.method == "get" and not entry.redirects:
            assert response.status_code == 200, response.content[:500]
        else:  # a change answers with the object or a redirect back to a council page
            assert response.status_code in (200, 201, 302), response.content[:500]
            if response.status_code == 302:
                assert response["Location"].startswith(("/c/", "/api/"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.council_scoped], ids=lambda e: e.id)
def test_the_clerk_of_another_council_finds_nothing(entry, world, other_world):
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    client = _client(entry, other_world.users[Role.CLERK])
    response = _request(client, entry, url, entry.data(world))
    assert response.status_code == 404


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.foreign_kwargs], ids=lambda e: e.id)
def test_another_councils_object_is_missing_even_through_ones_own_council(
    entry, world, other_world
):
    url = reverse(entry.url_name, kwargs=entry.foreign_kwargs(world, other_world))
    client = _client(entry, world.users[Role.CLERK])
    response = _request(client, entry, url, entry.data(world))
    assert response.status_code == 404


def test_an_api_token_works_only_in_its_own_council(world, other_world):
    from councilguard.api.services import issue_token
    from councilguard.testing.world import SETUP

    _, raw = issue_token(world.council, name="t", user=world.it_provider, actor=SETUP)
    # The IT provider also serves the other council, but this token is not for it.
    from councilguard.accounts.services import grant_role

    grant_role(
        other_world.council, email=world.it_provider.email, role=Role.IT_PROVIDER, actor=SETUP
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    own = client.get(reverse("api:person-list", kwargs={"council": world.council.slug}))
    other = client.get(reverse("api:person-list", kwargs={"council": other_world.council.slug}))
    assert own.status_code == 200
    assert other.status_code == 404
    councils = client.get(reverse("api:council_list")).json()
    assert [c["slug"] for c in councils] == [world.council.slug]


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _all_url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.pattern}"


def test_every_served_url_is_in_the_matrix():
    covered = {entry.url_name for entry in ENTRIES}
    missing = sorted(
        name
        for name in set(_all_url_names())
        if name not in covered
        and not name.startswith(tuple(EXEMPT_PREFIXES))
        and not name.endswith("-format")  # DRF's ".json" suffix routes of listed endpoints
    )
    assert not missing, f"add these to testing/matrix.py: {missing}"

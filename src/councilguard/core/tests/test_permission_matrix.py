"""Every page and endpoint, by URL and method, for everyone: signed out, each role, each role
without a people-list entry, and another council. The expectations are the matrix's own
(testing/matrix.py), written out, never read from core.roles."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.test import APIClient

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.testing.matrix import API, EXEMPT_PREFIXES, PAGES, Entry
from councilguard.testing.world import World, add_member_off_the_list, make_world

ENTRIES = PAGES + API


@pytest.fixture(scope="module")
def _worlds(django_db_setup, django_db_blocker):
    """Two councils built once for the module, inside a transaction rolled back at its end; each
    test runs in a savepoint of it (pytest-django's ``db``), so what a request changes is undone
    before the next."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            with override_settings(PASSWORD_HASHERS=fast):
                world, other = make_world("ashby"), make_world("burton")
                for role in Role:
                    add_member_off_the_list(world, role)
            yield world, other
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _fresh(world):
    """Forget what the previous test's makers cached on the world (its rows are rolled back)."""
    for name in [n for n in vars(world) if n not in World.__dataclass_fields__]:
        delattr(world, name)
    world.acting = None
    return world


@pytest.fixture
def world(_worlds, db):
    return _fresh(_worlds[0])


@pytest.fixture
def other_world(_worlds, db):
    return _fresh(_worlds[1])


def _request(client, entry: Entry, url: str, data: dict):
    call = getattr(client, entry.method)
    if entry.api and entry.method != "get" and not {"file", "files"} & set(data):
        return call(url, data, format="json")
    return call(url, data)


def _client(entry: Entry, user=None):
    client = APIClient() if entry.api else Client()
    if user is not None:
        client.force_login(user)
    return client


def _as(entry: Entry, world, user):
    """Request ``entry`` as ``user``; the audit events it wrote to the council and the answer."""
    world.acting = user
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    data = entry.data(world)
    before = AuditEntry.objects.filter(council=world.council).count()
    response = _request(_client(entry, user), entry, url, data)
    events = list(
        AuditEntry.objects.filter(council=world.council)
        .order_by("sequence")[before:]
        .values_list("event", flat=True)
    )
    return response, events


def _assert_allowed(
    entry: Entry, response, events: list[str], *, redirect_to: str | None = None
) -> None:
    if not entry.writes:
        if entry.redirects:
            assert response.status_code == 302
            assert response["Location"].startswith("/c/")
        else:
            assert response.status_code == 200, response.content[:500]
        return
    # A change proves it happened: an HTML form sends the user on (a form shown again with a
    # 200 is a refusal of the input), an endpoint answers 200 or 201; and the audit entry.
    if entry.api:
        assert response.status_code in (200, 201), response.content[:500]
    elif entry.answers_with_page:
        assert response.status_code == 200, response.content[:500]
    else:
        assert response.status_code == 302, response.content[:500]
        if redirect_to or entry.redirect_to:
            view_name = resolve(response["Location"].split("?")[0]).view_name
            assert view_name == (redirect_to or entry.redirect_to)
    if entry.audits:
        assert entry.audits in events, f"expected {entry.audits}, wrote {events}"


# A refusal may itself be recorded (B 4.1.5: an attempt on a vault entry one may not use opens
# an incident); nothing else may be written.
REFUSAL_EVENTS = {Event.VAULT_ACCESS_REFUSED, Event.INCIDENT_OPENED}


def _assert_refused(entry: Entry, response, events: list[str], *, or_missing=False) -> None:
    # Off the people list, a manager's team is empty: one of its pages is missing (404), as
    # for anyone outside the team.
    assert response.status_code in ((403, 404) if or_missing else (403,))
    done = [e for e in events if e not in REFUSAL_EVENTS]
    assert not done, f"a refused request wrote {done}"


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
    response, events = _as(entry, world, world.users[role])
    if entry.public:
        assert response.status_code in (200, 503)  # the deployment's health, the same for all
    elif entry.allowed_for(role):
        _assert_allowed(entry, response, events)
    else:
        _assert_refused(entry, response, events)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_each_role_off_the_people_list_gets_exactly_what_the_matrix_allows(entry, role, world):
    response, events = _as(entry, world, world.off_the_list[role])
    if entry.public:
        assert response.status_code in (200, 503)
    elif entry.allowed_for(role, on_the_list=False):
        _assert_allowed(entry, response, events, redirect_to=entry.redirect_off_the_list)
    else:
        _assert_refused(entry, response, events, or_missing=entry.allowed_for(role))


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


def _served(name: str) -> bool:
    return not name.startswith(tuple(EXEMPT_PREFIXES)) and not name.endswith(
        "-format"  # DRF's ".json" suffix routes of listed endpoints
    )


def test_every_served_url_is_in_the_matrix():
    covered = {entry.url_name for entry in ENTRIES}
    missing = sorted(
        name for name in set(_all_url_names()) if _served(name) and name not in covered
    )
    assert not missing, f"add these to testing/matrix.py: {missing}"


def _api_methods(pattern: URLPattern) -> set[str] | None:
    """The methods an API route answers, from the view itself (HEAD and OPTIONS aside: they
    read, as GET does); None for a page that is not DRF's."""
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions:  # a viewset route: method -> action
        return set(actions) - {"head", "options"}
    cls = getattr(callback, "cls", None)
    if cls is None:
        return None
    return {m for m in cls.http_method_names if hasattr(cls, m)} - {"head", "options"}


def _api_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _api_routes(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            methods = _api_methods(pattern)
            if methods is not None:
                yield f"{namespace}{pattern.name}", methods


def test_every_method_each_api_route_answers_is_in_the_matrix():
    listed = {(e.url_name, e.method) for e in ENTRIES}
    missing = sorted(
        f"{method.upper()} {name}"
        for name, methods in _api_routes()
        if _served(name)
        for method in methods
        if (name, method) not in listed
    )
    assert not missing, f"add these to testing/matrix.py: {missing}"


def _page_routes(resolver=None, namespace=""):
    """Every served page (not DRF's) and the view that answers it."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _page_routes(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and _api_methods(pattern) is None:
            name = f"{namespace}{pattern.name or pattern.pattern}"
            if _served(name):
                yield name, pattern.callback


def test_every_page_states_the_methods_it_answers():
    """core.tenancy's require_GET, require_GET_or_POST or require_POST on every page view: a
    page that states nothing answers a POST as if it were a GET."""
    unstated = sorted(
        name for name, view in _page_routes() if getattr(view, "allowed_methods", None) is None
    )
    assert not unstated, f"give these views a method decorator from core.tenancy: {unstated}"


def _pages_methods() -> set[tuple[str, str]]:
    """(url name, method) for every method a page's view answers, HEAD aside (a GET)."""
    return {
        (name, method.lower())
        for name, view in _page_routes()
        for method in getattr(view, "allowed_methods", ())
        if method != "HEAD"
    }


def test_every_method_each_page_answers_is_in_the_matrix():
    listed = {(e.url_name, e.method) for e in ENTRIES}
    missing = sorted(f"{method.upper()} {name}" for name, method in _pages_methods() - listed)
    assert not missing, f"add these to testing/matrix.py: {missing}"


def test_the_matrix_lists_no_method_a_page_does_not_answer():
    answered = _pages_methods()
    pages = {name for name, _ in _page_routes()}
    extra = sorted(
        e.id for e in ENTRIES if e.url_name in pages and (e.url_name, e.method) not in answered
    )
    assert not extra, f"these entries name a method their view refuses: {extra}"


_ANSWERS_POST = {name for name, method in _pages_methods() if method == "post"}


@pytest.mark.parametrize(
    "entry",
    [e for e in PAGES if e.method == "get" and e.url_name not in _ANSWERS_POST and not e.public],
    ids=lambda e: e.url_name,
)
def test_a_page_that_only_shows_refuses_a_post_from_a_member_allowed_there(
    entry, world, other_world
):
    """The decorator is real: the clerk (or whoever may) sending a form to a page that only
    shows meets a 405, and nothing is written. It sits inside council_view, so those outside
    still meet the sign-in page, or a council that is not there for them."""
    role = Role.CLERK if entry.allowed_for(Role.CLERK) else sorted(entry.allowed)[0]
    world.acting = world.users[role]
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    before = AuditEntry.objects.filter(council=world.council).count()
    response = _client(entry, world.users[role]).post(url, {})
    assert response.status_code == 405
    assert AuditEntry.objects.filter(council=world.council).count() == before
    if entry.council_scoped:
        signed_out = _client(entry).post(url, {})
        assert signed_out.status_code == 302
        assert signed_out["Location"].startswith(reverse("account_login"))
        outsider = _client(entry, other_world.users[Role.CLERK]).post(url, {})
        assert outsider.status_code == 404


@pytest.mark.parametrize("entry", [e for e in PAGES if e.method == "get"], ids=lambda e: e.url_name)
def test_pages_answer_no_method_a_form_cannot_send(entry, world):
    """A page takes GET and POST at most (core.tenancy.PAGE_METHODS); a page whose POST is
    listed must not also answer GET unless that is listed too."""
    client = _client(entry, world.users[Role.CLERK])
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405, method


@pytest.mark.parametrize(
    "entry",
    [
        e
        for e in PAGES
        if e.method == "post" and (e.url_name, "get") not in {(x.url_name, x.method) for x in PAGES}
    ],
    ids=lambda e: e.url_name,
)
def test_a_page_listed_only_for_post_refuses_get(entry, world):
    client = _client(entry, world.users[Role.CLERK])
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    for method in ("get", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405, method


def test_every_change_in_the_matrix_says_how_it_proves_it_happened():
    unproved = [e.id for e in ENTRIES if e.writes and not e.redirects and not e.audits]
    assert not unproved, f"give these an audit event (audits=...): {unproved}"

"""Accessibility as a test (C-wide, WCAG 2.2 A and AA): every page of the permission matrix
(testing/matrix.py, so pages added later are included without being named here) is opened in
Chromium, as a role that may see it, at 1280 px and at 390 px wide; axe-core (pinned, bundled
in axe-playwright-python) finds no violation, and at 390 px nothing scrolls sideways.

Each page is rendered by Django's test client in a savepoint of one council built for the
module, as the permission matrix does, and handed to Chromium with the real stylesheet and
scripts, so no live server (and no second database connection) is needed."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from councilguard.core.roles import Role
from councilguard.testing.browser import ARGS, CHROMIUM
from councilguard.testing.matrix import PAGES, Entry
from councilguard.testing.needs import require
from councilguard.testing.world import World, make_world

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ORIGIN = "http://councilguard.test"
# The API's own documentation page is third-party markup (Swagger UI / ReDoc) and is left to
# its own project; every page of the product is checked.
_NOT_OURS = ("api",)
SCREENS = [
    pytest.param({"viewport": {"width": 1280, "height": 900}}, id="1280px"),
    pytest.param(
        {
            "viewport": {"width": 390, "height": 844},
            "is_mobile": True,
            "has_touch": True,
            "device_scale_factor": 2,
        },
        id="390px",
    ),
]


def _viewer(entry: Entry) -> Role:
    """The clerk where the clerk may open the page, else the first role that may."""
    if entry.allowed_for(Role.CLERK):
        return Role.CLERK
    return next(role for role in Role if entry.allowed_for(role))


PAGES_SHOWN = [
    e
    for e in PAGES
    if e.method == "get"
    and not e.public
    and not e.redirects
    and not e.url_name.startswith(_NOT_OURS)
    and not e.url_name.endswith(("_export", "_download", "_screenshot"))  # files, not pages
]


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            with override_settings(PASSWORD_HASHERS=fast):
                yield make_world("ashby")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_world, db):
    for name in [n for n in vars(_world) if n not in World.__dataclass_fields__]:
        delattr(_world, name)
    return _world


class _Chromium:
    """Chromium driven from a thread of its own: Playwright's sync API runs an event loop in
    its thread, and Django would give ORM calls made under it a second database connection
    (locked out by the module's open transaction). Pages are rendered here, checked there."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1)
        self._thread.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def check(self, html: str, path: str, screen: dict) -> tuple[int, str, int, list[str]]:
        """(axe violations, axe's report, the page's width in px, what sticks out)."""
        return self._thread.submit(self._check, html, path, screen).result()

    def _check(self, html: str, path: str, screen: dict) -> tuple[int, str, int, list[str]]:
        from axe_playwright_python.sync_playwright import Axe

        context = self._browser.new_context(**screen)
        try:
            page = context.new_page()
            page.route(f"{ORIGIN}/**", _serve(html, path))
            page.goto(f"{ORIGIN}{path}")
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
            width = page.evaluate("document.documentElement.scrollWidth")
            return (
                results.violations_count,
                results.generate_report(),
                width,
                page.evaluate(_WIDE, screen["viewport"]["width"]),
            )
        finally:
            context.close()

    def close(self) -> None:
        def stop() -> None:
            self._browser.close()
            self._playwright.stop()

        self._thread.submit(stop).result()
        self._thread.shutdown()


@pytest.fixture(scope="module")
def chromium():
    require(os.path.exists(CHROMIUM), "Chromium is not installed (apt-get install chromium)")
    browser = _Chromium()
    yield browser
    browser.close()


# The outermost elements reaching past the screen's right edge, to say what to wrap.
_WIDE = """(w) => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > w + 1)
  .filter(e => !(e.parentElement.getBoundingClientRect().right > w + 1))
  .slice(0, 5)
  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`)"""


def _render(entry: Entry, world: World) -> tuple[str, str]:
    user = world.users[_viewer(entry)]
    world.acting = user
    client = Client()
    client.force_login(user)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world))
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return url, response.content.decode()


def _serve(html: str, path: str):
    """Answer Chromium's requests: the page itself, and the static files from disk."""

    def handle(route):
        asked = urlsplit(route.request.url).path
        if asked == path:
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        if asked.startswith("/static/"):
            found = finders.find(asked.removeprefix("/static/"))
            if found:
                return route.fulfill(status=200, path=found)
        return route.fulfill(status=404, body="")

    return handle


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("entry", PAGES_SHOWN, ids=lambda e: e.url_name)
def test_the_page_passes_axe_and_fits_the_screen(entry, screen, world, chromium):
    path, html = _render(entry, world)
    violations, report, scrolled, wide = chromium.check(html, path, screen)
    assert violations == 0, report
    width = screen["viewport"]["width"]
    assert scrolled <= width, f"the page is {scrolled} px wide on a {width} px screen: {wide}"


def test_the_check_itself_finds_a_violation_and_a_page_too_wide(chromium):
    screen = SCREENS[1].values[0]
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title><meta name="viewport" '
        'content="width=device-width, initial-scale=1"></head><body><main>'
        '<img src="/static/none.png"><div style="width:800px">wide</div></main></body></html>'
    )
    violations, report, scrolled, wide = chromium.check(html, "/broken/", screen)
    assert violations >= 1 and "image-alt" in report
    assert scrolled > 390
    assert wide == ["div."]

"""Drive Debian's Chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connections

from councilguard.testing.needs import require
from councilguard.testing.world import PASSWORD
from councilguard.totp import current_code

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    require(
        os.path.exists(CHROMIUM),
        "Chromium is not installed (apt-get install chromium); .ci/run installs it",
    )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
        # ORM calls made while Playwright's loop runs get a connection of their own; close it
        # here, or PostgreSQL cannot drop the test database afterwards.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield context.new_page()
    context.close()


def sign_in(page, live_server, world, role="clerk"):
    """Sign in through the real pages, with the authenticator code where the role has one."""
    user = world.users[role]
    page.goto(f"{live_server.url}/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    if role in world.totp_secrets:
        page.wait_for_selector("input[name=code]")
        page.fill("input[name=code]", current_code(world.totp_secrets[role], valid_for=5))
        page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()

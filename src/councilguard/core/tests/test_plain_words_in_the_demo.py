"""The demo council in use, read by every role: starting from the dashboard and following
every link within the council, no page holds code where a person reads it, and none fails.

The walk follows links rather than a list of pages, so pages that other apps add are read
too, with the demo data their loaders put in (audit trail, findings, devices...). Pages of the
same shape (/devices/12/ and /devices/13/) are read once."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client, override_settings

from councilguard.accounts.models import User
from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.testing.words import codes_in, codes_in_text

START = f"/c/{DEMO_SLUG}/"
# Downloads that are not text, and pages that change something when opened are none (GET
# never changes anything here), so only binary downloads are left out.
_BINARY = re.compile(r"\.(pdf|parquet|zip|docx|png)$|/download/")
MOST_PAGES = 250


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith(START):
            self.links.append(href.split("#")[0])


def _shape(url: str) -> str:
    path, _, query = url.partition("?")
    return re.sub(r"\d+", "N", path) + ("?" + re.sub(r"=[^&]*", "=", query) if query else "")


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    # The demo writes files (an adviser's bundle, frozen evidence) under DATA_DIR: the walk
    # must read them where the demo wrote them, never in the developer's var/.
    return tmp_path_factory.mktemp("demo") / "data"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_data):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            with override_settings(PASSWORD_HASHERS=fast, DATA_DIR=demo_data):
                load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _walk(client: Client) -> dict[str, list[str]]:
    """What each page reached from the dashboard holds that reads like code, by URL."""
    problems: dict[str, list[str]] = {}
    seen, queue = set(), [START]
    while queue and len(seen) < MOST_PAGES:
        url = queue.pop(0)
        if _shape(url) in seen or _BINARY.search(url):
            continue
        seen.add(_shape(url))
        response = client.get(url)
        if response.status_code != 200:
            if response.status_code >= 500:
                problems[url] = [f"answered {response.status_code}"]
            continue
        kind = response.get("Content-Type", "")
        if kind.startswith("text/csv"):
            body = b"".join(response.streaming_content) if response.streaming else response.content
            found = codes_in_text(body.decode("utf-8-sig").split("\n", 1)[0])
        elif kind.startswith("text/html"):
            html = response.content.decode()
            found = codes_in(html)
            parser = _Links()
            parser.feed(html)
            queue.extend(parser.links)
        else:
            continue
        if found:
            problems[url] = found
    return problems


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_page_the_demo_shows_is_in_words(role, demo, demo_data, db, settings):
    settings.DATA_DIR = demo_data
    membership = Membership.objects.filter(council__slug=DEMO_SLUG, role=role).first()
    assert membership is not None, f"the demo has no {role.label}"
    client = Client()
    client.force_login(User.objects.get(pk=membership.user_id))
    problems = _walk(client)
    assert not problems, "\n".join(f"{url}\n  " + "\n  ".join(p) for url, p in problems.items())

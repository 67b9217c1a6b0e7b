"""Every page a person reads is in words, not code: each GET page of the permission matrix
(testing/matrix.py, so a page added later is scanned without being named here), as every role
that may open it, holds no snake_case name, enum value, Python value or repr, system actor or
internal "#id" in its visible text; a CSV export's header row is in words too."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from councilguard.core.roles import Role
from councilguard.testing.matrix import PAGES, Entry
from councilguard.testing.words import codes_in, codes_in_text, visible_text
from councilguard.testing.world import World, make_world

READ_PAGES = [e for e in PAGES if e.method == "get" and not e.public and not e.redirects]
CASES = [(entry, role) for entry in READ_PAGES for role in Role if entry.allowed_for(role)]


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    """One council built once for the module; each test runs in a savepoint of it."""
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


def _read(entry: Entry, world: World, role: Role):
    user = world.users[role]
    world.acting = user
    client = Client()
    client.force_login(user)
    response = client.get(reverse(entry.url_name, kwargs=entry.kwargs(world)))
    assert response.status_code == 200, response.content[:300]
    return response


@pytest.mark.parametrize(
    ("entry", "role"), CASES, ids=[f"{e.url_name}-{r.value}" for e, r in CASES]
)
def test_the_page_is_in_words(entry, role, world):
    response = _read(entry, world, role)
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        html = response.content.decode()
        assert visible_text(html), "the page has no text at all"
        found = codes_in(html)
        assert not found, "\n".join(found)
    elif kind.startswith("text/csv"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        header = body.decode("utf-8-sig").splitlines()[0]
        found = codes_in_text(header)
        assert not found, "\n".join(found)


def test_the_scanner_finds_code_and_leaves_words_alone():
    assert codes_in("<p>It_provider: approved by system:demo</p>")
    assert codes_in("<p>Changed: unattributed_lines</p>")
    assert codes_in("<p>Laptop (#11)</p>")
    assert codes_in("<p>Kept (None)</p>")
    assert codes_in("<p>Held: True</p>")
    assert codes_in("<p>Sources: ['squid', 'mdm']</p>")
    assert codes_in("<p>On &lt;Person: Ivy Moss&gt;</p>")
    assert codes_in("<p>Plain words, written out: 3 lines not matched.</p>") == []
    # What is not read is not scanned: scripts, attributes, text marked as verbatim.
    assert codes_in('<script>var snake_case = None;</script><a href="/x_y/" id="a_b">Go</a>') == []
    assert codes_in('<p>File <span class="cg-verbatim">phone_bill_2026.csv</span></p>') == []
    assert codes_in("<p>Write to ivy_moss@ashby.example</p>") == []
    # A token's first characters are what the person holds; random letters can look like
    # snake_case ("cgp_wnx8dxg") and are still not code. Other prefixes still are.
    assert codes_in("<p>Nightly uploads (cgp_wnx8dxg…) Token: cgp_wnx8dxg</p>") == []
    assert codes_in("<p>Laptop token (cg_abcdefgh…)</p>") == []
    assert codes_in("<p>Token: cgx_abcdefgh</p>")

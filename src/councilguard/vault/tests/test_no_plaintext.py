"""B 4.1.3 and DESIGN 10: after secrets are added, revealed, refused, rotated and re-keyed through
the pages, the API and the command line, no test secret is in any table (every column, read
with raw SQL), in any SQL statement sent, in the log output or in any e-mail. Runs on SQLite
and on PostgreSQL alike."""

from __future__ import annotations

import logging

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.core.roles import Role
from councilguard.testing.vault import SECRETS, entry_form
from councilguard.vault import crypto
from councilguard.vault.models import VaultEntry

# A secret given in a form that was then refused: it must not be kept anywhere either.
REFUSED = "zebra-quartz-noodle-5512"
ALL_SECRETS = (*SECRETS, REFUSED)


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _everything_stored() -> list[tuple[str, object]]:
    values = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                values.extend((table, value) for value in row)
    return values


def _contains(value: object, secret: str) -> bool:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return secret.encode() in value
    return secret in str(value)


def test_no_test_secret_is_stored_logged_or_mailed_in_plain_text(
    world, other_world, caplog, tmp_path, settings, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        clerk = APIClient()
        clerk.force_login(world.clerk)
        form = {**entry_form(world, name="Bank portal"), "allowed_roles": ["clerk", "staff"]}
        clerk.post(_url(world, "vault:entry_create"), {**form, "secret": SECRETS[0]})
        entry = VaultEntry.objects.get(name="Bank portal")
        # Refused (the name is taken): the secret typed is dropped.
        clerk.post(_url(world, "vault:entry_create"), {**form, "secret": REFUSED})
        assert VaultEntry.objects.count() == 1

        staff = APIClient()
        staff.force_login(world.staff)
        page = staff.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "paying"})
        assert SECRETS[0] in page.content.decode()
        api = staff.post(
            reverse("api:vault-entry-reveal", kwargs={"council": "ashby", "pk": entry.pk}),
            {"reason": "paying"},
            format="json",
        )
        assert api.json()["secret"] == SECRETS[0]
        # Refused attempts, through a page and the API.
        councillor = APIClient()
        councillor.force_login(world.councillor)
        councillor.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "x"})
        councillor.post(
            reverse("api:vault-entry-reveal", kwargs={"council": "ashby", "pk": entry.pk}),
            {"reason": "x"},
            format="json",
        )
        staff.post(_url(world, "vault:entry_change_now", pk=entry.pk), {"note": "seen"})
        clerk.post(_url(world, "vault:entry_rotate", pk=entry.pk), {"secret": SECRETS[1]})
        clerk.post(
            reverse("api:vault-entry-rotate", kwargs={"council": "ashby", "pk": entry.pk}),
            {"secret": SECRETS[2]},
            format="json",
        )
        clerk.post(_url(world, "vault:person_access", pk=world.people[Role.STAFF].pk))
        key_file = tmp_path / "new.key"
        key_file.write_text(crypto.new_key())
        call_command("vault", "rotate-key", "--new-key-file", str(key_file))
        settings.VAULT_KEY = key_file.read_text()
        again = clerk.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "check"})
        assert SECRETS[2] in again.content.decode()

    stored = _everything_stored()
    assert len(stored) > 100  # the scan really read the tables
    sent = [q["sql"] for q in queries.captured_queries]
    logged = caplog.text
    mails = [m.subject + m.body for m in mail.outbox]
    assert mails  # the clerk was told of the attempts, the owner asked to change it
    for secret in ALL_SECRETS:
        found = sorted({table for table, value in stored if _contains(value, secret)})
        assert not found, f"{secret!r} stored in plain text in: {found}"
        assert not [sql for sql in sent if secret in sql], f"{secret!r} sent in SQL"
        assert secret not in logged, f"{secret!r} in the log output"
        assert not [m for m in mails if secret in m], f"{secret!r} in an e-mail"
    call_command("audit", "verify")

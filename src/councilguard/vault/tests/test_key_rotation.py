"""Changing the vault key (DESIGN 10): ``councilguard vault rotate-key`` re-wraps every entry in
one transaction, audited; afterwards only the new key opens them, and the start-up check names
a key that does not match."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.testing.audit import assert_audited
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.vault import crypto
from councilguard.vault.checks import vault_key_matches
from councilguard.vault.models import VaultEntry


@pytest.fixture
def new_key_file(tmp_path):
    path = tmp_path / "new.key"
    path.write_text(crypto.new_key() + "\n")
    return path


def _reveal(world, entry):
    api = APIClient()
    api.force_login(world.staff)
    url = reverse("api:vault-entry-reveal", kwargs={"council": world.council.slug, "pk": entry.pk})
    return api.post(url, {"reason": "after the key change"}, format="json")


def test_rotating_the_key_rewraps_every_entry_of_every_council(
    world, other_world, new_key_file, settings, capsys
):
    ours = make_entry(world, secret=SECRETS[0])
    theirs = make_entry(other_world, secret=SECRETS[1])
    before = {e.pk: bytes(e.ciphertext) for e in VaultEntry.objects.all()}
    assert vault_key_matches() == []

    with (
        assert_audited(world.council, Event.VAULT_KEY_ROTATED),
        assert_audited(other_world.council, Event.VAULT_KEY_ROTATED),
    ):
        call_command("vault", "rotate-key", "--new-key-file", str(new_key_file))
    out = capsys.readouterr().out
    assert "2 entries re-wrapped" in out and "set COUNCILGUARD_VAULT_KEY" in out

    for entry in VaultEntry.objects.all():
        assert bytes(entry.ciphertext) == before[entry.pk]  # the secrets were not re-encrypted
    # Until the operator switches keys, the old one is refused clearly, at start-up and on use.
    errors = vault_key_matches()
    assert [e.id for e in errors] == ["vault.E002"]
    assert "does not match" in errors[0].msg
    assert _reveal(world, ours).status_code == 500
    with pytest.raises(CommandError, match="cannot be opened"):
        call_command("vault", "check")

    settings.VAULT_KEY = new_key_file.read_text().strip()
    assert vault_key_matches() == []
    call_command("vault", "check")
    response = _reveal(world, ours)
    assert response.status_code == 200 and response.json()["secret"] == SECRETS[0]
    other = APIClient()
    other.force_login(other_world.users[Role.STAFF])
    url = reverse("api:vault-entry-reveal", kwargs={"council": "burton", "pk": theirs.pk})
    assert other.post(url, {"reason": "x"}, format="json").json()["secret"] == SECRETS[1]
    call_command("audit", "verify")


def test_a_damaged_entry_stops_the_whole_change(world, new_key_file):
    good = make_entry(world)
    bad = make_entry(world)
    wrapped = bytearray(bad.wrapped_key)
    wrapped[-1] ^= 1
    VaultEntry.objects.filter(pk=bad.pk).update(wrapped_key=bytes(wrapped))
    with pytest.raises(CommandError, match="nothing changed: the stored data key"):
        call_command("vault", "rotate-key", "--new-key-file", str(new_key_file))
    good.refresh_from_db()
    assert good.key_id == crypto.key_id(crypto.parse_key(_current()))


def test_the_same_key_or_a_malformed_one_is_refused(world, tmp_path):
    make_entry(world)
    same = tmp_path / "same.key"
    same.write_text(_current())
    with pytest.raises(CommandError, match="the new key is the key in use"):
        call_command("vault", "rotate-key", "--new-key-file", str(same))
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    with pytest.raises(CommandError, match="32 random bytes"):
        call_command("vault", "rotate-key", "--new-key-file", str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("vault", "rotate-key", "--new-key-file", str(tmp_path / "missing"))


def test_in_demo_mode_the_key_file_in_var_gets_the_new_key(world, new_key_file, settings, tmp_path):
    make_entry(world)
    demo_file = tmp_path / "vault_key"
    demo_file.write_text(settings.VAULT_KEY)
    settings.VAULT_KEY_DEMO_FILE = demo_file
    call_command("vault", "rotate-key", "--new-key-file", str(new_key_file))
    assert demo_file.read_text() == new_key_file.read_text().strip()


def test_new_key_prints_a_usable_key(capsys):
    call_command("vault", "new-key")
    assert len(crypto.parse_key(capsys.readouterr().out.strip())) == 32


def _current() -> str:
    from django.conf import settings

    return settings.VAULT_KEY

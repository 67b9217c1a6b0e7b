"""Envelope encryption (DESIGN 10): a changed ciphertext or wrapped key, a row's secret moved to
another row, or the wrong key each fail with a clear error, never with garbage."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from councilguard.vault import crypto
from councilguard.vault.services import current_kek

KEK = crypto.parse_key(crypto.new_key())
HERE = crypto.context_for(1, "entry-a")


def _flip(blob: bytes, at: int) -> bytes:
    changed = bytearray(blob)
    changed[at] ^= 0x01
    return bytes(changed)


def test_a_sealed_secret_opens_with_its_key_and_context():
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    assert b"purple" not in sealed.ciphertext + sealed.wrapped_key
    assert crypto.unseal(sealed, kek=KEK, context=HERE) == "purple candle river"


def _nonce(blob: bytes) -> bytes:
    # Stored layout: version (1) | nonce (12) | AES-GCM output.
    assert blob[:1] == crypto.VERSION
    return bytes(blob[1 : 1 + crypto.NONCE_BYTES])


def test_each_seal_uses_a_fresh_data_key_and_nonce():
    one = crypto.seal("same", kek=KEK, context=HERE)
    two = crypto.seal("same", kek=KEK, context=HERE)
    # The nonces themselves differ, in both layers and between them.
    nonces = [_nonce(one.ciphertext), _nonce(two.ciphertext)]
    nonces += [_nonce(one.wrapped_key), _nonce(two.wrapped_key)]
    assert len(set(nonces)) == 4
    assert all(len(n) == crypto.NONCE_BYTES for n in nonces)
    # The data keys differ too (the wrapped keys open to different keys).
    keys = {crypto._unwrap(s, kek=KEK, context=HERE) for s in (one, two)}
    assert len(keys) == 2
    # The nonce is the one the ciphertext was made with: sealing again with it reproduces it.
    data_key = crypto._unwrap(one, kek=KEK, context=HERE)
    body = bytes(one.ciphertext[1 + crypto.NONCE_BYTES :])
    remade = AESGCM(data_key).encrypt(_nonce(one.ciphertext), b"same", b"secret|" + HERE)
    assert remade == body


@pytest.mark.parametrize("at", [0, 5, 20, -1])
def test_a_tampered_ciphertext_fails_with_a_clear_error(at):
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    tampered = crypto.Sealed(_flip(sealed.ciphertext, at), sealed.wrapped_key, sealed.key_id)
    with pytest.raises(crypto.SecretUnreadable) as refused:
        crypto.unseal(tampered, kek=KEK, context=HERE)
    assert "integrity check" in str(refused.value)


@pytest.mark.parametrize("at", [0, 5, 20, -1])
def test_a_tampered_wrapped_key_fails_with_a_clear_error(at):
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    tampered = crypto.Sealed(sealed.ciphertext, _flip(sealed.wrapped_key, at), sealed.key_id)
    with pytest.raises(crypto.SecretUnreadable, match="data key failed its integrity check"):
        crypto.unseal(tampered, kek=KEK, context=HERE)


def test_a_secret_copied_onto_another_entry_does_not_open():
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    elsewhere = crypto.context_for(2, "entry-a")
    with pytest.raises(crypto.SecretUnreadable):
        crypto.unseal(sealed, kek=KEK, context=elsewhere)


def test_the_wrong_key_is_named_as_the_wrong_key():
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    other = crypto.parse_key(crypto.new_key())
    with pytest.raises(crypto.VaultKeyError, match="does not match the one the entries"):
        crypto.unseal(sealed, kek=other, context=HERE)


def test_a_forged_key_id_still_cannot_open_with_the_wrong_key():
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    other = crypto.parse_key(crypto.new_key())
    forged = crypto.Sealed(sealed.ciphertext, sealed.wrapped_key, crypto.key_id(other))
    with pytest.raises(crypto.SecretUnreadable):
        crypto.unseal(forged, kek=other, context=HERE)


def test_rewrapping_changes_only_the_wrapped_key():
    sealed = crypto.seal("purple candle river", kek=KEK, context=HERE)
    new = crypto.parse_key(crypto.new_key())
    moved = crypto.rewrap(sealed, old_kek=KEK, new_kek=new, context=HERE)
    assert moved.ciphertext == sealed.ciphertext
    assert moved.key_id == crypto.key_id(new) != sealed.key_id
    assert crypto.unseal(moved, kek=new, context=HERE) == "purple candle river"
    with pytest.raises(crypto.VaultKeyError):
        crypto.unseal(moved, kek=KEK, context=HERE)


@pytest.mark.parametrize(
    "text",
    ["", "short", "not base64 at all!!", crypto.new_key()[:-8]],
    ids=["empty", "short", "not base64", "truncated key"],
)
def test_a_malformed_key_is_refused(text):
    with pytest.raises(crypto.VaultKeyError):
        crypto.parse_key(text)


def test_the_key_id_reveals_nothing_of_the_key():
    text = crypto.new_key()
    raw = crypto.parse_key(text)
    ident = crypto.key_id(raw)
    # It is the HMAC of a fixed label under the key, cut short; not any part of the key.
    expected = hmac.new(raw, b"councilguard vault key id v1", hashlib.sha256).hexdigest()[:16]
    assert ident == expected
    assert len(ident) == 16
    assert ident not in raw.hex() and ident not in text
    assert crypto.key_id(crypto.parse_key(crypto.new_key())) != ident


def test_the_service_uses_the_configured_key(settings):
    from councilguard.vault.tests.conftest import TEST_KEY

    assert current_kek() == crypto.parse_key(TEST_KEY)


def _start(env_changes: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_VAULT_KEY")}
    env.update(
        COUNCILGUARD_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        **env_changes,
    )
    return subprocess.run(
        [sys.executable, "-m", "councilguard.cli", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_a_malformed_key_stops_start_up_with_one_line(tmp_path):
    result = _start({"COUNCILGUARD_VAULT_KEY": "tooshort"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "councilguard: configuration: COUNCILGUARD_VAULT_KEY must be the URL-safe base64 of 32 "
        "random bytes; make one with: councilguard vault new-key"
    )


def test_production_refuses_to_start_without_a_vault_key(tmp_path):
    result = _start(
        {
            "COUNCILGUARD_ENV": "production",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "councilguard.example",
            "COUNCILGUARD_VAULT_KEY": "",
        },
        tmp_path,
    )
    assert result.returncode == 2
    assert "COUNCILGUARD_VAULT_KEY (or COUNCILGUARD_VAULT_KEY_FILE) must be set" in result.stderr


def test_the_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "vault.key"
    key_file.write_text(crypto.new_key() + "\n")
    result = _start(
        {"COUNCILGUARD_VAULT_KEY": "", "COUNCILGUARD_VAULT_KEY_FILE": str(key_file)}, tmp_path
    )
    assert result.returncode == 0, result.stderr

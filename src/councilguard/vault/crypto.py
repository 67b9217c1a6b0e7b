"""Envelope encryption of vault secrets (DESIGN 10; B 4.1.3: never stored in plain text).

Each entry's secret is encrypted with AES-256-GCM under its own random 256-bit data key; the data
key is itself encrypted ("wrapped") with AES-256-GCM under the key-encryption key (KEK) from
``COUNCILGUARD_VAULT_KEY``. Both layers carry associated data naming the council and the entry,
so a ciphertext or a wrapped key copied onto another row fails its integrity check instead of
decrypting. Each entry stores a short identifier of the KEK that wrapped it, so a wrong key is
reported as a wrong key, never as garbage. Changing the KEK re-wraps the data keys and leaves
the ciphertexts alone.

Stored layout (bytes): ``version (1) | nonce (12) | AES-GCM output (ciphertext + 16-byte tag)``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.views.decorators.debug import sensitive_variables

KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = b"\x01"
_KEY_ID_LABEL = b"councilguard vault key id v1"


class VaultKeyError(Exception):
    """The key-encryption key is missing, malformed, or not the one the entries were
    encrypted with. The message says which, and never contains key material."""


class SecretUnreadable(Exception):
    """A stored ciphertext or wrapped key failed its integrity check: it was changed, or it was
    copied from another entry."""


@dataclass(frozen=True)
class Sealed:
    """An encrypted secret as stored on its entry."""

    ciphertext: bytes
    wrapped_key: bytes
    key_id: str


def new_key() -> str:
    """A fresh key-encryption key, in the form COUNCILGUARD_VAULT_KEY takes."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


@lru_cache(maxsize=8)
def parse_key(text: str) -> bytes:
    """The 32 raw bytes of a key given as URL-safe base64 (padding optional)."""
    text = (text or "").strip()
    if not text:
        raise VaultKeyError("no vault key is set (COUNCILGUARD_VAULT_KEY or _FILE)")
    try:
        raw = base64.b64decode(
            text.encode("ascii") + b"=" * (-len(text) % 4), altchars=b"-_", validate=True
        )
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise VaultKeyError("the vault key must be the URL-safe base64 of 32 random bytes")
    return raw


def key_id(kek: bytes) -> str:
    """A short, non-secret name for a KEK: an HMAC under the key itself, so it identifies the
    key without revealing anything about it."""
    return hmac.new(kek, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def context_for(council_id: int, entry_uid: str) -> bytes:
    """The associated data that binds a secret to its council and entry."""
    return f"council={council_id};entry={entry_uid}".encode()


# sensitive_variables(): every local of these and of the helpers they call (plaintexts, data
# keys, the KEK) is hidden from error reports.
@sensitive_variables()
def seal(plaintext: str, *, kek: bytes, context: bytes) -> Sealed:
    """Encrypt ``plaintext`` under a new data key, and wrap the data key with ``kek``."""
    data_key = AESGCM.generate_key(bit_length=256)
    ciphertext = _encrypt(data_key, plaintext.encode("utf-8"), b"secret|" + context)
    wrapped = _encrypt(kek, data_key, b"data-key|" + context)
    return Sealed(ciphertext=ciphertext, wrapped_key=wrapped, key_id=key_id(kek))


@sensitive_variables()
def unseal(sealed: Sealed, *, kek: bytes, context: bytes) -> str:
    """The plaintext of ``sealed``; VaultKeyError for the wrong KEK, SecretUnreadable if
    anything stored was changed."""
    data_key = _unwrap(sealed, kek=kek, context=context)
    try:
        plaintext = _decrypt(data_key, sealed.ciphertext, b"secret|" + context)
    except (InvalidTag, ValueError):
        raise SecretUnreadable(
            "the stored secret failed its integrity check: its ciphertext was changed or "
            "belongs to another entry"
        ) from None
    return plaintext.decode("utf-8")


@sensitive_variables()
def rewrap(sealed: Sealed, *, old_kek: bytes, new_kek: bytes, context: bytes) -> Sealed:
    """The same secret with its data key wrapped by ``new_kek``; the ciphertext is unchanged.
    The secret itself is never decrypted."""
    data_key = _unwrap(sealed, kek=old_kek, context=context)
    wrapped = _encrypt(new_kek, data_key, b"data-key|" + context)
    return Sealed(ciphertext=sealed.ciphertext, wrapped_key=wrapped, key_id=key_id(new_kek))


@sensitive_variables()
def check_wrapping(sealed: Sealed, *, kek: bytes, context: bytes) -> None:
    """Raise as ``unseal`` would, without decrypting the secret (for checks and reports)."""
    _unwrap(sealed, kek=kek, context=context)


def _unwrap(sealed: Sealed, *, kek: bytes, context: bytes) -> bytes:
    if sealed.key_id != key_id(kek):
        raise VaultKeyError(
            "the vault key does not match the one the entries were encrypted with "
            f"(entries: key {sealed.key_id}; COUNCILGUARD_VAULT_KEY: key {key_id(kek)})"
        )
    try:
        data_key = _decrypt(kek, sealed.wrapped_key, b"data-key|" + context)
    except (InvalidTag, ValueError):
        raise SecretUnreadable(
            "the stored data key failed its integrity check: it was changed or belongs to "
            "another entry"
        ) from None
    if len(data_key) != KEY_BYTES:
        raise SecretUnreadable("the stored data key has the wrong length")
    return data_key


def _encrypt(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def _decrypt(key: bytes, blob: bytes, associated: bytes) -> bytes:
    blob = bytes(blob)
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
        raise ValueError("not a sealed value of a known version")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    return AESGCM(key).decrypt(nonce, body, associated)

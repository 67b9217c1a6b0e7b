"""Start-up check: the vault key must be the one the entries were encrypted with (DESIGN 10).

Django runs system checks before every management command, so ``councilguard serve``,
``worker``, ``migrate`` and the rest stop with this message instead of starting with a key that
would only fail later, on the first reveal."""

from __future__ import annotations

from pathlib import Path

from django.core.checks import Error, register
from django.db import DatabaseError, connection


@register("vault")
def vault_key_matches(app_configs=None, **kwargs) -> list[Error]:
    from councilguard.vault import crypto
    from councilguard.vault.models import VaultEntry
    from councilguard.vault.services import current_kek

    try:
        kek = current_kek()
    except crypto.VaultKeyError as exc:
        return [Error(f"vault key: {exc}", id="vault.E001")]
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and "memory" not in name and not Path(name).exists():
        return []  # no database yet; do not create an empty file just to look
    try:
        key_ids = set(VaultEntry.objects.values_list("key_id", flat=True).distinct())
    except DatabaseError:
        return []  # no tables yet (before the first migrate)
    wrong = sorted(key_ids - {crypto.key_id(kek)})
    if not wrong:
        return []
    return [
        Error(
            "COUNCILGUARD_VAULT_KEY does not match the key the vault entries were encrypted "
            f"with (entries use key {', '.join(wrong)}; the key set is {crypto.key_id(kek)}).",
            hint="Set COUNCILGUARD_VAULT_KEY (or _FILE) to the key in use; after "
            "'councilguard vault rotate-key', switch to the new key.",
            id="vault.E002",
        )
    ]

"""``councilguard vault``: make a key, check the entries against the key in use, change the key.

councilguard vault new-key                      print a fresh key (URL-safe base64, 32 bytes)
councilguard vault check                        can the key in use open every entry?
councilguard vault rotate-key --new-key-file F  re-wrap every entry with the key in file F
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.vault import crypto
from councilguard.vault.services import VaultError, check_key, rotate_key


class Command(BaseCommand):
    help = "Work with the vault's key-encryption key (COUNCILGUARD_VAULT_KEY)."
    # The key check would stop these before they could diagnose or repair a wrong key.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("new-key", help="Print a fresh key to put in COUNCILGUARD_VAULT_KEY_FILE.")
        sub.add_parser("check", help="Check that the key in use opens every entry.")
        rotate = sub.add_parser(
            "rotate-key",
            help="Re-wrap every entry's data key with a new key, in one transaction.",
        )
        rotate.add_argument(
            "--new-key-file", required=True, help="file holding the new key (vault new-key)"
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "new-key":
            self.stdout.write(crypto.new_key())
        elif action == "check":
            self._check()
        else:
            self._rotate(Path(options["new_key_file"]))

    def _check(self) -> None:
        try:
            count, problems = check_key()
        except crypto.VaultKeyError as exc:
            raise CommandError(str(exc)) from None
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(f"{len(problems)} of {count} vault entries cannot be opened")
        self.stdout.write(f"the vault key opens all {count} entries")

    def _rotate(self, path: Path) -> None:
        try:
            new_key = crypto.parse_key(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        except crypto.VaultKeyError as exc:
            raise CommandError(f"{path}: {exc}") from None
        try:
            report = rotate_key(new_key, actor=Actor.system("command-line"))
        except (VaultError, crypto.VaultKeyError, crypto.SecretUnreadable) as exc:
            raise CommandError(f"nothing changed: {exc}") from None
        self.stdout.write(
            f"{report.entries} entries re-wrapped (key {report.old_key_id} -> "
            f"{report.new_key_id}) in: {', '.join(report.councils) or 'no council'}"
        )
        demo_file = getattr(settings, "VAULT_KEY_DEMO_FILE", None)
        # Demo mode: the key in use came from var/vault_key, so put the new one there.
        if demo_file is not None and _read(demo_file) == settings.VAULT_KEY:
            demo_file.write_text(path.read_text(encoding="utf-8").strip(), encoding="utf-8")
            self.stdout.write(
                f"demo mode: {demo_file} now holds the new key; restart councilguard to use it"
            )
        else:
            self.stdout.write(
                "Now set COUNCILGUARD_VAULT_KEY (or COUNCILGUARD_VAULT_KEY_FILE) to the new key "
                "and restart councilguard; until then the vault cannot be opened."
            )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""

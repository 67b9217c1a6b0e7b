"""``councilguard doctor``: check this deployment's configuration; exit 1 when something needs
fixing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from councilguard.operations.doctor import FIX, diagnose


class Command(BaseCommand):
    help = "Check the deployment's configuration and say what to fix."
    # A wrong vault key is one of the things it reports, so it must not stop at it.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        found = diagnose()
        for finding in found:
            self.stdout.write(f"{finding.level:<4} {finding.topic}: {finding.text}")
        problems = [f for f in found if f.level == FIX]
        if problems:
            things = "thing" if len(problems) == 1 else "things"
            raise CommandError(f"{len(problems)} {things} to fix (see docs/deploy.md)")
        self.stdout.write("nothing to fix")

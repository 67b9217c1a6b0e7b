from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from councilguard.accounts.services import grant_role
from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.core.services import CouncilError, create_council


class Command(BaseCommand):
    help = "Create councils."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a council, optionally with its clerk.")
        create.add_argument("name")
        create.add_argument("--slug", default="", help="short name used in addresses")
        create.add_argument("--clerk", default="", help="e-mail address of its clerk")

    def handle(self, *args, action: str, name: str, slug: str, clerk: str, **options) -> None:
        actor = Actor.system("command-line")
        if clerk:
            try:
                validate_email(clerk)
            except ValidationError:
                raise CommandError(f"{clerk!r} is not an e-mail address") from None
        try:
            with transaction.atomic():  # the council and its clerk, or neither
                council = create_council(name, slug=slug, actor=actor)
                if clerk:
                    grant_role(council, email=clerk, role=Role.CLERK, actor=actor)
        except CouncilError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"created council {council.slug}: {council.name}")
        if clerk:
            self.stdout.write(
                f"{clerk} is its clerk; they set a password with 'Forgotten your password?'"
            )

from django.core.management.base import BaseCommand, CommandError

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
        try:
            council = create_council(name, slug=slug, actor=actor)
        except CouncilError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"created council {council.slug}: {council.name}")
        if clerk:
            grant_role(council, email=clerk, role=Role.CLERK, actor=actor)
            self.stdout.write(
                f"{clerk} is its clerk; they set a password with 'Forgotten your password?'"
            )

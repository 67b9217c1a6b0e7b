from django.core.management.base import BaseCommand, CommandError

from councilguard.accounts.models import User
from councilguard.accounts.services import AccessError, disable_user
from councilguard.audit.actors import Actor


class Command(BaseCommand):
    help = "Work with user accounts."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        disable = sub.add_parser(
            "disable", help="Disable an account in every council and end all its sessions now."
        )
        disable.add_argument("email")

    def handle(self, *args, action: str, email: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"no account with the address {email!r}")
        try:
            disable_user(user, actor=Actor.system("command-line"))
        except AccessError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{user.email} is disabled and signed out everywhere")

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from councilguard.rights.clock import DEFAULT_REGION, REGIONS, due_date


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date written as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Individuals' rights: subject access and the other requests (UK GDPR Art 15-21)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser(
            "due", help="The date a request received on a given day must be answered by."
        )
        due.add_argument("received", help="the day the request came in, YYYY-MM-DD")
        due.add_argument(
            "--extended",
            action="store_true",
            help="with the extension of two further months for a complex or numerous request",
        )
        due.add_argument(
            "--region",
            choices=sorted(REGIONS),
            default=DEFAULT_REGION,
            help="whose bank holidays count (England and Wales unless the council is elsewhere)",
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "due":
            received = _day(options["received"])
            due = due_date(received, extended=options["extended"], region=options["region"])
            self.stdout.write(due.isoformat())

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.categories import CategoryError, import_lists, known_categories
from councilguard.monitoring.models import Meaning
from councilguard.monitoring.services import MonitoringError, set_category_meaning


class Command(BaseCommand):
    help = "Web category lists shared by every council (UT1 / squidGuard, hosts files, lists)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="Import a UT1 or squidGuard directory or archive (<category>/domains), or one "
            "hosts-format file or plain domain list with --category.",
        )
        imp.add_argument("path", type=Path)
        imp.add_argument("--category", default=None, help="category of a single list file")
        sub.add_parser("list", help="The categories known and how many domains each has.")
        meaning = sub.add_parser(
            "meaning", help="Say what categories mean under a council's policy."
        )
        meaning.add_argument("--council", required=True, help="council short name")
        meaning.add_argument("meaning", choices=[m.value for m in Meaning])
        meaning.add_argument(
            "categories",
            nargs="+",
            help="category names: of the lists, e.g. gambling, or as a firewall's or DNS filter's "
            "log writes them, e.g. 'Social Networking'",
        )

    def handle(self, *args, action: str, **options):
        if action == "meaning":
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"no council called {options['council']!r}")
            try:
                for name in options["categories"]:
                    set_category_meaning(
                        council, name, options["meaning"], actor=Actor.system("command-line")
                    )
            except MonitoringError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{', '.join(options['categories'])}: {options['meaning']}")
            return
        if action == "list":
            for name, count in known_categories().items():
                self.stdout.write(f"{name}\t{count}")
            return
        try:
            result = import_lists(options["path"], options["category"])
        except CategoryError as exc:
            raise CommandError(str(exc)) from None
        for name, count in sorted(result.categories.items()):
            self.stdout.write(f"{name}: {count} domains")
        self.stdout.write(
            f"{len(result.categories)} categories imported; {result.total} entries in the store"
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.monitoring.categories import CategoryError, import_lists, known_categories


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

    def handle(self, *args, action: str, **options):
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

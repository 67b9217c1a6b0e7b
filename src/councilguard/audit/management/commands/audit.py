"""``councilguard audit verify [COUNCIL]``: check every chain; exit 1 naming the first break."""

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.services import verify_chain
from councilguard.core.models import Council


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check that no entry was changed, removed or moved.")
        verify.add_argument("council", nargs="?", help="council short name (default: all)")

    def handle(self, *args, action: str, council: str | None = None, **options) -> None:
        councils = Council.objects.order_by("slug")
        if council:
            councils = councils.filter(slug=council)
            if not councils.exists():
                raise CommandError(f"no council called {council!r}")
        broken = []
        for each in councils:
            report = verify_chain(each)
            if report.ok:
                self.stdout.write(
                    f"{each.slug}: intact, {report.entries} entries, head {report.head_hash}"
                )
            else:
                self.stdout.write(f"{each.slug}: BROKEN at {report.first_break}")
                broken.append(report.first_break)
        if broken:
            raise CommandError(f"audit trail broken: {broken[0]}")

"""``councilguard audit verify [COUNCIL]``: check every chain; exit 1 naming the first break.
``councilguard audit head COUNCIL``: print the chain head's sequence and hash, as a committee
pack prints them."""

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.models import GENESIS_HASH, ChainHead
from councilguard.audit.services import verify_chain
from councilguard.core.models import Council


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check that no entry was changed, removed or moved.")
        verify.add_argument("council", nargs="?", help="council short name (default: all)")
        head = sub.add_parser("head", help="Print the chain head: sequence number and hash.")
        head.add_argument("council", help="council short name")

    def handle(self, *args, action: str, council: str | None = None, **options) -> None:
        if action == "head":
            self._head(council)
            return
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

    def _head(self, slug: str) -> None:
        found = Council.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"no council called {slug!r}")
        head = ChainHead.objects.filter(council=found).first()
        sequence, entry_hash = (head.sequence, head.entry_hash) if head else (0, GENESIS_HASH)
        self.stdout.write(f"{sequence} {entry_hash}")

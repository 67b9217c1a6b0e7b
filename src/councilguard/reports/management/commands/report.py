"""``councilguard report committee --council SLUG --month YYYY-MM --out FILE.pdf``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.reports.periods import PeriodError, parse_month
from councilguard.reports.services import make_committee_pack


class Command(BaseCommand):
    help = "Make reports."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        committee = sub.add_parser(
            "committee", help="Print the committee pack for a month as a PDF (kept on the site)."
        )
        committee.add_argument("--council", required=True, help="council short name")
        committee.add_argument("--month", required=True, help="the month, as YYYY-MM")
        committee.add_argument("--out", required=True, help="where to write the PDF")

    def handle(self, *args, action: str, council: str, month: str, out: str, **options) -> None:
        found = Council.objects.filter(slug=council).first()
        if found is None:
            raise CommandError(f"no council called {council!r}")
        try:
            first = parse_month(month)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"no folder {str(target.parent)!r} to write the pack into")
        pack = make_committee_pack(found, first, actor=Actor.system("report-command"))
        target.write_bytes(bytes(pack.pdf))
        self.stdout.write(
            f"{target}: committee pack for {first:%B %Y}, audit chain head "
            f"{pack.chain_sequence} {pack.chain_hash} "
            f"({'intact' if pack.chain_intact else 'BROKEN'})"
        )

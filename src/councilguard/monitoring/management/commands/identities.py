import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.identities import import_identities


class Command(BaseCommand):
    help = "Who held which proxy user name, IP address, device, number or e-mail address, when."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import identities from CSV (all or nothing).")
        imp.add_argument("--council", required=True, help="council short name")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="check the file, save nothing")
        imp.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, council: str, file: Path, dry_run: bool, **options):
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        report = import_identities(
            target, content, actor=Actor.system("command-line"), dry_run=dry_run
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            for problem in report.problems:
                self.stderr.write(f"{file}: {problem}")
            if report.ok:
                verb = "would add" if dry_run else "added"
                self.stdout.write(
                    f"{file}: {report.rows} rows: {verb} {report.created}, changed "
                    f"{report.updated}, unchanged {report.unchanged}"
                )
        if not report.ok:
            raise CommandError(f"{file}: nothing imported ({len(report.problems)} problems)")

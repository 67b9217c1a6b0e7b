import json

from django.core.management.base import BaseCommand, CommandError

from councilguard.core.models import Council
from councilguard.monitoring.models import Finding


class Command(BaseCommand):
    help = "List a council's monitoring findings."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--council", required=True, help="council short name")
        parser.add_argument("--status", default=None, help="open, noted, dismissed, escalated")
        parser.add_argument("--json", action="store_true", help="print them as JSON")

    def handle(self, *args, council: str, status, **options):
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        found = Finding.objects.filter(council=target).select_related("person")
        if status:
            found = found.filter(status=status)
        rows = [
            {
                "person": f.person.full_name,
                "person_email": f.person.primary_email,
                "source": f.source_kind,
                "rule": f.rule_kind,
                "clause": f.clause_reference,
                "period": [f.period_start.isoformat(), f.period_end.isoformat()],
                "severity": f.severity,
                "summary": f.summary,
                "status": f.status,
            }
            for f in found.prefetch_related("person__emails")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['period'][0]}  {row['person_email']:30} {row['rule']:26} "
                f"{row['severity']:6} {row['status']:9} {row['summary']}"
            )

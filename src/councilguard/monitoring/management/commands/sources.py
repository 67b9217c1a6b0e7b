"""``councilguard sources set|list``: each kind of monitoring's legal footing (C18)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.models import SourceKind
from councilguard.monitoring.services import MonitoringError, all_sources, set_source


class Command(BaseCommand):
    help = "Set up or list a council's monitoring sources."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        put = sub.add_parser(
            "set", help="Give a source its purpose, basis, assessment, clause, retention, owner."
        )
        put.add_argument("--council", required=True, help="council short name")
        put.add_argument("--kind", required=True, choices=SourceKind.values)
        put.add_argument(
            "--purpose", help="why the council monitors this, for the people it is about"
        )
        put.add_argument("--basis", help="lawful basis, e.g. 'Legitimate interests (Art 6(1)(f))'")
        put.add_argument("--dpia", help="impact assessment reference")
        put.add_argument("--dpia-date", help="impact assessment date, YYYY-MM-DD (default today)")
        put.add_argument("--clause", help="policy clause that tells people, e.g. 'B 9.1.2'")
        put.add_argument("--retention-days", type=int, help="days to keep the events")
        put.add_argument("--owner", help="e-mail of the owner, who must hold a role in the council")
        put.add_argument(
            "--time-zone",
            help="time zone of the device's clock for logs written in local time with no "
            "offset (a FortiGate's), e.g. 'Europe/London' (the default) or 'UTC'",
        )
        show = sub.add_parser("list", help="Show every source and what it still lacks.")
        show.add_argument("--council", required=True, help="council short name")
        show.add_argument("--json", action="store_true", help="print as JSON")

    def handle(self, *args, action: str, council: str, **options):
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        if action == "set":
            self._set(target, options)
        else:
            self._list(target, as_json=options["json"])

    def _set(self, council: Council, options: dict) -> None:
        given = {
            "purpose": options["purpose"],
            "lawful_basis": options["basis"],
            "dpia_reference": options["dpia"],
            "clause_reference": options["clause"],
            "retention_days": options["retention_days"],
            "owner": options["owner"],
            "dpia_date": options["dpia_date"],
            "log_time_zone": options["time_zone"],
        }
        values = {name: value for name, value in given.items() if value is not None}
        if options["dpia"] is not None and options["dpia_date"] is None:
            values["dpia_date"] = timezone.localdate().isoformat()
        if not values:
            raise CommandError("nothing to set: give at least one of the options")
        try:
            source, changed = set_source(
                council, options["kind"], values, actor=Actor.system("command-line")
            )
        except MonitoringError as exc:
            raise CommandError(str(exc)) from None
        missing = source.missing()
        state = f"still missing: {', '.join(missing)}" if missing else "ready to take in logs"
        self.stdout.write(f"{source}: {'saved' if changed else 'unchanged'}; {state}")

    def _list(self, council: Council, *, as_json: bool) -> None:
        rows = []
        for source in all_sources(council):
            rows.append(
                {
                    "kind": source.kind,
                    "configured": bool(source.pk),
                    "purpose": source.purpose,
                    "lawful_basis": source.lawful_basis,
                    "dpia_reference": source.dpia_reference,
                    "dpia_date": source.dpia_date.isoformat() if source.dpia_date else None,
                    "clause_reference": source.clause_reference,
                    "retention_days": source.retention_days,
                    "owner": source.owner.email if source.owner_id else None,
                    "log_time_zone": source.log_time_zone,
                    "missing": source.missing(),
                }
            )
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            if not row["configured"]:
                state = "not set up"
            elif row["missing"]:
                state = "missing: " + ", ".join(row["missing"])
            else:
                state = f"ready; kept {row['retention_days']} days; {row['clause_reference']}"
            self.stdout.write(f"{row['kind']:<9} {state}")

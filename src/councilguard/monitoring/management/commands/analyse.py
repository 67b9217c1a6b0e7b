import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring import engines
from councilguard.monitoring.analysis import analyse, analyse_new


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    # Whole-process speed matters here (issue targets); the URL and template checks import
    # every page of the project and have nothing to say about this command.
    requires_system_checks = []
    help = (
        "Run the monitoring rules over a council's events and bring its findings up to date. "
        "By default only the weeks that batches not yet analysed touched are read; --all reads "
        "everything (after a change of thresholds, lists or working patterns)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--council", required=True, help="council short name")
        parser.add_argument("--from", dest="start", default=None, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", default=None, help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--all", action="store_true", help="analyse every stored week, not only new ones"
        )
        parser.add_argument(
            "--engine",
            choices=engines.ENGINES,
            default=None,
            help="duckdb (one machine, the default) or spark (the same rules on PySpark)",
        )
        parser.add_argument(
            "--spark-master",
            default=None,
            help="Spark master URL (default local[2], or COUNCILGUARD_SPARK_MASTER)",
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, council: str, start, end, **options):
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        start, end = (_day(start) if start else None), (_day(end) if end else None)
        if start and end and end < start:
            raise CommandError("--to is before --from")
        if options["all"] and (start or end):
            raise CommandError("--all reads every week: leave out --from and --to")
        actor = Actor.system("command-line")
        try:
            with engines.connection(options["engine"], options["spark_master"]) as con:
                if start or end or options["all"]:
                    report = analyse(target, start, end, actor=actor, con=con)
                else:
                    report = analyse_new(target, actor=actor, con=con)
        except engines.EngineError as exc:
            raise CommandError(str(exc)) from None
        summary = {
            "files": report.events_files,
            "raised": report.raised,
            "refreshed": report.refreshed,
            "unchanged": report.unchanged,
            "withdrawn": report.withdrawn,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{report.events_files} event files: {report.raised} findings raised, "
                f"{report.refreshed} brought up to date, {report.unchanged} unchanged, "
                f"{report.withdrawn} withdrawn"
            )

import json

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.retention import services


class Command(BaseCommand):
    help = "Retention (B 5.1.3): show a council's schedule, or run it now."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Each kind of data, its period, why, and what is due.")
        show.add_argument("--council", required=True, help="council short name")
        show.add_argument("--json", action="store_true", help="print it as JSON")
        run = sub.add_parser("run", help="Delete what is past its period, keeping held data.")
        run.add_argument("--council", required=True, help="council short name")
        run.add_argument("--dry-run", action="store_true", help="count only, change nothing")
        run.add_argument("--json", action="store_true", help="print the receipt as JSON")

    def handle(self, *args, action: str, council: str, **options) -> None:
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        if action == "show":
            self._show(target, as_json=options["json"])
        else:
            self._run(target, dry_run=options["dry_run"], as_json=options["json"])

    def _show(self, council: Council, *, as_json: bool) -> None:
        rows = [
            {
                "kind": row.kind.key,
                "label": row.kind.label,
                "days": row.days,
                "default_days": row.kind.default_days,
                "reason": row.changed.reason if row.changed else row.reason,
                "before": row.before.isoformat(),
                "due": row.tally.due,
                "would_delete": row.tally.deleted,
                "kept": [{"for": w, "count": n} for w, n in sorted(row.tally.kept.items())],
            }
            for row in services.schedule(council)
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            held = sum(k["count"] for k in row["kept"])
            self.stdout.write(
                f"{row['label']:45} {row['days']:>5} days  due {row['due']:>8}  "
                f"held {held:>6}  {row['reason']}"
            )

    def _run(self, council: Council, *, dry_run: bool, as_json: bool) -> None:
        done = services.run(council, actor=Actor.system("command-line"), dry_run=dry_run)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "council": council.slug,
                        "dry_run": dry_run,
                        "today": done.today.isoformat(),
                        "deleted": done.deleted,
                        "kept": done.kept,
                        "kinds": done.lines,
                    },
                    indent=2,
                )
            )
            return
        verb = "Would delete" if dry_run else "Deleted"
        for line in done.lines:
            kept = "".join(f"; {k['count']} kept for {k['for']}" for k in line["kept"])
            self.stdout.write(f"{line['label']}: {verb.lower()} {line['deleted']}{kept}")
        self.stdout.write(f"{verb} {done.deleted} in all; {done.kept} kept under legal hold.")

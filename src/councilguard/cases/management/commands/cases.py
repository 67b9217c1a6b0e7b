import json
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.cases.models import Case
from councilguard.cases.services import CaseError
from councilguard.core.models import Council


class Command(BaseCommand):
    help = "Misuse cases: list a council's cases, or export one for an outside legal adviser."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="The council's cases, newest first.")
        listing.add_argument("--council", required=True, help="council short name")
        listing.add_argument("--json", action="store_true", help="print them as JSON")
        export = sub.add_parser(
            "export", help="A case's adviser bundle (ZIP), other people pseudonymised."
        )
        export.add_argument("--council", required=True, help="council short name")
        export.add_argument("reference", help="the case's reference, e.g. C-2026-004")
        export.add_argument("--recipient", required=True, help='"NAME, FIRM"')
        export.add_argument("--reason", required=True, help="why the adviser needs it")
        export.add_argument("--out", required=True, help="where to write the ZIP")

    def handle(self, *args, action: str, council: str, **options) -> None:
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        if action == "list":
            self._list(target, as_json=options["json"])
        else:
            self._export(target, **options)

    def _list(self, council: Council, *, as_json: bool) -> None:
        rows = [
            {
                "reference": c.reference,
                "title": c.title,
                "kind": c.get_kind_display(),
                "stage": c.get_stage_display(),
                "about": [s.person.full_name for s in c.subjects.all()],
                "opened": c.opened_at.isoformat(timespec="seconds"),
                "outcome": c.get_outcome_display() if c.outcome else "",
            }
            for c in Case.objects.in_council(council).prefetch_related("subjects__person")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['reference']:12} {row['stage']:30} {', '.join(row['about']):30} "
                f"{row['title']}"
            )

    def _export(self, council: Council, *, reference, recipient, reason, out, **_) -> None:
        from councilguard.cases.bundle import export_case

        case = Case.objects.in_council(council).filter(reference=reference).first()
        if case is None:
            raise CommandError(f"no case {reference!r} in {council.slug}")
        try:
            exported = export_case(
                case, recipient=recipient, reason=reason, actor=Actor.system("command-line")
            )
        except CaseError as exc:
            raise CommandError(str(exc)) from None
        shutil.copyfile(exported.path, Path(out))
        self.stdout.write(
            f"Wrote {out}: adviser bundle of {case.reference} for {recipient}, "
            f"SHA-256 {exported.export.disclosure.sha256}"
        )

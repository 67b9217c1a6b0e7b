"""``councilguard policy import --council SLUG FILE``: read a policy into clauses, save a draft."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.policies.importing import PolicyImportError, parse_document
from councilguard.policies.models import Policy
from councilguard.policies.services import PolicyError, create_policy, draft_version


class Command(BaseCommand):
    help = "Work with a council's policies."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Read a .docx, .md or .txt policy into clauses.")
        imp.add_argument("--council", required=True, help="council short name")
        imp.add_argument("file", type=Path)
        imp.add_argument("--policy", default="", help="code or title of an existing policy")
        imp.add_argument("--code", default="", help="code of a new policy (e.g. B)")
        imp.add_argument("--title", default="", help="title of a new policy")
        imp.add_argument(
            "--label",
            default="",
            help="version label (default: the document's own version, else 1.0)",
        )
        imp.add_argument(
            "--not-material",
            action="store_true",
            help="earlier acknowledgements carry over to this version",
        )
        imp.add_argument("--dry-run", action="store_true", help="show the clauses, save nothing")
        imp.add_argument("--json", action="store_true", help="print the clause tree as JSON")

    def handle(self, *args, council: str, file: Path, **options) -> None:
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        try:
            parsed = parse_document(file.name, file.read_bytes())
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        except PolicyImportError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(parsed.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{file}: {len(parsed.clauses)} clauses"
                + (f" in {parsed.title!r}" if parsed.title else "")
            )
            for clause in parsed.clauses:
                heading = f" {clause.heading}" if clause.heading else ""
                words = f"  {clause.first_words}" if clause.text else ""
                self.stdout.write(f"{'  ' * clause.depth}{clause.reference}{heading}{words}")
        if options["dry_run"]:
            return
        actor = Actor.system("command-line")
        try:
            policy = self._policy(target, options, parsed.title, actor)
            version = draft_version(
                policy,
                parsed,
                label=options["label"] or (parsed.front.version if parsed.front else "") or "1.0",
                actor=actor,
                material_change=not options["not_material"],
                comment="Imported from the command line",
            )
        except PolicyError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(f"saved as draft {version.label} of {policy}")

    def _policy(self, council, options, found_title, actor) -> Policy:
        if options["policy"]:
            name = options["policy"]
            policy = (
                Policy.objects.in_council(council)
                .filter(Q(code__iexact=name) | Q(title__iexact=name))
                .first()
            )
            if policy is None:
                raise CommandError(f"no policy {name!r} in {council.slug}")
            return policy
        if not options["code"]:
            raise CommandError("name an existing policy with --policy, or a new one's --code")
        title = options["title"] or found_title
        if not title:
            raise CommandError("the document has no title; give one with --title")
        return create_policy(council, title=title, code=options["code"], actor=actor)

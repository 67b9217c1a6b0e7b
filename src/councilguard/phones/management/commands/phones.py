import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.phones import services
from councilguard.phones.profiles import MAX_PROFILE_BYTES, ProfileError, loads

ACTOR = Actor.system("command-line")


class Command(BaseCommand):
    help = "Phone bills: carrier profiles, bill imports and the analysis (C13)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        profile = sub.add_parser("profile", help="Export or import a carrier profile (JSON).")
        verbs = profile.add_subparsers(dest="verb", required=True)
        export = verbs.add_parser("export", help="Write a profile as JSON (to stdout or FILE).")
        export.add_argument("--council", required=True)
        export.add_argument("name")
        export.add_argument("file", type=Path, nargs="?")
        imp = verbs.add_parser("import", help="Add or replace a profile from its JSON file.")
        imp.add_argument("--council", required=True)
        imp.add_argument("file", type=Path)
        bill = sub.add_parser("import", help="Import an itemised bill (whole or not at all).")
        bill.add_argument("--council", required=True)
        bill.add_argument("--profile", default="canonical")
        bill.add_argument("--json", action="store_true", help="print the receipt as JSON")
        bill.add_argument("file", type=Path)
        analyse = sub.add_parser(
            "analyse",
            help="Analyse the months that bills not analysed yet touched (--all: every month).",
        )
        analyse.add_argument("--council", required=True)
        analyse.add_argument("--all", action="store_true", help="analyse every stored month again")

    def handle(self, *args, action: str, council: str, **options):
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        try:
            if action == "profile" and options["verb"] == "export":
                self._export(target, options["name"], options["file"])
            elif action == "profile":
                self._import_profile(target, options["file"])
            elif action == "import":
                self._import_bill(target, options["file"], options["profile"], options["json"])
            elif options["all"]:
                self._report(services.analyse_council(target, actor=ACTOR))
            else:
                outcome = services.analyse_new(target, actor=ACTOR)
                if outcome is None:
                    self.stdout.write("every bill has been analysed: nothing new")
                else:
                    self._report(outcome)
        except services.PhoneError as error:
            raise CommandError(str(error)) from None

    def _report(self, outcome) -> None:
        self.stdout.write(
            f"{outcome.analysis.lines} bill lines: {outcome.created} new findings, "
            f"{outcome.updated} updated, {outcome.withdrawn} withdrawn"
        )

    def _read(self, file: Path) -> bytes:
        try:
            return file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None

    def _export(self, council, name: str, file: Path | None) -> None:
        text = services.profile_for(council, name).dumps()
        if file is None:
            sys.stdout.write(text)
        else:
            file.write_text(text, encoding="utf-8")
            self.stdout.write(f"profile {name} written to {file}")

    def _import_profile(self, council, file: Path) -> None:
        content = self._read(file)
        if len(content) > MAX_PROFILE_BYTES:
            raise CommandError(f"{file}: a profile file is a few kilobytes at most")
        try:
            profile = loads(content.decode("utf-8"))
        except (ProfileError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        services.save_profile(council, profile, actor=ACTOR)
        self.stdout.write(f"profile {profile.name} saved")

    def _import_bill(self, council, file: Path, profile: str, as_json: bool) -> None:
        report = services.import_bill(
            council, self._read(file), file_name=file.name, profile_name=profile, actor=ACTOR
        )
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            for problem in report.problems:
                self.stderr.write(f"{file}: {problem}")
            if report.already_imported:
                self.stdout.write(
                    f"{file}: imported before (SHA-256 {report.sha256[:12]}); no change"
                )
            elif report.ok:
                self.stdout.write(
                    f"{file}: {report.accepted} bill lines in {len(report.days)} days, "
                    f"{report.unattributed} held by no one; {report.findings_created} new "
                    f"findings ({report.seconds:.1f} s)"
                )
        if not report.ok:
            raise CommandError(
                f"{file} was not imported: {report.problem_count} line(s) could not be read"
            )

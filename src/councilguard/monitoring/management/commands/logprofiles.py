from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring import log_profile_services as services
from councilguard.monitoring.logprofiles import BUILT_IN, MAX_PROFILE_BYTES, ProfileError, loads
from councilguard.monitoring.models import VendorLogProfile
from councilguard.monitoring.services import MonitoringError


class Command(BaseCommand):
    help = (
        "Web and DNS log profiles (docs/web-profiles.md): list them, write one as its JSON file, "
        "or add or replace one from such a file."
    )

    def add_arguments(self, parser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        listing = verbs.add_parser("list", help="The built-in profiles and the council's own.")
        listing.add_argument("--council", required=True)
        export = verbs.add_parser("export", help="Write a profile as JSON (to stdout or FILE).")
        export.add_argument("--council", required=True)
        export.add_argument("name")
        export.add_argument("file", nargs="?", type=Path)
        imp = verbs.add_parser("import", help="Add or replace a profile from its JSON file.")
        imp.add_argument("--council", required=True)
        imp.add_argument("file", type=Path)

    def handle(self, *args, verb: str, council: str, **options) -> None:
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        actor = Actor.system("command-line")
        if verb == "list":
            for name, log in services.profile_logs(target).items():
                where = "built in" if name in BUILT_IN else "the council's"
                self.stdout.write(f"{name}\t{log}\t{where}")
            return
        if verb == "export":
            row = VendorLogProfile.objects.in_council(target).filter(name=options["name"]).first()
            if row is not None:
                text = services.export_profile(row, actor=actor)
            elif options["name"] in BUILT_IN:
                text = BUILT_IN[options["name"]].dumps()
            else:
                raise CommandError(f"no log profile called {options['name']!r}")
            if options["file"]:
                options["file"].write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"cannot read {path}: no such file")
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise CommandError(f"{path} is not a profile: a profile is a few kilobytes at most")
        try:
            profile = loads(path.read_text(encoding="utf-8"))
            services.save_profile(target, profile, actor=actor)
        except (ProfileError, MonitoringError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}; nothing was changed") from None
        self.stdout.write(f"profile {profile.name} saved for {target.slug}")

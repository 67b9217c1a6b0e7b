import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.ingest import WHOLE_FILE_FORMATS, IngestError, ingest_file
from councilguard.monitoring.log_profile_services import ingest_through_profile
from councilguard.monitoring.logprofiles import SOURCE_NAMES
from councilguard.monitoring.parsers import FORMATS


class Command(BaseCommand):
    # Whole-process speed matters here (issue targets); the URL and template checks import
    # every page of the project and have nothing to say about this command.
    requires_system_checks = []
    help = (
        "Take a proxy or DNS log, a phone bill, a message trace or a sign-in log into the event "
        "store as one batch and print its receipt."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--council", help="council short name (not with --route)")
        parser.add_argument(
            "--route",
            action="store_true",
            help="files for many councils: each goes to the council whose source claims it "
            "(upload routes, by file name or proxy host name); one receipt per file",
        )
        parser.add_argument(
            "--source",
            required=True,
            help=f"format: {', '.join([*FORMATS, *SOURCE_NAMES, *WHOLE_FILE_FORMATS])}",
        )
        parser.add_argument(
            "--profile",
            help="phone-bill: the carrier profile (canonical); web-log and dns-log: the log "
            "profile that reads the vendor's file (docs/web-profiles.md)",
        )
        parser.add_argument("file", type=Path, nargs="+")
        parser.add_argument("--json", action="store_true", help="print the receipt as JSON")

    def handle(self, *args, council: str | None, source: str, file: list[Path], **options):
        if options["route"]:
            if council:
                raise CommandError("--route finds each file's council: leave out --council")
            return self._routed(source, file, options)
        if not council:
            raise CommandError("say which council with --council, or route the files with --route")
        if len(file) != 1:
            raise CommandError("one file at a time with --council; --route takes many")
        file = file[0]
        target = Council.objects.filter(slug=council).first()
        if target is None:
            raise CommandError(f"no council called {council!r}")
        known = [*FORMATS, *SOURCE_NAMES, *WHOLE_FILE_FORMATS]
        if source not in known:
            raise CommandError(f"unknown format {source!r}; known formats: {', '.join(known)}")
        if not file.is_file():
            raise CommandError(f"cannot read {file}: no such file")
        if source in WHOLE_FILE_FORMATS:
            return self._whole_file(target, source, file, options)
        if source in SOURCE_NAMES and not options["profile"]:
            raise CommandError(
                f"--source {source} reads a file through a log profile: give --profile NAME"
            )
        bar = None
        if sys.stderr.isatty() and not options["json"]:
            from tqdm import tqdm

            bar = tqdm(total=file.stat().st_size, unit="B", unit_scale=True, desc=file.name)
        try:
            if source in SOURCE_NAMES:
                receipt = ingest_through_profile(
                    target,
                    source,
                    options["profile"],
                    file,
                    actor=Actor.system("command-line"),
                    progress=bar.update if bar else None,
                )
            else:
                receipt = ingest_file(
                    target,
                    FORMATS[source].kind,
                    source,
                    file,
                    actor=Actor.system("command-line"),
                    progress=bar.update if bar else None,
                )
        except IngestError as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar:
                bar.close()
        data = receipt.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        if receipt.duplicate:
            self.stdout.write(f"{file}: already ingested as batch {data['batch']}; nothing done")
            return
        for item in data["rejected_lines"]:
            self.stderr.write(f"{file}:{item['line']}: {item['reason']}")
        self.stdout.write(
            f"{file}: batch {data['batch']}: {data['lines']} lines, {data['accepted']} accepted, "
            f"{data['rejected']} rejected, {data['unattributed']} events unattributed, "
            f"{data['seconds']} s (sha256 {data['sha256'][:12]}...)"
        )

    def _whole_file(self, council, source: str, file: Path, options) -> None:
        try:
            receipt = WHOLE_FILE_FORMATS[source](
                council,
                file,
                actor=Actor.system("command-line"),
                file_name=file.name,
                options=options,
            )
        except IngestError as exc:
            raise CommandError(str(exc)) from None
        data = receipt.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
        elif receipt.duplicate:
            self.stdout.write(f"{file}: already ingested as batch {data['batch']}; nothing done")
        else:
            for item in data["rejected_lines"]:
                self.stderr.write(f"{file}:{item['line']}: {item['reason']}")
            if not receipt.problems:
                self.stdout.write(
                    f"{file}: batch {data['batch']}: {data['lines']} lines, {data['accepted']} "
                    f"accepted, {data['unattributed']} unattributed, {data['seconds']} s "
                    f"(sha256 {data['sha256'][:12]}...)"
                )
        if receipt.problems:
            raise CommandError(
                f"{file} was not ingested: {data['rejected']} line(s) could not be read, "
                "and a bill is taken whole or not at all"
            )

    def _routed(self, source: str, files: list[Path], options) -> None:
        """C29: each file to the council whose source claims it; nothing when one is
        claimed by none or by two."""
        from councilguard.provider.routing import (
            RoutingError,
            Upload,
            hosts_of,
            route,
            routed_formats,
        )

        if source not in routed_formats():
            raise CommandError(
                f"--route takes line logs; unknown format {source!r}: {', '.join(routed_formats())}"
            )
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"cannot read {', '.join(missing)}: no such file; nothing taken")
        uploads = [Upload(f.name, f, hosts_of(f, folder=True)) for f in files]
        try:
            outcomes = route(
                uploads,
                source,
                actor=Actor.system("command-line"),
                profile=options["profile"] or "",
            )
        except RoutingError as exc:
            raise CommandError(str(exc)) from None
        failed = 0
        results = []
        for outcome in outcomes:
            where = f"{outcome.upload.path} -> {outcome.council.name}"
            result = {"file": str(outcome.upload.path), "council": outcome.council.slug}
            results.append(result)
            if outcome.error:
                failed += 1
                result["error"] = outcome.error
                self.stderr.write(f"{where}: not taken: {outcome.error}")
                continue
            data = result["receipt"] = outcome.receipt.as_dict()
            if options["json"]:
                continue
            if outcome.receipt.duplicate:
                self.stdout.write(f"{where}: already ingested as batch {data['batch']}")
            else:
                self.stdout.write(
                    f"{where}: batch {data['batch']}: {data['lines']} lines, "
                    f"{data['accepted']} accepted, {data['rejected']} rejected, "
                    f"{data['unattributed']} events unattributed"
                )
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=2))
        if failed:
            raise CommandError(f"{failed} of {len(outcomes)} files were not taken in")

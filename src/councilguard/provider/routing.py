"""Uploads that route themselves (C29, C30): files for many councils in one call, each taken
into the council whose source claims it (``SourceRoute``), one receipt per file.

Every file is placed before any is read: a file no council claims, or that more than one
claims, refuses the whole call by name and nothing is taken in (the caller fixes the routes or
the list and sends it again; files already taken are no-ops then, by their SHA-256).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.ingest import IngestError, Receipt, ingest_file
from councilguard.monitoring.log_profile_services import ingest_through_profile
from councilguard.monitoring.logprofiles import LOGS, SOURCE_NAMES
from councilguard.monitoring.parsers import FORMATS
from councilguard.provider.models import SourceRoute

# A syslog-forwarded line names the host that sent it: "Mar  2 10:00:00 proxy-ashby squid[..".
_SYSLOG_HOST = re.compile(rb"^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d (\S+) \S+?(?:\[\d+\])?:")


class RoutingError(ValueError):
    """The call names files that cannot be placed; the message names each."""


@dataclass(frozen=True)
class Upload:
    """A file to route: the name it is known by, where it is, and the host names it states."""

    name: str
    path: Path
    hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Placed:
    upload: Upload
    council: Council


@dataclass(frozen=True)
class Outcome:
    """What became of one routed file: its council and receipt, or why it was not taken."""

    upload: Upload
    council: Council
    receipt: Receipt | None = None
    error: str = ""


def hosts_of(path: Path, *, folder: bool) -> tuple[str, ...]:
    """The proxy host names a file states: the sender of its first line when the log came by
    syslog, and (``folder``, on the command line) the folder it is in, as a collector that
    keeps each host's logs in a folder of that name (rsyslog's usual layout) stores them."""
    hosts = []
    with path.open("rb") as handle:
        first = handle.readline(4096)
    if match := _SYSLOG_HOST.match(first):
        hosts.append(match.group(1).decode("ascii", "replace"))
    if folder and path.parent.name:
        hosts.append(path.parent.name)
    return tuple(hosts)


def routed_formats() -> list[str]:
    """What ``--route`` reads: the line logs, and any vendor's web or DNS log through each
    council's log profile of a given name."""
    return [*FORMATS, *SOURCE_NAMES]


def _source_kind(fmt: str) -> str:
    if fmt in FORMATS:
        return FORMATS[fmt].kind
    if fmt in SOURCE_NAMES:
        return LOGS[SOURCE_NAMES[fmt]]
    known = ", ".join(routed_formats())
    raise RoutingError(f"unknown format {fmt!r}; known formats: {known}")


def place(
    uploads: list[Upload], fmt: str, *, councils: Iterable[Council] | None = None
) -> list[Placed]:
    """The council of each upload, by the routes of sources of the format's kind, among
    ``councils`` (None: every council, for the command line). One query."""
    kind = _source_kind(fmt)
    routes = SourceRoute.objects.filter(source__kind=kind).select_related("council")
    if councils is not None:
        routes = routes.filter(council__in=[c.pk for c in councils])
    routes = list(routes)
    placed, unclaimed, disputed = [], [], []
    for upload in uploads:
        claimants = {r.council.pk: r.council for r in routes if r.claims(upload.name, upload.hosts)}
        if not claimants:
            unclaimed.append(upload.name)
        elif len(claimants) > 1:
            names = ", ".join(sorted(c.name for c in claimants.values()))
            disputed.append(f"{upload.name} (claimed by {names})")
        else:
            placed.append(Placed(upload, next(iter(claimants.values()))))
    problems = []
    if unclaimed:
        problems.append("no council's sources claim " + ", ".join(unclaimed))
    if disputed:
        problems.append("more than one council claims " + "; ".join(disputed))
    if problems:
        raise RoutingError("; ".join(problems) + ". Nothing was taken in.")
    return placed


def route(
    uploads: list[Upload],
    fmt: str,
    *,
    actor: Actor,
    councils: Iterable[Council] | None = None,
    profile: str = "",
) -> list[Outcome]:
    """Place every upload, then take each into its council's event store: one batch, receipt
    and audit entry per file (ingest_file). A web-log or dns-log is read through the log
    profile called ``profile`` as its council keeps it (or the built-in one of that name), so
    one call can carry the same vendor's logs for councils that map its fields differently.
    A file that cannot be read, or whose council has no such profile, is reported with its
    council and the others still go in: each file is its own batch."""
    if (fmt in SOURCE_NAMES) != bool(profile):
        raise RoutingError(
            f"{fmt} files are read through a log profile: say which one"
            if fmt in SOURCE_NAMES
            else f"a log profile reads web-log or dns-log files, not {fmt}"
        )
    outcomes = []
    for each in place(uploads, fmt, councils=councils):
        upload = each.upload
        try:
            if profile:
                receipt = ingest_through_profile(
                    each.council, fmt, profile, upload.path, actor=actor, file_name=upload.name
                )
            else:
                receipt = ingest_file(
                    each.council, FORMATS[fmt].kind, fmt, upload.path, actor=actor,
                    file_name=upload.name,
                )  # fmt: skip
        except IngestError as exc:
            outcomes.append(Outcome(upload, each.council, error=str(exc)))
        else:
            outcomes.append(Outcome(upload, each.council, receipt=receipt))
    return outcomes

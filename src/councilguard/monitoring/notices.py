"""What each configured source tells the people it monitors, on their own page (C18; ICO
monitoring guidance: state the nature, purpose and extent of monitoring)."""

from __future__ import annotations

from councilguard.core.models import Council
from councilguard.monitoring.models import MonitoringSource, SourceKind
from councilguard.policies.notices import MonitoringNotice

# What each kind of source records, in the words of the person it is about.
WHAT = {
    SourceKind.PROXY: "The web addresses you visit on council equipment and networks, with the "
    "time and the category of each site (not what you type or read on them)",
    SourceKind.DNS: "The names of the sites your council devices look up, with the time",
    SourceKind.EMAIL: "Who your council e-mail is sent to and received from, when, and its "
    "size (not the message text)",
    SourceKind.PHONE: "The itemised bill of your council phone: numbers called and texted, "
    "when, how long and the cost",
    SourceKind.SIGNIN: "When and from where you sign in to the council's systems, with which "
    "program, whether a second factor was used, and failed attempts",
    SourceKind.SOFTWARE: "The programs installed on your council devices",
}


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def source_notices(council: Council) -> list[MonitoringNotice]:
    """One notice per source that is set up (nothing missing): a source not yet set up may not
    be taken in, so nothing is monitored by it."""
    notices = []
    for source in MonitoringSource.objects.in_council(council):
        if source.missing():
            continue
        notices.append(
            MonitoringNotice(
                what=WHAT.get(source.kind, source.get_kind_display()),
                why=f"{source.purpose.rstrip('.')}. Lawful basis: "
                f"{source.lawful_basis.rstrip('.')}.",
                kept_for=_days(source.retention_days),
                clause=source.clause_reference,
            )
        )
    return notices

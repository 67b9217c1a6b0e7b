"""CCTV's kind in the council's retention schedule (C19, B 5.1.3; retention.kinds): the log of
footage viewed and handed over. The footage itself lives on the recorder, kept as the camera
register says (A "CCTV"); this is the council's record of who looked at it and who was given it.
A viewing made by a person under legal hold stays for the hold, and so does what was handed
over from it; a viewing a disclosure still kept refers to stays with that disclosure."""

from __future__ import annotations

from datetime import date, datetime, time

from councilguard.cctv.models import Disclosure, Viewing
from councilguard.people.patterns import LONDON
from councilguard.retention.kinds import Kind, Tally

VIEWING_LOG_DAYS = 6 * 365
STILL_CITED = "a disclosure still kept refers to it"


def _sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    viewings = Viewing.objects.in_council(council).filter(
        viewed_at__lt=datetime.combine(before, time(), tzinfo=LONDON)
    )
    disclosures = Disclosure.objects.in_council(council).filter(disclosed_on__lt=before)
    tally = Tally(due=viewings.count() + disclosures.count())
    kept_viewings: set[int] = set()
    kept_disclosures: set[int] = set()
    for person_id, reason in held.items():
        theirs = set(viewings.filter(viewer_id=person_id).values_list("pk", flat=True))
        handed = set(disclosures.filter(viewing__viewer_id=person_id).values_list("pk", flat=True))
        tally.keep(reason, len(theirs - kept_viewings) + len(handed - kept_disclosures))
        kept_viewings |= theirs
        kept_disclosures |= handed
    # A disclosure within its period (or held) needs the viewing it came from.
    staying = Disclosure.objects.in_council(council).exclude(
        pk__in=disclosures.exclude(pk__in=kept_disclosures).values("pk")
    )
    cited = set(staying.values_list("viewing_id", flat=True)) - kept_viewings
    still_cited = set(viewings.filter(pk__in=cited).values_list("pk", flat=True))
    tally.keep(STILL_CITED, len(still_cited))
    if apply:
        disclosures.exclude(pk__in=kept_disclosures).delete()
        viewings.exclude(pk__in=kept_viewings | still_cited).delete()
    return tally


def kinds(council) -> list[Kind]:
    return [
        Kind(
            key="cctv.viewing_log",
            label="Log of CCTV footage viewed and handed over",
            default_days=VIEWING_LOG_DAYS,
            reason=(
                "Six years after footage was viewed or handed over, the time within which "
                "most claims about its use can be brought; the footage itself is kept only "
                "as long as the camera register says."
            ),
            sweep=_sweep,
        )
    ]

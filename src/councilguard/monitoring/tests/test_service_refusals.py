"""The monitoring services refuse on their own, whatever form or serializer is in front of
them (issue 12): each refusal raises with its reason and writes nothing, not even an audit
entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.monitoring import services
from councilguard.monitoring.models import FindingStatus
from councilguard.monitoring.services import MonitoringError
from councilguard.monitoring.testing import (
    make_finding,
    make_hold,
    make_identity,
    make_source,
    source_values,
)
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP


def oversized() -> SimpleUploadedFile:
    upload = SimpleUploadedFile("big.log", b"x")
    upload.size = services.UPLOAD_MAX_BYTES + 1
    return upload


def as_(world, role: Role) -> Actor:
    return Actor.for_user(world.users[role])


def clerk(world) -> Actor:
    return as_(world, Role.CLERK)


def review(decide, status=FindingStatus.OPEN, about=Role.STAFF, by=Role.CLERK, **kw):
    """A finding about ``about`` in ``status``, decided by ``by``."""

    def build(w, o):
        finding = make_finding(w, w.people[about], status=status)
        return lambda: decide(finding, actor=as_(w, by), **kw)

    return build


# Each case: (world, other_world) -> the call that must be refused, the error and its words.
CASES = {
    # --- the review of a finding ---
    "dismissing without a reason": (
        review(services.dismiss_finding, reason=""),
        "give the reason in a few words",
    ),
    "dismissing with a reason of spaces": (
        review(services.dismiss_finding, reason="      "),
        "give the reason in a few words",
    ),
    "dismissing with a four-letter reason": (
        review(services.dismiss_finding, reason="okay"),
        "give the reason in a few words",
    ),
    "dismissing with a reason over 300 characters": (
        review(services.dismiss_finding, reason="x" * 301),
        "keep the reason to 300 characters",
    ),
    "escalating without a reason": (
        review(services.escalate_finding, reason=" "),
        "give the reason in a few words",
    ),
    "a note over 300 characters": (
        review(services.note_finding, note="x" * 301),
        "keep the note to 300 characters",
    ),
    "a manager dismissing a finding about themselves": (
        review(
            services.dismiss_finding, about=Role.MANAGER, by=Role.MANAGER, reason="Work research"
        ),
        "findings about yourself are reviewed by someone else",
    ),
    "a clerk noting a finding about themselves": (
        review(services.note_finding, about=Role.CLERK, by=Role.CLERK),
        "findings about yourself are reviewed by someone else",
    ),
    "noting a finding already noted": (
        review(services.note_finding, status=FindingStatus.NOTED),
        "this finding is noted; it cannot be noted now",
    ),
    "escalating a dismissed finding": (
        review(services.escalate_finding, status=FindingStatus.DISMISSED, reason="New facts"),
        "this finding is dismissed; it cannot be escalated now",
    ),
    "dismissing an escalated finding": (
        review(services.dismiss_finding, status=FindingStatus.ESCALATED, reason="Settled now"),
        "this finding is escalated; it cannot be dismissed now",
    ),
    "noting a withdrawn finding": (
        review(services.note_finding, status=FindingStatus.WITHDRAWN),
        "this finding is withdrawn by a later analysis; it cannot be noted now",
    ),
    # --- the person's own explanation ---
    "explaining someone else's finding": (
        lambda w, o: (lambda f: lambda: services.explain_finding(f, "It was work", actor=clerk(w)))(
            make_finding(w)
        ),
        "only the person a finding is about can explain it",
    ),
    "an empty explanation": (
        lambda w, o: (
            lambda f: lambda: services.explain_finding(f, "  ", actor=as_(w, Role.STAFF))
        )(make_finding(w)),
        "write your explanation",
    ),
    "an explanation over 2000 characters": (
        lambda w, o: (
            lambda f: lambda: services.explain_finding(f, "x" * 2001, actor=as_(w, Role.STAFF))
        )(make_finding(w)),
        "keep the explanation to 2000 characters",
    ),
    # --- the raw events behind a finding ---
    "opening the events of a finding about oneself": (
        lambda w, o: (
            lambda f: (
                lambda: services.open_raw_events(
                    f, purpose="Checking the times", actor=as_(w, Role.MANAGER)
                )
            )
        )(make_finding(w, w.people[Role.MANAGER])),
        "someone else opens the events behind a finding about you",
    ),
    "opening events without a purpose": (
        lambda w, o: (lambda f: lambda: services.open_raw_events(f, purpose="", actor=clerk(w)))(
            make_finding(w)
        ),
        "give the purpose in a few words",
    ),
    # --- legal holds ---
    "a second hold on the same person": (
        lambda w, o: (
            lambda hold: (
                lambda: services.place_hold(hold.person, reason="Tribunal claim 2", actor=clerk(w))
            )
        )(make_hold(w)),
        "already has a legal hold in place",
    ),
    "a hold without a reason": (
        lambda w, o: lambda: services.place_hold(w.people[Role.STAFF], reason="", actor=clerk(w)),
        "give the reason in a few words",
    ),
    "releasing a hold twice": (
        lambda w, o: (
            lambda hold: lambda: services.release_hold(hold, reason="Case closed", actor=clerk(w))
        )(services.release_hold(make_hold(w), reason="Case closed", actor=SETUP)),
        "this hold has already been released",
    ),
    # --- sources (C18) ---
    "a source owner from another council": (
        lambda w, o: (
            lambda: services.set_source(
                w.council,
                "proxy",
                source_values(w, owner=o.users[Role.CLERK].email),
                actor=clerk(w),
            )
        ),
        "has no role in Ashby Town Council; the owner must have one",
    ),
    "a source setting that does not exist": (
        lambda w, o: (
            lambda: services.set_source(w.council, "proxy", {"colour": "red"}, actor=clerk(w))
        ),
        "unknown setting(s): colour",
    ),
    "a source kept for 0 days": (
        lambda w, o: (
            lambda: services.set_source(
                w.council, "proxy", source_values(w, retention_days=0), actor=clerk(w)
            )
        ),
        "the retention period is between 1 and 3660 days",
    ),
    "a source kept for 3661 days": (
        lambda w, o: (
            lambda: services.set_source(
                w.council, "proxy", source_values(w, retention_days=3661), actor=clerk(w)
            )
        ),
        "the retention period is between 1 and 3660 days",
    ),
    "an impact assessment dated tomorrow": (
        lambda w, o: (
            lambda: services.set_source(
                w.council,
                "proxy",
                {"dpia_date": timezone.localdate() + dt.timedelta(days=1)},
                actor=clerk(w),
            )
        ),
        "the impact assessment date cannot be in the future",
    ),
    "a change to an existing source with a bad clause": (
        lambda w, o: (
            lambda source: (
                lambda: services.set_source(
                    w.council, "proxy", {"clause_reference": "not a clause!"}, actor=clerk(w)
                )
            )
        )(make_source(w)),
        "is not a clause reference such as 'B 9.1.2'",
    ),
    "a source of an unknown kind": (
        lambda w, o: lambda: services.set_source(w.council, "fax", {}, actor=clerk(w)),
        "'fax' is not one of",
    ),
    "an upload of an unknown kind": (
        lambda w, o: (
            lambda: services.take_upload(
                w.council, "fax", "squid", SimpleUploadedFile("a.log", b"x"), actor=clerk(w)
            )
        ),
        "'fax' is not one of",
    ),
    "an upload over the size limit": (
        lambda w, o: (
            lambda upload: (
                lambda: services.take_upload(w.council, "proxy", "squid", upload, actor=clerk(w))
            )
        )(oversized()),
        "the file is larger than",
    ),
    # --- lists and thresholds ---
    "a category that is not a list name": (
        lambda w, o: (
            lambda: services.set_category_meaning(w.council, "Bad Name!", "social", actor=clerk(w))
        ),
        "a category is a list name such as 'gambling', or a firewall's or filter's category as "
        "its log writes it, such as 'Social Networking'",
    ),
    "a meaning that does not exist": (
        lambda w, o: (
            lambda: services.set_category_meaning(w.council, "gambling", "naughty", actor=clerk(w))
        ),
        "'naughty' is not one of",
    ),
    "a domain that is not a domain": (
        lambda w, o: (
            lambda: services.add_domain_rule(w.council, "not a domain", "business", actor=clerk(w))
        ),
        "is not a domain such as 'example.org'",
    ),
    "a domain already on the list": (
        lambda w, o: (
            lambda rule: (
                lambda: services.add_domain_rule(
                    w.council, "https://Partner.example/x", "personal", actor=clerk(w)
                )
            )
        )(services.add_domain_rule(w.council, "partner.example", "business", actor=SETUP)),
        "partner.example is already on the council's list; remove it first",
    ),
    "a threshold out of its limits": (
        lambda w, o: (
            lambda: services.update_settings(w.council, {"personal_days_over": 8}, actor=clerk(w))
        ),
        "is between 1 and 7",
    ),
    "a second threshold out of its limits after a good one": (
        lambda w, o: (
            lambda: services.update_settings(
                w.council, {"personal_days_over": 4, "visit_gap_minutes": 0}, actor=clerk(w)
            )
        ),
        "is between 1 and 240",
    ),
    "a threshold that does not exist": (
        lambda w, o: lambda: services.update_settings(w.council, {"colour": 1}, actor=clerk(w)),
        "unknown setting 'colour'",
    ),
    # --- identities ---
    "an identity for someone of another council": (
        lambda w, o: (
            lambda: services.add_identity(
                w.council,
                "proxy_user",
                "o.staff",
                o.people[Role.STAFF],
                valid_from=timezone.now(),
                actor=clerk(w),
            )
        ),
        "that person is not in this council",
    ),
    "an address that is not an address": (
        lambda w, o: (
            lambda: services.add_identity(
                w.council,
                "ip",
                "10.0.0.300",
                w.people[Role.STAFF],
                valid_from=timezone.now(),
                actor=clerk(w),
            )
        ),
        "'10.0.0.300' is not an IP address",
    ),
    "an identity ending before it starts": (
        lambda w, o: (
            lambda: services.add_identity(
                w.council,
                "proxy_user",
                "s.staff",
                w.people[Role.STAFF],
                valid_from=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                valid_to=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                actor=clerk(w),
            )
        ),
        "the end must be after the start",
    ),
    "an identity another person holds at the time": (
        lambda w, o: (
            lambda held: (
                lambda: services.add_identity(
                    w.council,
                    held.kind,
                    held.value,
                    w.people[Role.MANAGER],
                    valid_from=held.valid_from + dt.timedelta(days=1),
                    actor=clerk(w),
                )
            )
        )(make_identity(w)),
        "end that first",
    ),
    "ending an identity twice": (
        lambda w, o: (
            lambda held: (
                lambda: services.end_identity(
                    held, at=held.valid_to + dt.timedelta(days=1), actor=clerk(w)
                )
            )
        )(
            services.end_identity(
                make_identity(w),
                at=timezone.now() + dt.timedelta(days=1),
                actor=SETUP,
            )
        ),
        "this assignment has already ended",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, MonitoringError, words)

"""Demo monitoring: web proxy and DNS sources set up in full, e-mail monitoring begun but not
finished, category meanings and a short list of the council's own, identities, findings in
every state (one about a person who has not acknowledged the policy in force), their reviews
and an explanation, and a legal hold. Every site, address and number is invented."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring import rules, services
from councilguard.monitoring.logprofiles import LogProfile
from councilguard.monitoring.models import Finding
from councilguard.people.models import Person

OWNER = "deputy@ashcombe.example"
BASIS = "Legitimate interests (UK GDPR Article 6(1)(f)), recorded in the impact assessment"

SOURCES = [
    (
        "proxy",
        {
            "purpose": "To keep prohibited sites off council equipment and to see whether "
            "personal use stays within the limits the policy sets",
            "lawful_basis": BASIS,
            "dpia_reference": "ATC-DPIA-2026-01",
            "clause_reference": "B 5.4",
            "retention_days": 90,
            "owner": OWNER,
        },
    ),
    (
        "dns",
        {
            "purpose": "To spot look-ups of harmful or prohibited sites from council devices",
            "lawful_basis": BASIS,
            "dpia_reference": "ATC-DPIA-2026-01",
            "clause_reference": "B 5.4",
            "retention_days": 30,
            "owner": OWNER,
        },
    ),
    # Begun, not finished: the sources page shows what is missing and ingestion refuses it.
    # (E-mail and sign-ins are set up in full by the mail app's demo, which takes in a week.)
    ("software", {"purpose": "To know which programs are on council devices"}),
]

MEANINGS = {
    "adult": "prohibited",
    "hate": "prohibited",
    "illegal": "prohibited",
    "gambling": "prohibited",
    "social_networks": "social",
    "shopping": "personal",
    "games": "personal",
    "news": "business",
}

OWN_LIST = [
    ("ashcombe-allotments.example", "business", "The allotment society's booking site"),
    ("quick-odds.example", "prohibited", "Betting site not yet in the shared lists"),
]

IDENTITIES = [
    ("proxy_user", "stully", "sam.tully@ashcombe.example"),
    ("ip", "10.20.0.31", "sam.tully@ashcombe.example"),
    ("proxy_user", "dkemp", "dan.kemp@ashcombe.example"),
    ("proxy_user", "pnair", "priya.nair@ashcombe.example"),
    ("proxy_user", "lferris", "admin@ashcombe.example"),
    ("ip", "10.20.0.44", "admin@ashcombe.example"),
]

# (person, source, rule, clause, days ago it ended, length, severity, summary, evidence)
FINDINGS = [
    (
        "sam.tully@ashcombe.example",
        "proxy",
        rules.PROHIBITED,
        "B 5.4",
        9,
        7,
        "high",
        "Sam Tully's account requested 14 pages from 2 sites in the category 'gambling' "
        "on 3 days of the week.",
        {"requests": 14, "sites": ["quick-odds.example", "spin-palace.example"], "days": 3},
    ),
    (
        "dan.kemp@ashcombe.example",
        "proxy",
        rules.SOCIAL_IN_HOURS,
        "B 9.1",
        9,
        7,
        "medium",
        "Dan Kemp spent about 95 minutes on social networks in working hours over 4 days.",
        {"minutes": 95, "days": 4, "category": "social_networks"},
    ),
    (
        "priya.nair@ashcombe.example",
        "proxy",
        rules.PERSONAL_OUT_OF_HOURS,
        "A personal-use",
        16,
        14,
        "low",
        "Priya Nair's personal use outside working hours passed 60 minutes a day on 3 days.",
        {"days_over": 3, "limit_minutes": 60, "most_minutes": 84},
    ),
    (
        "admin@ashcombe.example",
        "dns",
        rules.PROHIBITED,
        "B 5.4",
        23,
        7,
        "high",
        "A device used by Lucy Ferris looked up 6 sites in the category 'adult' on 2 days.",
        {"lookups": 31, "sites": 6, "days": 2, "category": "adult"},
    ),
    (
        "t.bright@ashcombe.example",
        "proxy",
        rules.SOCIAL_IN_HOURS,
        "B 9.1",
        2,
        7,
        "low",
        "Cllr Tom Bright used social networks for about 20 minutes on the office Wi-Fi.",
        {"minutes": 20, "days": 1, "category": "social_networks"},
    ),
]


HALL_FILTER = LogProfile(
    name="parish-hall-dns-filter",
    log="dns",
    description="The parish hall router's DNS filter: its weekly CSV export",
    fields={
        "time": "Date/Time",
        "client": "Device IP",
        "user": "Device Name",
        "host": "Queried Domain",
        "category": "Category",
        "action": "Action",
    },
    time_format="%d/%m/%Y %H:%M",
    time_zone="Europe/London",
    blocked_values=["blocked", "filtered"],
)


def load_monitoring_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    # Accounts were linked to people after these objects were made.
    people = {email: Person.objects.get(pk=person.pk) for email, person in people.items()}
    assessed = timezone.localdate() - dt.timedelta(days=60)
    for kind, values in SOURCES:
        if "dpia_reference" in values:
            values = {**values, "dpia_date": assessed}
        services.set_source(council, kind, values, actor=actor)
    for category, meaning in MEANINGS.items():
        services.set_category_meaning(council, category, meaning, actor=actor)
    for domain, meaning, note in OWN_LIST:
        services.add_domain_rule(council, domain, meaning, note=note, actor=actor)
    # The parish hall's DNS filter exports a CSV no reader knows: the IT provider's profile.
    from councilguard.monitoring.log_profile_services import save_profile

    save_profile(council, HALL_FILTER, actor=actor)
    start = timezone.now() - dt.timedelta(days=120)
    for kind, value, email in IDENTITIES:
        services.add_identity(council, kind, value, people[email], valid_from=start, actor=actor)

    # Findings are written by the analysis; the demo writes a few as it would.
    today = timezone.localdate()
    found: dict[str, Finding] = {}
    for email, source, rule, clause, ago, length, severity, summary, evidence in FINDINGS:
        end = today - dt.timedelta(days=ago)
        now = timezone.now()
        found[email] = Finding.objects.create(
            council=council,
            person=people[email],
            source_kind=source,
            rule_kind=rule,
            clause_reference=clause,
            period_start=end - dt.timedelta(days=length - 1),
            period_end=end,
            severity=severity,
            summary=summary,
            evidence=evidence,
            found_at=now,
            updated_at=now,
        )

    manager = Actor.for_user(people["operations@ashcombe.example"].user)
    clerk = Actor.for_user(people["clerk@ashcombe.example"].user)
    deputy = Actor.for_user(people[OWNER].user)
    services.note_finding(
        found["dan.kemp@ashcombe.example"],
        note="Talked it through; Dan will keep social media to his breaks.",
        actor=manager,
    )
    services.dismiss_finding(
        found["priya.nair@ashcombe.example"],
        reason="Booking training courses for her own development, agreed with her manager.",
        actor=clerk,
    )
    services.escalate_finding(
        found["admin@ashcombe.example"],
        reason="Prohibited content on a council device: formal investigation (A Misuse).",
        actor=deputy,
    )
    services.place_hold(
        people["admin@ashcombe.example"],
        reason="Investigation ATC-INV-2026-02 into the DNS finding",
        actor=deputy,
    )
    # Sam Tully (who has not acknowledged the security policy in force) explains.
    sam = people["sam.tully@ashcombe.example"]
    if sam.user_id:
        services.explain_finding(
            found["sam.tully@ashcombe.example"],
            "The links came in an e-mail that looked like it was from a supplier; I did not "
            "mean to open them.",
            actor=Actor.for_user(sam.user),
        )

"""The demo council's two policies, written for councilguard (not taken from any council's
document): one with headed sections, one with numbered clauses, each with a history."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.policies import services
from councilguard.policies.importing import parse_markdown
from councilguard.policies.models import HistoryEntry

DEVICES_AND_MEDIA = """# Use of IT, Devices and Social Media

## Watching over council equipment

The council may check how its own computers, phones and network are used, including web
browsing, calls and e-mail, and it may see when private devices connect to its network.

Keep your passwords to yourself and do not try to open information your role does not need.

## Personal use

A little personal use of council computers and phones is fine if it does not get in the way of
your work. Do not keep personal files, photos, programs or apps on council equipment.

Never use council equipment or connections for illegal or pornographic material, or for
anything that promotes hatred or discrimination.

## E-mail and software

Treat e-mail as you would a signed letter: it can bind the council.

Do not install any program or app, including free ones, unless the council's IT company and a
senior manager have agreed after a virus check.

## Devices issued to you

A laptop or phone the council gives you stays council property and is for council work. Look
after it: repairs beyond ordinary wear, or replacement, may be charged to you, and a device not
returned when you leave may be deducted from your final pay.

## Lost or stolen phones

Tell the council straight away so the number can be stopped, and report the loss to the police
within 24 hours, passing on the incident number. You pay any insurance excess.

## Phone use and costs

The council looks at each month's phone bill. Use well above your own usual pattern, or above
colleagues who do similar work, is followed up.

## Personal calls

Keep personal calls on council phones short and rare. Personal calls found on the bill are
charged to you.

## CCTV

Footage is kept only for the reasons the council has set out, and is viewed only for one of
them.

## Social media

Official accounts speak for the council; personal accounts speak only for you. Refer any
question from the press to the Clerk.

## Group chats

Council decisions are not taken in private chat groups.
"""

IT_SECURITY = """# Information Security

## 1 Computers

1.1 Equipment

1.1.1 Council computers are for council work; reasonable personal use is allowed outside your
working hours.

1.1.2 Lock the screen whenever you step away, on council and personal devices used for work.

1.1.3 Ask the Clerk before using your own USB sticks, discs or drives on a council computer.

## 2 Devices

2.1 Portable devices

2.1.1 Laptops, tablets and phones that hold council data must be encrypted and protected by a
PIN, and should wipe themselves after repeated wrong attempts.

2.1.2 Never switch off or remove the security set on a device.

2.2 Your own devices

2.2.1 Keep your own devices up to date with security fixes.

2.2.2 Send council e-mail from your council account, never from a personal address.

2.2.3 Use the device's work profile for council work where it has one.

2.2.4 Protect your own devices with a PIN, password or fingerprint, make them lock after no
more than five minutes, and tell the Clerk at once if one is lost or stolen.

## 3 Health

3.1 Staff who use screens are offered regular eye tests.

## 4 Passwords

4.1 Use three random words for a password, and turn on two-step sign-in wherever you can.

4.2 Never share a password, and never store one in plain text.

4.3 Change a password at once if anyone may have seen it.

4.4 Every use of a shared or administrative password is recorded; trying to reach one you are
not allowed is a security incident.

## 5 Monitoring

5.1 The council monitors the use of its systems lawfully and in proportion, and tells you what
it monitors.

5.2 Monitoring information is shared only with those whose role needs it, and kept only as long
as needed.

5.3 You may ask for the information held about you.

5.4 Web use is checked for the kind of sites visited and how much, in and out of working hours.

5.5 Computers are scanned from time to time for programs that were not approved.

## 6 Working away

6.1 When working away from the office:

- do not save passwords on computers that are not yours, and sign out when you finish
- keep your screen out of sight of others
- never leave papers or devices in a car unless locked in the boot for a short time
- keep the ability to wipe a lost phone or laptop

## 7 E-mail

7.1 Council e-mail is for council business only.

## 9 Social media

9.1 Personal social media is not for working hours.
"""


def load_demo_policies(council: Council, clerk: Person, deputy: Person) -> None:
    actor = Actor.system("demo")
    today = timezone.localdate()

    devices = services.create_policy(
        council,
        title="Use of IT, Devices and Social Media",
        code="A",
        actor=actor,
        responsible_officer=clerk,
        oversight_committee="Staffing Committee",
        review_due=today - timedelta(days=40),  # a review that is overdue
    )
    first = services.draft_version(
        devices,
        parse_markdown(DEVICES_AND_MEDIA),
        label="0.1",
        actor=actor,
        comment="Adopted from a model policy",
    )
    services.approve_version(
        first,
        actor=actor,
        approving_body="full_council",
        approved_on=date(2025, 3, 12),
        minute_reference="FC.25.14",
    )
    services.publish_version(first, actor=actor)
    second = services.draft_version(
        devices,
        parse_markdown(DEVICES_AND_MEDIA),
        label="0.2",
        actor=actor,
        material_change=False,
        comment="CCTV purposes brought in line with the CCTV policy",
    )
    services.approve_version(
        second,
        actor=actor,
        approving_body="committee",
        committee_name="Staffing Committee",
        approved_on=date(2025, 12, 4),
        minute_reference="SC.25.31",
    )
    services.publish_version(second, actor=actor)
    services.record_review(
        devices,
        actor=actor,
        reviewed_on=date(2025, 12, 4),
        review_type="Change to CCTV purposes",
        actions="CCTV section updated; no material change for staff.",
        completed_by="Deputy Town Clerk",
        next_review_due=devices.review_due,
    )

    security = services.create_policy(
        council,
        title="Information Security",
        code="B",
        actor=actor,
        responsible_officer=deputy,
        oversight_committee="Staffing Committee",
        review_due=today + timedelta(days=300),
    )
    version = services.draft_version(
        security, parse_markdown(IT_SECURITY), label="1.0", actor=actor, comment="First version"
    )
    services.update_version_settings(
        version,
        actor=actor,
        material_change=True,
        remote_working_reference="6.1",
        reminder_every_days=7,
    )
    services.approve_version(
        version,
        actor=actor,
        approving_body="full_council",
        approved_on=today - timedelta(days=20),
        minute_reference="FC.26.40",
    )
    services.publish_version(version, actor=actor)
    services.draft_version(
        security,
        parse_markdown(IT_SECURITY),
        label="1.1",
        actor=actor,
        material_change=False,
        comment="Wording of 2.2.4 under review",
    )

    # Part-way through: some have acknowledged version 1.0 of the security policy.
    people = list(services.outstanding_people(version).order_by("full_name"))
    for person in people[: len(people) // 2]:
        services.acknowledge(version, person, actor=actor, on_paper=True)
    _backdate_history(devices, {"0.1": date(2025, 3, 12), "0.2": date(2025, 12, 4)})
    _backdate_history(security, {"1.0": today - timedelta(days=20)})

    for name, kind, refs, params in [
        (
            "Prohibited web content",
            "prohibited_category",
            [(security, "5.4")],
            {"categories": ["adult", "hate", "illegal"]},
        ),
        (
            "Social media in working hours",
            "category_in_working_hours",
            [(security, "9.1")],
            {"categories": ["social_networks"]},
        ),
        (
            "Screens lock within five minutes",
            "device_posture",
            [(security, "2.2.4")],
            {"max_lock_minutes": 5},
        ),
        (
            "Programs not approved",
            "unapproved_software",
            [(security, "5.5"), (devices, "e-mail-and-software")],
            {},
        ),
        (
            "High phone use",
            "phone_usage_anomaly",
            [(devices, "phone-use-and-costs")],
            {"own_months": 6, "ratio": 3},
        ),
    ]:
        services.save_rule(
            council,
            actor=actor,
            name=name,
            kind=kind,
            severity="medium",
            parameters=params,
            citations=refs,
        )


def _backdate_history(policy, dates: dict[str, date]) -> None:
    """Demo only: the history of versions adopted before councilguard was installed."""
    for label, on_date in dates.items():
        HistoryEntry.objects.filter(policy=policy, version_label=label).update(on_date=on_date)


def load_policies_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    """The demo council's policies, written by its clerk and approved with its deputy."""
    load_demo_policies(
        council, clerk=people["clerk@ashcombe.example"], deputy=people["deputy@ashcombe.example"]
    )
    _load_remote_workers(council, people)


def _load_remote_workers(council: Council, people: dict[str, Person]) -> None:
    """Two who work away from the office (B 6.1.1): one has accepted the rules, one has not
    yet and is reminded."""
    from councilguard.accounts.models import User

    actor = Actor.system("demo")
    today = timezone.localdate()
    # Read again: the people were linked to their accounts after these were made.
    owen = Person.objects.get(pk=people["deputy@ashcombe.example"].pk)
    lucy = people["admin@ashcombe.example"]
    services.add_remote_worker(
        owen, where="At home on Fridays", since=today - timedelta(days=200), actor=actor
    )
    services.add_remote_worker(
        lucy, where="At home on Wednesdays", since=today - timedelta(days=30), actor=actor
    )
    user = User.objects.get(email="deputy@ashcombe.example")
    for version in services.remote_rules_in_force(council):
        services.accept_remote_working_rules(version, owen, actor=Actor.for_user(user))

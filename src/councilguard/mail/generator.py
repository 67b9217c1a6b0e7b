"""A generated week of message traces and sign-ins with injected cases, one per rule (issue 19:
the demo, the rule tests' precision and recall, and the benchmark). Normal people write to
business contacts and residents and sign in with MFA from the UK; each injected case is just
over its rule's default threshold."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from councilguard.mail import testing as t

# Monday 13 October 2025, 08:00 UTC (09:00 in the UK).
WEEK = datetime(2025, 10, 13, 8, 0, tzinfo=UTC)


@dataclass
class Cast:
    """Council addresses of the people playing each part."""

    normal: list[str]
    personal_use: str
    sends_to_self: str
    self_address: str  # the personal address sends_to_self has listed
    writes_from_home: str
    home_address: str  # writes_from_home's listed personal address
    auto_forwards: str
    single_factor: str
    fails: str
    abroad: str
    legacy: str


def _at(day: int, minute: int, start: datetime = WEEK) -> datetime:
    return start + timedelta(days=day, minutes=minute)


def _ps_time(at: datetime) -> str:
    return at.strftime("%d/%m/%Y %H:%M:%S")


def messages(
    cast: Cast, *, normal_per_day: int = 6, seed: int = 7, start: datetime = WEEK
) -> list[tuple]:
    """(received, sender, recipient, status, message id) rows of a week."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    rows = []

    def add(at, sender, recipient, status="Delivered", message_id=None):
        rows.append((at, sender, recipient, status, message_id or f"<g{len(rows)}@ashby>"))

    for who in cast.normal:
        for day in range(5):
            for n in range(normal_per_day):
                other = rng.choice(["supplier@firm.example", "resident@mail.example"])
                add(_at(day, 30 * n + 1, start), who, other)
                add(_at(day, 30 * n + 7, start), other, who)
    # 21 messages to seven webmail friends: over the 20 a week of reasonable personal use.
    for n in range(21):
        add(_at(n % 5, 200 + n, start), cast.personal_use, f"friend{n % 7}@gmail.com")
    # 10 messages to one's own listed personal address: council mail sent out in bulk.
    for n in range(10):
        add(_at(n % 5, 300 + n, start), cast.sends_to_self, cast.self_address)
    # 3 messages from one's personal address to a council colleague.
    for n in range(3):
        add(_at(n, 400 + n, start), cast.home_address, cast.normal[0])
    # 5 messages from outside that go on within a minute, as the same message, to a personal
    # mailbox (a forwarding rule).
    for n in range(5):
        sender, message_id = f"news{n}@charity.example", f"<news{n}@charity.example>"
        add(_at(n, 500, start), sender, cast.auto_forwards, message_id=message_id)
        add(_at(n, 500, start) + timedelta(seconds=30), sender, "me.private@yahoo.com",
            message_id=message_id)  # fmt: skip
    return rows


def trace_csv(cast: Cast, **kwargs) -> str:
    return t.ps_trace(
        *[(_ps_time(at), s, r, status, mid) for at, s, r, status, mid in messages(cast, **kwargs)]
    )


def signins_csv(cast: Cast, *, start: datetime = WEEK) -> str:
    rows = []
    for who in [*cast.normal, cast.personal_use, cast.sends_to_self]:
        for day in range(5):
            rows.append(t.entra_signin(_at(day, 0, start).strftime("%Y-%m-%dT%H:%M:%SZ"), who))
    for day in range(2):
        rows.append(
            t.entra_signin(_at(day, 5, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.single_factor,
                           requirement="Single-factor authentication")
        )  # fmt: skip
    for n in range(10):
        rows.append(
            t.entra_signin(_at(1, 60 + n, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.fails,
                           status="Failure", code="50126",
                           requirement="Single-factor authentication")
        )  # fmt: skip
    rows.append(
        t.entra_signin(_at(2, 0, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.abroad,
                       location="Lisbon, Lisboa, PT")
    )  # fmt: skip
    rows.append(
        t.entra_signin(_at(3, 0, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.legacy, client="IMAP4",
                       requirement="Single-factor authentication")
    )  # fmt: skip
    return t.entra_portal(*rows)


# --- many cases per rule, for precision and recall -------------------------------------------

QUALITY_DOMAIN = "ashby.example"
QUALITY_BUSINESS = ("firm.example", "county.gov.uk")
QUALITY_COUNTRIES = ("GB", "IE")  # the council expects sign-ins from the UK and Ireland
RULE_KINDS = (
    "mail.personal_use",
    "mail.sent_to_personal",
    "mail.business_from_personal",
    "mail.auto_forward",
    "signin.single_factor",
    "signin.repeated_failures",
    "signin.unexpected_country",
    "signin.legacy_protocol",
)


@dataclass
class Case:
    """One person's part in the quality week: what they did, and the findings it should
    give (none for a case just below a threshold or a normal habit)."""

    person: int
    address: str
    rule: str  # the rule the case is about ("normal" for the normal people)
    what: str
    expected: tuple[str, ...] = ()


@dataclass
class QualityWeek:
    seed: int
    messages: list[tuple]  # (at, sender, recipient, status, message id)
    signins: list[dict]  # rows for testing.entra_portal
    people: dict[str, int]  # council address -> person
    personal: dict[str, int]  # listed personal address -> person
    cases: list[Case]

    @property
    def truth(self) -> set[tuple[int, str]]:
        return {(c.person, rule) for c in self.cases for rule in c.expected}

    def trace_csv(self) -> str:
        rows = sorted(self.messages, key=lambda m: m[0])
        return t.ps_trace(*[(_ps_time(at), s, r, st, mid) for at, s, r, st, mid in rows])

    def signins_csv(self) -> str:
        return t.entra_portal(*sorted(self.signins, key=lambda row: row["Date (UTC)"]))

    def truth_csv(self) -> str:
        lines = ["person,address,case,what,findings expected"]
        lines += [
            f'{c.person},{c.address},{c.rule},"{c.what}",{" ".join(c.expected) or "none"}'
            for c in self.cases
        ]
        return "\n".join(lines) + "\n"


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def quality_week(
    seed: int, *, per_rule: int = 6, below: int = 4, normal: int = 20, busy_clerks: int = 0
) -> QualityWeek:
    """A working week with ``per_rule`` cases of each rule (the first exactly at the count
    that makes a finding, the others above it), ``below`` cases of each just under it or of
    a look-alike habit the rule must leave alone, and ``normal`` people who write to business
    contacts, residents and a few webmail contacts, travel to Ireland (an expected country),
    use the mobile apps and mistype a password once. Each case is its own person, so the
    truth is a set of (person, rule). Thresholds: ``rules.Thresholds`` defaults.

    ``busy_clerks`` adds people who answer more residents at webmail addresses than the
    personal-use allowance, each resident having written first: council business, but from
    the metadata alone the personal-use rule cannot tell them from friends (a known limit,
    measured apart in docs/benchmarks.md)."""
    from councilguard.mail.rules import Thresholds

    th = Thresholds()
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    week = QualityWeek(seed, [], [], {}, {}, [])
    serial = iter(range(1, 10**6))

    def person(rule: str, what: str, expected=()) -> tuple[int, str]:
        pid = len(week.cases) + 1
        address = f"p{pid:03d}@{QUALITY_DOMAIN}"
        week.people[address] = pid
        week.cases.append(Case(pid, address, rule, what, tuple(expected)))
        return pid, address

    def when(day: int | None = None) -> datetime:
        day = rng.randrange(5) if day is None else day
        return WEEK + timedelta(days=day, minutes=rng.randrange(9 * 60), seconds=rng.randrange(60))

    def mail(at, sender, recipient, status="Delivered", message_id=None):
        week.messages.append(
            (at, sender, recipient, status, message_id or f"<q{next(serial)}.{seed}@ashby>")
        )

    def signin(at, user, **kwargs):
        week.signins.append(t.entra_signin(_iso(at), user, **kwargs))

    def spread(total: int, addresses: list[str], sender: str):
        for n in range(total):
            mail(when(), sender, addresses[n % len(addresses)])

    normals, mfa_days_later = [], []
    for n in range(normal):
        habits = []
        pid, address = person("normal", "")
        normals.append(address)
        residents = rng.randrange(0, 13)
        habits.append(f"writes to {residents} residents at webmail addresses")
        for day in range(5):
            for _ in range(rng.randrange(6, 11)):
                other = rng.choice(
                    ["orders@firm.example", "planning@county.gov.uk", "resident@mail.example",
                     f"hall{rng.randrange(9)}@village.example"]
                )  # fmt: skip
                at = when(day)
                mail(at, address, other)
                mail(at + timedelta(minutes=rng.randrange(5, 90)), other, address)
        for r in range(residents):
            mail(when(), address, f"resident{pid}.{r}@gmail.com")
        abroad = n % 4 == 0
        mobile = n % 3 == 0
        for day in range(5):
            place = "Dublin, Dublin, IE" if abroad and day == 2 else "Ringford, England, GB"
            signin(when(day), address, location=place,
                   client="Mobile Apps and Desktop clients" if mobile else "Browser")  # fmt: skip
        if n % 2:
            signin(when(1), address, status="Failure", code="50126",
                   requirement="Single-factor authentication")  # fmt: skip
            habits.append("mistypes a password once")
        if abroad:
            habits.append("signs in from Ireland")
        if mobile:
            habits.append("uses the mobile apps")
        week.cases[-1].what = ", ".join(habits)
    colleagues = normals[:5]
    for _ in range(busy_clerks):
        pid, address = person("normal", "", [])
        answered = th.personal_messages_per_week + rng.randrange(5, 15)
        for r in range(answered):
            resident, at = f"villager{pid}.{r}@{rng.choice(['gmail.com', 'hotmail.co.uk'])}", when()
            mail(at, resident, address)
            mail(at + timedelta(minutes=rng.randrange(20, 240)), address, resident)
        week.cases[-1].what = f"answers {answered} residents who wrote in from webmail addresses"
        mfa_days_later.append(address)

    def mfa_days(address: str):
        for day in range(5):
            signin(when(day), address)

    for address in mfa_days_later:
        mfa_days(address)

    # Personal use: more than ``personal_messages_per_week`` to webmail friends, never ten
    # to one address (that would be mail sent out in bulk).
    limit = th.personal_messages_per_week
    for i in range(per_rule + below):
        above = i < per_rule
        total = (limit + 1 if i == 0 else rng.randrange(limit + 1, limit + 10)) if above else (
            limit if i == per_rule else rng.randrange(limit - 8, limit + 1))  # fmt: skip
        pid, address = person("mail.personal_use", f"{total} messages to webmail friends",
                              ["mail.personal_use"] if above else [])  # fmt: skip
        friends = [f"friend{j}.{pid}@{rng.choice(['gmail.com', 'hotmail.co.uk', 'icloud.com'])}"
                   for j in range(max(3, -(-total // 8)))]  # fmt: skip
        spread(total, friends, address)
        mfa_days(address)
    # Council mail sent out: to one's own listed address, or ten or more to one webmail.
    limit = th.forward_messages_per_week
    for i in range(per_rule + below):
        above = i < per_rule
        total = (limit if i in (0, 1) else rng.randrange(limit, limit + 6)) if above else limit - 1
        own = i % 2 == 0
        pid, address = person(
            "mail.sent_to_personal",
            f"{total} messages to {'their own listed' if own else 'one webmail'} address",
            ["mail.sent_to_personal"] if above else [],
        )
        target = f"home{pid}@{rng.choice(['mail.example', 'gmail.com'])}"
        if own:
            week.personal[target] = pid
        else:
            target = f"drop{pid}@outlook.com"
        spread(total, [target], address)
        mfa_days(address)
    # Council business from a personal address, to colleagues; below: fewer, or to oneself.
    limit = th.business_from_personal_per_week
    for i in range(per_rule + below):
        above = i < per_rule
        pid, address = person("mail.business_from_personal", "", [])
        home = f"cllr{pid}@{rng.choice(['gmail.com', 'btinternet.com', 'mail.example'])}"
        week.personal[home] = pid
        if above:
            total = limit if i == 0 else rng.randrange(limit, limit + 4)
            spread(total, colleagues, home)
            what, expected = f"{total} messages from their personal address to colleagues", [
                "mail.business_from_personal"]  # fmt: skip
        elif i % 2:
            total = limit + 3
            spread(total, [address], home)
            what, expected = (
                f"{total} messages from their personal address to their own account",
                [],
            )
        else:
            total = limit - 1
            spread(total, colleagues, home)
            what, expected = f"{total} messages from their personal address to colleagues", []
        week.cases[-1].what, week.cases[-1].expected = what, tuple(expected)
        mfa_days(address)
    # Automatic forwarding: the same message on to a personal mailbox within seconds;
    # below: fewer, or forwarded by hand later as a new message.
    limit = th.auto_forward_messages
    for i in range(per_rule + below):
        above = i < per_rule
        pid, address = person("mail.auto_forward", "", [])
        box = f"me{pid}@{rng.choice(['yahoo.com', 'gmail.com', 'outlook.com'])}"
        by_hand = not above and i % 2 == 1
        total = (limit if i == 0 else rng.randrange(limit, limit + 4)) if above else (
            limit + 1 if by_hand else limit - 1)  # fmt: skip
        for n in range(total):
            sender = f"news{n}@charity{pid}.example"
            message_id = f"<n{n}.{pid}.{seed}@charity.example>"
            at = when()
            mail(at, sender, address, message_id=message_id)
            if by_hand:
                mail(at + timedelta(hours=2), address, box)
            else:
                mail(at + timedelta(seconds=rng.randrange(5, 100)), sender, box,
                     message_id=message_id)  # fmt: skip
        week.cases[-1].what = (
            f"{total} messages forwarded by hand hours later" if by_hand
            else f"{total} messages forwarded automatically"
        )  # fmt: skip
        week.cases[-1].expected = ("mail.auto_forward",) if above else ()
        mfa_days(address)
    # Single-factor sign-ins; below: a single-factor attempt that failed, then MFA.
    for i in range(per_rule + below):
        above = i < per_rule
        pid, address = person("signin.single_factor", "", [])
        mfa_days(address)
        if above:
            total = 1 if i == 0 else rng.randrange(1, 4)
            for _ in range(total):
                signin(when(), address, requirement="Single-factor authentication")
            what, expected = f"{total} sign-ins with a password alone", ["signin.single_factor"]
        else:
            signin(when(), address, status="Failure", code="50126",
                   requirement="Single-factor authentication")  # fmt: skip
            what, expected = "one failed sign-in with a password alone, then MFA", []
        week.cases[-1].what, week.cases[-1].expected = what, tuple(expected)
    # Repeated failures in one day; below: one short of it, on one day or on each of two.
    limit = th.failed_signins_per_day
    for i in range(per_rule + below):
        above = i < per_rule
        pid, address = person("signin.repeated_failures", "", [])
        mfa_days(address)
        days = [rng.randrange(5)] if above or i % 2 == 0 else [1, 3]
        total = (limit if i == 0 else rng.randrange(limit, limit + 6)) if above else limit - 1
        for day in days:
            start = when(day)
            for n in range(total):
                signin(start + timedelta(seconds=20 * n), address, status="Failure",
                       code="50126", requirement="Single-factor authentication")  # fmt: skip
        week.cases[-1].what = f"{total} failed sign-ins on each of {len(days)} day(s)"
        week.cases[-1].expected = ("signin.repeated_failures",) if above else ()
    # Sign-ins from outside the expected countries; below: a failed attempt from abroad.
    places = ["Lisbon, Lisboa, PT", "Madrid, Madrid, ES", "Paris, Ile-de-France, FR",
              "New York, New York, US", "Lagos, Lagos, NG"]  # fmt: skip
    for i in range(per_rule + below):
        above = i < per_rule
        pid, address = person("signin.unexpected_country", "", [])
        mfa_days(address)
        place = rng.choice(places)
        if above:
            signin(when(), address, location=place)
            what, expected = f"signs in from {place[-2:]}", ["signin.unexpected_country"]
        else:
            signin(when(), address, location=place, status="Failure", code="50126",
                   requirement="Single-factor authentication")  # fmt: skip
            what, expected = f"one failed sign-in from {place[-2:]}", []
        week.cases[-1].what, week.cases[-1].expected = what, tuple(expected)
    # Legacy protocols (which cannot ask for a second factor: single factor too); below: the
    # desktop and mobile apps, which are modern.
    clients = ["IMAP4", "POP3", "Authenticated SMTP", "Exchange ActiveSync", "Other clients"]
    for i in range(per_rule + below):
        above = i < per_rule
        pid, address = person("signin.legacy_protocol", "", [])
        mfa_days(address)
        if above:
            client = clients[i % len(clients)]
            signin(when(), address, client=client, requirement="Single-factor authentication")
            what, expected = f"signs in with {client}", ["signin.legacy_protocol",
                                                         "signin.single_factor"]  # fmt: skip
        else:
            signin(when(), address, client="Mobile Apps and Desktop clients")
            what, expected = "signs in with the mobile and desktop apps", []
        week.cases[-1].what, week.cases[-1].expected = what, tuple(expected)
    return week


def quality_context(week: QualityWeek):
    """The rules' context for a quality week: its people's council addresses held throughout,
    their listed personal addresses, the council's domain and business contacts, and the UK
    and Ireland as the expected countries (default thresholds otherwise)."""
    import polars as pl

    from councilguard.mail import attribution, rules

    holdings = pl.DataFrame(
        [(a, p, attribution.DAWN, None) for a, p in week.people.items()],
        schema=attribution.HOLDINGS,
        orient="row",
    )
    personal = pl.DataFrame(
        list(week.personal.items()), schema={"address": pl.String, "owner_id": pl.Int64},
        orient="row",
    )  # fmt: skip
    return rules.Context(
        holdings=holdings,
        personal=personal,
        own_domains=frozenset([QUALITY_DOMAIN]),
        business=frozenset(QUALITY_BUSINESS),
        thresholds=rules.Thresholds(allowed_countries=QUALITY_COUNTRIES),
    )


def quality_findings(week: QualityWeek, table=None) -> set[tuple[int, str]]:
    """(person, rule) of every finding on the week: its exports read by the parsers, prepared
    and put through the rules as ``services.run_rules`` does. ``table`` makes an engine's
    table of a prepared frame (DuckDB's by default; the Spark test passes its own)."""
    import polars as pl

    from councilguard.mail import analysis, rules, signins, traces

    context = quality_context(week)
    table = table or analysis.as_table
    found = set()
    for parse, text, prepare, find in (
        (traces.parse_trace, week.trace_csv(), rules.prepare_messages, analysis.mail_findings),
        (signins.parse_entra, week.signins_csv(), rules.prepare_signins,
         analysis.signin_findings),
    ):  # fmt: skip
        parsed = parse(text.encode("utf-8"))
        if parsed.rejects:
            raise ValueError(f"the generated export has bad lines: {parsed.rejects[:3]}")
        prepared = prepare(parsed.records.with_columns(batch=pl.lit("quality")), context)
        found |= {(f.person, f.kind) for f in find(table(prepared), context.thresholds)}
    return found


@dataclass
class Score:
    expected: int
    found: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def score(week: QualityWeek, found: set[tuple[int, str]]) -> dict[str, Score]:
    """Per rule: findings expected, made and right (precision and recall)."""
    truth = week.truth
    return {
        rule: Score(
            expected=sum(1 for _, r in truth if r == rule),
            found=sum(1 for _, r in found if r == rule),
            right=sum(1 for key in found & truth if key[1] == rule),
        )
        for rule in RULE_KINDS
    }

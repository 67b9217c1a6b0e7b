"""The e-mail and sign-in rules on a generated week with one injected case per rule: each
finds its case and nothing about the normal people (precision and recall 1), with a sentence
of numbers and its clause; thresholds at, below and above their values; re-runs update and
withdraw rather than duplicate."""

from __future__ import annotations

from datetime import date

import pytest

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.mail import generator, services
from councilguard.mail import testing as t
from councilguard.mail.ingest import ingest_export
from councilguard.mail.models import ContactKind
from councilguard.monitoring.models import Finding, FindingStatus
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

MONDAY, SUNDAY = date(2025, 10, 13), date(2025, 10, 19)


def _cast(world) -> generator.Cast:
    email = {role: world.people[role].primary_email for role in Role}
    return generator.Cast(
        normal=[email[Role.CLERK], email[Role.COMMITTEE]],
        personal_use=email[Role.STAFF],
        sends_to_self=email[Role.MANAGER],
        self_address="manager.home@mail.example",
        writes_from_home=email[Role.COUNCILLOR],
        home_address="cllr.home@gmail.com",
        auto_forwards=email[Role.DP_LEAD],
        single_factor=email[Role.STAFF],
        fails=email[Role.MANAGER],
        abroad=email[Role.COUNCILLOR],
        legacy=email[Role.IT_PROVIDER],
    )


@pytest.fixture
def week(world, tmp_path):
    t.make_mail_sources(world)
    services.add_contact(world.council, "ashby.example", ContactKind.OWN, actor=SETUP)
    services.add_contact(world.council, "firm.example", ContactKind.SUPPLIER, actor=SETUP)
    services.add_personal_address(
        world.council, world.people[Role.MANAGER], "manager.home@mail.example", actor=SETUP
    )
    services.add_personal_address(
        world.council, world.people[Role.COUNCILLOR], "cllr.home@gmail.com", actor=SETUP
    )
    cast = _cast(world)
    for name, fmt, text in (
        ("trace.csv", "m365-trace", generator.trace_csv(cast)),
        ("signins.csv", "entra-signin", generator.signins_csv(cast)),
    ):
        path = tmp_path / name
        path.write_text(text)
        ingest_export(world.council, path, actor=SETUP, file_name=name, fmt=fmt)
    return cast


def _found(world) -> set[tuple[Role, str]]:
    roles = {p.pk: r for r, p in world.people.items()}
    return {
        (roles[f.person_id], f.rule_kind)
        for f in Finding.objects.filter(council=world.council).exclude(
            status=FindingStatus.WITHDRAWN
        )
    }


EXPECTED = {
    (Role.STAFF, "mail.personal_use"),
    (Role.MANAGER, "mail.sent_to_personal"),
    (Role.COUNCILLOR, "mail.business_from_personal"),
    (Role.DP_LEAD, "mail.auto_forward"),
    (Role.STAFF, "signin.single_factor"),
    (Role.MANAGER, "signin.repeated_failures"),
    (Role.COUNCILLOR, "signin.unexpected_country"),
    (Role.IT_PROVIDER, "signin.legacy_protocol"),
    (Role.IT_PROVIDER, "signin.single_factor"),  # IMAP cannot ask for a second factor
}


def test_each_rule_finds_its_injected_case_and_nothing_on_the_normal_people(world, week):
    with assert_audited(world.council, *[Event.FINDING_RAISED] * 9, Event.FINDINGS_ANALYSED):
        outcome = services.analyse_council(world.council, actor=SETUP)
    assert outcome.created == 9
    assert _found(world) == EXPECTED
    findings = {
        (f.rule_kind, f.person_id): f for f in Finding.objects.filter(council=world.council)
    }
    staff, manager = world.people[Role.STAFF].pk, world.people[Role.MANAGER].pk
    personal = findings[("mail.personal_use", staff)]
    assert (personal.period_start, personal.period_end) == (MONDAY, SUNDAY)
    assert personal.clause_reference == "A Use of Email"
    assert personal.summary.startswith(
        "Sent 21 messages from the council account to 7 personal addresses in the week of "
        "13 October 2025: more than the 20 messages a week the council allows as reasonable "
        "personal use."
    )
    assert findings[("mail.sent_to_personal", manager)].summary == (
        "Sent 10 messages of council mail to their own or personal webmail addresses in the "
        "week of 13 October 2025 (the council looks at 10 or more a week): "
        "manager.home@mail.example (10)."
    )
    assert findings[("mail.sent_to_personal", manager)].clause_reference == "B 7.1.3"
    home = findings[("mail.business_from_personal", world.people[Role.COUNCILLOR].pk)]
    assert home.clause_reference == "B 2.2.2"
    assert "Wrote 3 messages from their personal address" in home.summary
    forward = findings[("mail.auto_forward", world.people[Role.DP_LEAD].pk)]
    assert forward.summary.startswith("5 messages received by the council account went on")
    assert "me.private@yahoo.com (5)" in forward.summary
    fails = findings[("signin.repeated_failures", manager)]
    assert fails.clause_reference == "B 4.1.1"
    assert fails.summary.startswith("Failed to sign in 10 times in one day")
    abroad = findings[("signin.unexpected_country", world.people[Role.COUNCILLOR].pk)]
    assert "(GB): PT (1)." in abroad.summary
    single = findings[("signin.single_factor", staff)]
    assert single.summary.startswith("2 successful sign-ins in the week of 13 October 2025")
    # Every rule kind and clause fits its column on PostgreSQL.
    assert all(len(f.rule_kind) <= 40 and len(f.clause_reference) <= 40 for f in findings.values())


def test_a_second_run_changes_nothing_and_a_raised_threshold_withdraws(world, week):
    services.analyse_council(world.council, actor=SETUP)
    again = services.analyse_council(world.council, actor=SETUP)
    assert (again.created, again.updated, again.withdrawn) == (0, 0, 0)
    services.update_settings(
        world.council, {"personal_messages_per_week": 21, "failed_signins_per_day": 11},
        actor=SETUP,
    )  # fmt: skip
    third = services.analyse_council(world.council, actor=SETUP)
    assert third.withdrawn == 2
    assert _found(world) == EXPECTED - {
        (Role.STAFF, "mail.personal_use"),
        (Role.MANAGER, "signin.repeated_failures"),
    }


@pytest.mark.parametrize(
    ("allowance", "found"),
    [(20, True), (21, False), (22, False)],  # 21 sent: more than 20 is a finding, 21 is not
)
def test_reasonable_personal_use_at_its_threshold(world, week, allowance, found):
    services.update_settings(world.council, {"personal_messages_per_week": allowance},
                             actor=SETUP)  # fmt: skip
    services.analyse_council(world.council, actor=SETUP)
    assert ((Role.STAFF, "mail.personal_use") in _found(world)) is found


def test_not_permitted_personal_use_cites_b_7_1_4(world, week):
    services.update_settings(world.council, {"personal_use": "none"}, actor=SETUP)
    services.analyse_council(world.council, actor=SETUP)
    finding = Finding.objects.get(council=world.council, rule_kind="mail.personal_use")
    assert finding.clause_reference == "B 7.1.4"
    assert "personal use of council e-mail is not permitted" in finding.summary


@pytest.mark.parametrize(
    ("setting", "value", "role", "rule", "found"),
    [
        ("forward_messages_per_week", 9, Role.MANAGER, "mail.sent_to_personal", True),
        ("forward_messages_per_week", 10, Role.MANAGER, "mail.sent_to_personal", True),
        ("forward_messages_per_week", 11, Role.MANAGER, "mail.sent_to_personal", False),
        ("business_from_personal_per_week", 2, Role.COUNCILLOR, "mail.business_from_personal", True),
        ("business_from_personal_per_week", 3, Role.COUNCILLOR, "mail.business_from_personal", True),
        ("business_from_personal_per_week", 4, Role.COUNCILLOR, "mail.business_from_personal", False),
        ("auto_forward_messages", 4, Role.DP_LEAD, "mail.auto_forward", True),
        ("auto_forward_messages", 5, Role.DP_LEAD, "mail.auto_forward", True),
        ("auto_forward_messages", 6, Role.DP_LEAD, "mail.auto_forward", False),
        ("failed_signins_per_day", 9, Role.MANAGER, "signin.repeated_failures", True),
        ("failed_signins_per_day", 10, Role.MANAGER, "signin.repeated_failures", True),
        ("failed_signins_per_day", 11, Role.MANAGER, "signin.repeated_failures", False),
    ],
)  # fmt: skip
def test_counting_thresholds_at_below_and_above(world, week, setting, value, role, rule, found):
    services.update_settings(world.council, {setting: value}, actor=SETUP)
    services.analyse_council(world.council, actor=SETUP)
    assert ((role, rule) in _found(world)) is found


def test_the_forwarding_window_is_in_minutes(world, week):
    # The copies go on 30 seconds later: a window of one minute still sees them.
    services.update_settings(world.council, {"auto_forward_minutes": 1}, actor=SETUP)
    services.analyse_council(world.council, actor=SETUP)
    assert (Role.DP_LEAD, "mail.auto_forward") in _found(world)


def test_allowed_countries_silence_the_country_rule(world, week):
    services.update_settings(world.council, {"allowed_countries": "gb, pt"}, actor=SETUP)
    assert services.settings_for(world.council).allowed_countries == "GB, PT"
    services.analyse_council(world.council, actor=SETUP)
    assert (Role.COUNCILLOR, "signin.unexpected_country") not in _found(world)


def test_duckdb_and_pyspark_give_identical_findings(world, week, tmp_path, spark_session):
    """C31: the rules are Ibis expressions; DuckDB and Spark find the same things."""
    import ibis

    from councilguard.mail import analysis, rules, store

    context = services.context_for(world.council)
    paths = {}
    for kind, prepare in (("email", rules.prepare_messages), ("signin", rules.prepare_signins)):
        paths[kind] = tmp_path / f"{kind}.parquet"
        prepare(store.scan(world.council, kind).collect(), context).write_parquet(paths[kind])

    def run(connection):
        found = analysis.mail_findings(
            connection.read_parquet(str(paths["email"])), context.thresholds
        ) + analysis.signin_findings(
            connection.read_parquet(str(paths["signin"])), context.thresholds
        )
        return sorted((f.person, f.kind, f.week, f.sentence, f.clause) for f in found)

    on_duckdb = run(ibis.duckdb.connect())
    connection = ibis.pyspark.connect(spark_session)
    on_spark = run(connection)
    # The quality week (many cases per rule, test_quality.py) on both engines as well.
    week = generator.quality_week(1)

    def spark_table(frame):
        path = tmp_path / f"quality-{len(list(tmp_path.glob('quality-*')))}.parquet"
        frame.write_parquet(path)
        return connection.read_parquet(str(path))

    quality_on_spark = generator.quality_findings(week, spark_table)
    assert len(on_duckdb) == 9
    assert on_spark == on_duckdb
    assert quality_on_spark == generator.quality_findings(week) == week.truth

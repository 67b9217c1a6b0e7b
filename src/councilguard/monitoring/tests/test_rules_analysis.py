"""The rules through the analysis: findings with their sentence and clause, proportionate
thresholds, re-runs that update rather than duplicate, reviews kept, and the same findings from
DuckDB and PySpark."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.monitoring import analysis, rules
from councilguard.monitoring import services as monitoring_services
from councilguard.monitoring.analysis import analyse, proposals_for
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.models import DomainRule, Finding, FindingStatus
from councilguard.monitoring.services import MonitoringError
from councilguard.monitoring.tests.engine import TESTER, squid_line
from councilguard.testing.audit import assert_audited

WEEK = date(2025, 3, 3)  # a Monday


def browsing(day: int, hour: int, minute: int, user: str, url: str, **kw) -> str:
    at = f"{WEEK + timedelta(days=day)} {hour:02d}:{minute:02d}:00"
    return squid_line(at, "10.9.9.9", url, user, **kw)


def social_week(user: str, days: int, minutes: int) -> list[str]:
    """``minutes`` minutes of Facebook in working hours (a request a minute) on ``days`` days."""
    return [
        browsing(d, 10, m, user, "http://www.facebook.com/feed")
        for d in range(days)
        for m in range(minutes)
    ]


def business(user: str, per_day: int, days: int = 5) -> list[str]:
    return [
        browsing(d, 9 + (i % 7), i % 60, user, "http://www.gov.uk/guidance")
        for d in range(days)
        for i in range(per_day)
    ]


def ingest(world, tmp_path: Path, lines: list[str], name: str = "access.log"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return ingest_file(world.council, "proxy", "squid", path, actor=TESTER)


def findings(world) -> list[tuple[str, str, str]]:
    return sorted(
        (f.person.full_name, f.rule_kind, f.clause_reference)
        for f in Finding.objects.filter(council=world.council).select_related("person")
    )


@pytest.fixture
def week(monitored, tmp_path):
    """The staff member on Facebook 41 minutes a day in working hours on 3 days, and on an
    adult site 6 times; the manager with a little Facebook at lunch-like volumes and business
    use, and one stray request to a gambling site."""
    lines = (
        social_week("s.staff", days=3, minutes=41)
        + [
            browsing(4, 20, i, "s.staff", "http://adult.example/x", code="TCP_DENIED/403")
            for i in range(6)
        ]
        + business("s.staff", 40)
        + [browsing(d, 13, 0, "m.manager", "http://x.com/home") for d in range(5)]
        + [browsing(2, 15, 0, "m.manager", "http://casino.example/")]
        + business("m.manager", 60)
    )
    ingest(monitored, tmp_path, lines)
    return monitored


def test_findings_explain_themselves_with_numbers_and_cite_their_clause(week):
    with assert_audited(
        week.council, Event.FINDING_RAISED, Event.FINDING_RAISED, Event.FINDINGS_ANALYSED
    ):
        report = analyse(week.council, actor=TESTER)
    assert report.raised == 2
    staff = week.people[Role.STAFF]
    assert findings(week) == [
        (staff.full_name, "web.prohibited", "A Personal use of Council systems"),
        (staff.full_name, "web.social_in_hours", "B 9.1.2"),
    ]
    social = Finding.objects.get(rule_kind="web.social_in_hours")
    assert social.summary == (
        "2 h 03 min on social networks during working hours on 3 of 5 working days, "
        "38% of browsing in working hours (limit: none in working hours, B 9.1.2)"
    )
    assert (social.period_start, social.period_end) == (WEEK, WEEK + timedelta(days=6))
    prohibited = Finding.objects.get(rule_kind="web.prohibited")
    assert prohibited.summary.startswith(
        "6 requests to sites in prohibited categories (adult 6) on 1 day, 1.8% of all requests, "
        "6 of them blocked"
    )
    assert prohibited.evidence["blocked"] == 6


def test_running_again_updates_and_never_undoes_a_review(week, tmp_path):
    analyse(week.council, actor=TESTER)
    Finding.objects.filter(rule_kind="web.social_in_hours").update(
        status=FindingStatus.NOTED, review_note="spoken to"
    )
    with assert_audited(week.council, Event.FINDINGS_ANALYSED):
        again = analyse(week.council, actor=TESTER)
    assert (again.raised, again.refreshed, again.unchanged) == (0, 0, 2)
    # More of the same week arrives: the same finding is brought up to date.
    ingest(week, tmp_path, social_week("s.staff", days=5, minutes=3), name="more.log")
    # (The prohibited-content finding's share of all requests changes too.)
    with assert_audited(
        week.council, Event.FINDING_REFRESHED, Event.FINDING_REFRESHED, Event.FINDINGS_ANALYSED
    ):
        later = analyse(week.council, actor=TESTER)
    assert (later.raised, later.refreshed) == (0, 2)
    social = Finding.objects.get(rule_kind="web.social_in_hours")
    assert social.status == FindingStatus.NOTED
    assert "on 5 of 5 working days" in social.summary
    assert Finding.objects.count() == 2


def test_a_finding_the_rules_no_longer_make_is_withdrawn_and_opens_again_if_made_again(week):
    analyse(week.council, actor=TESTER)
    Finding.objects.filter(rule_kind="web.prohibited").update(status=FindingStatus.NOTED)
    # The council allows Facebook after all: the open social-media finding is withdrawn, the
    # reviewed one is left as its reviewer left it.
    rule = DomainRule.objects.create(
        council=week.council, domain="facebook.com", meaning="business"
    )
    # A range that does not hold the whole week withdraws nothing.
    with assert_audited(week.council, Event.FINDINGS_ANALYSED):
        part = analyse(week.council, WEEK, WEEK + timedelta(days=3), actor=TESTER)
    assert part.withdrawn == 0
    with assert_audited(week.council, Event.FINDING_WITHDRAWN, Event.FINDINGS_ANALYSED):
        report = analyse(week.council, actor=TESTER)
    assert report.withdrawn == 1
    statuses = dict(Finding.objects.values_list("rule_kind", "status"))
    assert statuses == {
        "web.social_in_hours": FindingStatus.WITHDRAWN,
        "web.prohibited": FindingStatus.NOTED,
    }
    # Withdrawn findings are not reviewed: they leave the reviewers' queue.
    social = Finding.objects.get(rule_kind="web.social_in_hours")
    with pytest.raises(MonitoringError):
        monitoring_services.note_finding(social, note="x", actor=TESTER)
    # Found again, it opens again.
    rule.delete()
    with assert_audited(week.council, Event.FINDING_REFRESHED, Event.FINDINGS_ANALYSED):
        again = analyse(week.council, actor=TESTER)
    assert (again.raised, again.refreshed, again.withdrawn) == (0, 1, 0)
    social.refresh_from_db()
    assert social.status == FindingStatus.OPEN


def test_a_councils_own_allow_entry_outranks_the_category(week):
    DomainRule.objects.create(council=week.council, domain="facebook.com", meaning="business")
    analyse(week.council, actor=TESTER)
    assert [rule for _, rule, _ in findings(week)] == ["web.prohibited"]


def test_the_analysis_range_limits_the_events(week):
    analyse(week.council, date(2025, 3, 7), date(2025, 3, 7), actor=TESTER)
    # Friday holds only the adult-site requests.
    assert [rule for _, rule, _ in findings(week)] == ["web.prohibited"]


def test_personal_use_over_the_councils_limits(monitored, tmp_path):
    lines = [
        browsing(d, 11, m, "s.staff", "http://video.example/watch")
        for d in range(4)
        for m in range(0, 40, 2)
    ] + business("s.staff", 10, days=4)
    # Three hours of shopping each evening on three days: one visit of 178 minutes a day.
    lines += [
        browsing(d, h, m, "m.manager", "http://shop.example/")
        for d in range(3)
        for h in (19, 20, 21)
        for m in range(0, 59, 3)
    ]
    ingest(monitored, tmp_path, lines)
    analyse(monitored.council, actor=TESTER)
    staff, manager = monitored.people[Role.STAFF], monitored.people[Role.MANAGER]
    assert findings(monitored) == [
        (manager.full_name, "web.personal_out_of_hours", "A Personal use of Council systems"),
        (staff.full_name, "web.personal_in_hours", "B 1.1.1"),
    ]
    out = Finding.objects.get(rule_kind="web.personal_out_of_hours")
    assert out.summary.startswith(
        "8 h 54 min of personal browsing outside working hours, over 120 minutes on 3 days"
    )


def test_a_visit_across_the_end_of_the_working_day_counts_where_its_time_was_spent(
    monitored, tmp_path
):
    """Shopping from 16:40 to 17:20 (a request every two minutes) on three days, for someone
    working until 17:00: twenty minutes a day in working hours, the rest outside them."""
    ingest(
        monitored,
        tmp_path,
        [
            browsing(d, 16 + (40 + m) // 60, (40 + m) % 60, "s.staff", "http://shop.example/")
            for d in range(3)
            for m in range(0, 41, 2)
        ],
    )
    analyse(monitored.council, actor=TESTER)
    found = Finding.objects.get(council=monitored.council)
    assert found.rule_kind == rules.PERSONAL_IN_HOURS
    assert found.summary.startswith(
        "1 h 00 min of personal browsing during working hours, over 15 minutes on 3 of 5 "
        "working days"
    )
    assert found.evidence["minutes"] == 60


def test_the_commands_analyse_and_list_findings(week, capsys):
    call_command("analyse", "--council", "ashby", "--json")
    assert '"raised": 2' in capsys.readouterr().out
    call_command("findings", "--council", "ashby", "--json")
    listed = __import__("json").loads(capsys.readouterr().out)
    assert {f["rule"] for f in listed} == {"web.prohibited", "web.social_in_hours"}
    assert all(f["person_email"] == "staff@ashby.example" for f in listed)
    assert listed[0]["clause"] and listed[0]["summary"] and listed[0]["status"] == "open"


def test_duckdb_and_pyspark_give_identical_findings(week, spark_session):
    """C31: one Ibis rule set, two engines, the same answer."""
    import ibis

    on_duckdb, _ = proposals_for(week.council)
    on_spark, _ = proposals_for(week.council, con=ibis.pyspark.connect(spark_session))
    assert on_duckdb and on_duckdb == on_spark
    assert analysis.limits_for(week.council).personal_days_over == 3


def test_a_finding_citing_a_section_heading_links_to_that_clause(world):
    """Seed A's sections have no numbers: the rules cite them by heading, which the policy
    importer turns into the clause's reference."""
    from councilguard.monitoring.services import resolve_clause
    from councilguard.policies import services as policies
    from councilguard.policies.importing import parse_markdown
    from councilguard.testing.world import SETUP

    policy = policies.create_policy(
        world.council,
        title="IT and Social Media",
        code="A",
        actor=SETUP,
        review_due=date(2030, 1, 1),
    )
    text = "# IT\n\n## Personal use of Council systems\n\nReasonable personal use only.\n"
    version = policies.draft_version(policy, parse_markdown(text), label="1", actor=SETUP)
    policies.update_version_settings(
        version,
        actor=SETUP,
        material_change=True,
        remote_working_reference="",
        reminder_every_days=7,
    )
    policies.approve_version(
        version,
        actor=SETUP,
        approving_body="full_council",
        approved_on=date(2026, 1, 10),
        minute_reference="M.1",
    )
    policies.publish_version(version, actor=SETUP)
    clause = resolve_clause(world.council, rules.CLAUSES[rules.PROHIBITED])
    assert clause is not None and clause.reference == "personal-use-of-council-systems"
    assert resolve_clause(world.council, "A 9.9.9") is None

"""Protected contacts, seeded in every source (web, DNS, phone), are nowhere a reviewer can
read: no finding, no raw events or bill lines, no findings list or export, no report; the
month's phone bill still adds up (C18, A "Monitoring of Personal Communications")."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from councilguard.core.roles import Role
from councilguard.monitoring import services as monitoring
from councilguard.monitoring.analysis import analyse, proposals_for
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.models import Finding
from councilguard.monitoring.services import add_domain_rule, open_raw_events
from councilguard.monitoring.tests.test_thresholds import business, dns, h, web
from councilguard.phones import services as phones
from councilguard.phones.models import UsageMonth
from councilguard.phones.testing import bill, issue_phone, make_phone_source, premium_call
from councilguard.privacy import services
from councilguard.privacy.testing import make_always, make_granted, open_for_work
from councilguard.testing.world import SETUP

PHONE = "07700 900321"
# What must never be read: the sites, numbers and the bill's descriptions of them.
SECRETS = (
    "counselling",
    "samaritans",
    "Samaritans",
    "116123",
    "+33123456789",
    "33 1 23",
    "Avocat",
)


def _lines(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _seed(world, tmp_path):
    council = world.council
    # The council's category list wrongly calls both sites prohibited: without protection
    # they would be findings.
    add_domain_rule(council, "counselling.example", "prohibited", actor=SETUP)
    add_domain_rule(council, "samaritans.example", "prohibited", actor=SETUP)
    web_lines = (
        [web(2, h(20, i), "http://www.counselling.example/") for i in range(6)]
        + [web(2, h(21, i), "http://samaritans.example/") for i in range(6)]
        + [web(2, h(19, i), "http://casino.example/") for i in range(5)]
        + business(100)
    )
    dns_lines = (
        [dns(1, h(12, i), "www.samaritans.example") for i in range(6)]
        + [dns(1, h(12, 30 + i), "casino.example") for i in range(6)]
        + [dns(1, h(13) + i, "www.gov.uk") for i in range(100)]
    )
    for kind, fmt, path in (
        ("proxy", "squid", _lines(tmp_path, "web.log", web_lines)),
        ("dns", "bind", _lines(tmp_path, "dns.log", dns_lines)),
    ):
        assert ingest_file(council, kind, fmt, path, actor=SETUP).batch.rejected == 0
    make_phone_source(world)
    issue_phone(world, Role.STAFF, PHONE)
    content = bill(
        premium_call(PHONE, "2026-03-10 11:00:00", 1250),
        # Two long calls to the Samaritans after hours: out-of-hours personal use if read.
        f"{PHONE},2026-03-11 20:00:00,116123,Samaritans,voice,out,1800,0,0,false,",
        f"{PHONE},2026-03-12 20:00:00,116123,Samaritans,voice,out,1800,0,0,false,",
        # A solicitor abroad: a call abroad if read.
        f"{PHONE},2026-03-13 11:00:00,+33123456789,Avocat Paris,voice,out,600,0,150,false,",
    )
    report = phones.import_bill(
        council, content, file_name="march.csv", actor=SETUP, analyse_after=False
    )
    assert report.ok


def test_without_protection_the_seeded_contacts_would_be_findings(monitored, tmp_path):
    _seed(monitored, tmp_path)
    made, _ = proposals_for(monitored.council)
    # Every request and look-up counted: the counselling and Samaritans sites with the casino.
    assert sorted((p["rule"], p["evidence"]["requests"]) for p in made) == [
        ("dns.prohibited", 12),
        ("web.prohibited", 17),
    ]
    phone = phones.run_analysis(monitored.council)
    evidence = json.dumps([f.evidence for f in phone.findings])
    assert sorted(f.kind for f in phone.findings) == [
        "international",
        "out_of_hours",
        "premium_rate",
    ]
    assert "+33123456789" in evidence
    assert "116123" in evidence


@pytest.fixture
def protected(monitored, tmp_path):
    world = monitored
    # The staff member's own (their manager agreed) and the council's list for everyone.
    make_granted(world, kind="site", value="https://www.counselling.example/help")
    make_granted(world, kind="number", value="+33 1 23 45 67 89")
    services.add_always_protected(
        world.council, kind="site", value="samaritans.example", label="Samaritans", actor=SETUP
    )
    make_always(world, "116123", "Samaritans by phone")
    _seed(world, tmp_path)
    analyse(world.council, actor=SETUP)
    phones.analyse_council(world.council, actor=SETUP)
    return world


def _readable(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_findings_rest_only_on_what_is_not_protected(protected):
    world = protected
    findings = Finding.objects.filter(council=world.council).order_by("rule_kind")
    assert [(f.person.full_name, f.rule_kind) for f in findings] == [
        ("Manager of Ashby", "dns.prohibited"),
        ("Staff member of Ashby", "phone_premium_rate"),
        ("Staff member of Ashby", "web.prohibited"),
    ]
    by_rule = {f.rule_kind: f for f in findings}
    # Only the casino's requests and look-ups are counted.
    assert by_rule["web.prohibited"].evidence["requests"] == 5
    assert by_rule["dns.prohibited"].evidence["requests"] == 6
    for finding in findings:
        assert _readable(finding.summary + json.dumps(finding.evidence)) == []


def test_raw_events_and_bill_lines_leave_protected_contacts_out(protected):
    world = protected
    seen = []
    for finding in Finding.objects.filter(council=world.council):
        rows = open_raw_events(finding, purpose="Checking the finding", actor=SETUP).events
        seen.append(json.dumps(rows, default=str))
    text = " ".join(seen)
    assert _readable(text) == []
    # The rest is there: the casino and the premium-rate call.
    assert "casino.example" in text
    assert "+449098790123" in text


def test_the_months_bill_still_adds_up(protected):
    world = protected
    month = UsageMonth.objects.get(person=world.people[Role.STAFF], month=date(2026, 3, 1))
    # 12.50 premium + two free calls to the Samaritans + 1.50 abroad: all four lines.
    assert month.cost_pence + month.personal_cost_pence == 1400
    # Only the premium-rate call is personal use to recover; the protected calls count in the
    # month's totals (four calls, 75 minutes) without being named.
    assert month.personal_cost_pence == 1250
    assert month.calls == 4
    assert month.minutes == 75


def test_no_page_a_reviewer_reads_shows_them(protected, client):
    world = protected
    council = world.council.slug
    client.force_login(world.clerk)
    pages = [
        reverse("monitoring:finding_list", kwargs={"council": council}),
        reverse("monitoring:finding_export", kwargs={"council": council}),
        reverse("reports:monitoring", kwargs={"council": council}) + "?month=2025-03",
        reverse("reports:monitoring", kwargs={"council": council}) + "?month=2026-03",
        reverse("phones:report", kwargs={"council": council}) + "?month=2026-03",
        reverse("phones:report_export", kwargs={"council": council}) + "?month=2026-03",
        reverse("phones:recovery_list", kwargs={"council": council}),
    ]
    bodies = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    for finding in Finding.objects.filter(council=world.council):
        open_for_work(client, finding)
        detail = reverse("monitoring:finding_detail", kwargs={"council": council, "pk": finding.pk})
        events = reverse("monitoring:finding_events", kwargs={"council": council, "pk": finding.pk})
        bodies.append(client.get(detail).content.decode())
        response = client.post(events, {"purpose": "Checking the finding"})
        assert response.status_code == 200
        bodies.append(response.content.decode())
    everything = "\n".join(bodies)
    assert _readable(everything) == []
    assert "+449098790123" in everything


def test_a_one_day_protection_covers_that_day_only(monitored, tmp_path):
    world = monitored
    add_domain_rule(world.council, "counselling.example", "prohibited", actor=SETUP)
    make_granted(
        world, kind="site", value="counselling.example", extent="once", on_date=date(2025, 3, 5)
    )
    lines = (
        [web(2, h(20, i), "http://counselling.example/") for i in range(6)]  # Wed 5 March
        + [web(3, h(20, i), "http://counselling.example/") for i in range(5)]  # Thu 6 March
        + business(100)
    )
    ingest_file(world.council, "proxy", "squid", _lines(tmp_path, "w.log", lines), actor=SETUP)
    made, _ = proposals_for(world.council)
    # Only Thursday's five requests are read: exactly the threshold of five.
    assert [(p["rule"], p["evidence"]["requests"]) for p in made] == [("web.prohibited", 5)]


def test_a_withdrawn_protection_is_read_again(monitored, tmp_path):
    world = monitored
    add_domain_rule(world.council, "counselling.example", "prohibited", actor=SETUP)
    granted = make_granted(world, kind="site", value="counselling.example")
    lines = [web(2, h(20, i), "http://counselling.example/") for i in range(6)] + business(100)
    ingest_file(world.council, "proxy", "squid", _lines(tmp_path, "w.log", lines), actor=SETUP)
    assert proposals_for(world.council)[0] == []
    services.withdraw_protection(granted, person=world.people[Role.STAFF], actor=SETUP)
    made, _ = proposals_for(world.council)
    assert [(p["rule"], p["evidence"]["requests"]) for p in made] == [("web.prohibited", 6)]


def test_protection_is_one_persons_own(monitored, tmp_path):
    """The staff member's protection does not hide the manager's visits to the same site."""
    world = monitored
    add_domain_rule(world.council, "counselling.example", "prohibited", actor=SETUP)
    make_granted(world, kind="site", value="counselling.example")
    lines = [
        web(2, h(20, i), "http://counselling.example/", user="m.manager") for i in range(6)
    ] + business(100, user="m.manager")
    ingest_file(world.council, "proxy", "squid", _lines(tmp_path, "w.log", lines), actor=SETUP)
    made, _ = proposals_for(world.council)
    assert [(p["rule"], p["evidence"]["requests"]) for p in made] == [("web.prohibited", 6)]
    assert monitoring is not None

"""From governance to review, through the pages: the data protection lead sets a source up,
the clerk gives a category its meaning and an identity its holder, the IT provider uploads a
week of proxy log, the analysis runs, the manager reviews the finding about their team member,
the clerk opens the events behind it on purpose, and the team member sees all of it."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.monitoring import categories, rules
from councilguard.monitoring.analysis import analyse
from councilguard.monitoring.models import Finding, FindingStatus
from councilguard.monitoring.tests.engine import squid_line
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

WEEK = date(2025, 3, 3)  # a Monday


def _url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def _week_of_browsing() -> bytes:
    lines = []
    for day in range(3):  # 41 minutes of social network a day in working hours
        for minute in range(41):
            at = f"{WEEK + timedelta(days=day)} 10:{minute:02d}:00"
            lines.append(squid_line(at, "10.9.9.9", "http://www.friendface.example/feed", "jdoe"))
    for day in range(5):  # and council work
        for i in range(40):
            at = f"{WEEK + timedelta(days=day)} {9 + i % 7:02d}:{i % 60:02d}:00"
            lines.append(squid_line(at, "10.9.9.9", "http://www.gov.uk/guidance", "jdoe"))
    return ("\n".join(lines) + "\n").encode()


def test_from_a_governed_source_to_a_reviewed_finding(client, world, tmp_path):
    lists = tmp_path / "lists" / "social_networks"
    lists.mkdir(parents=True)
    (lists / "domains").write_text("friendface.example\n")
    categories.import_lists(tmp_path / "lists")
    staff = world.people[Role.STAFF]

    client.force_login(world.dp_lead)
    with assert_audited(world.council, Event.MONITORING_SOURCE_SET):
        client.post(
            _url(world, "source_edit", kind="proxy"),
            {
                "purpose": "Check use of the web against the policy",
                "lawful_basis": "Legitimate interests",
                "dpia_reference": "DPIA-9",
                "dpia_date": "2025-01-06",
                "clause_reference": "B 9.1.2",
                "retention_days": "90",
                "owner": world.dp_lead.email,
            },
        )
    client.force_login(world.clerk)
    client.post(_url(world, "category_list"), {"category": "social_networks", "meaning": "social"})
    client.post(
        _url(world, "identity_add"),
        {
            "kind": "proxy_user",
            "value": "JDoe",
            "person": staff.pk,
            "valid_from": "2025-01-01T00:00",
        },
    )

    client.force_login(world.it_provider)
    upload = SimpleUploadedFile("access.log", _week_of_browsing())
    client.post(_url(world, "upload"), {"kind": "proxy", "format": "squid", "file": upload})
    analyse(world.council, actor=SETUP)
    finding = Finding.objects.get(council=world.council, person=staff)
    assert finding.rule_kind == rules.SOCIAL_IN_HOURS
    assert client.get(_url(world, "finding_list")).status_code == 403

    client.force_login(world.manager)
    page = client.get(_url(world, "finding_list")).content.decode()
    assert "Social media in working hours" in page and staff.full_name in page
    with assert_audited(world.council, Event.FINDING_NOTED):
        client.post(
            _url(world, "finding_review", pk=finding.pk),
            {"decision": "noted", "reason": "Spoke to them."},
        )

    client.force_login(world.clerk)
    purpose = "Checking the times against the rota"
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        events = client.post(_url(world, "finding_events", pk=finding.pk), {"purpose": purpose})
    assert "www.friendface.example" in events.content.decode()
    assert "social_networks" in events.content.decode()

    client.force_login(world.staff)
    mine = client.get(_url(world, "mine")).content.decode()
    assert "Spoke to them." in mine and "The web addresses you visit" in mine
    my_page = client.get(reverse("policies:my_page", kwargs={"council": world.council.slug}))
    assert purpose in my_page.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.NOTED

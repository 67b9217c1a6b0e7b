"""End to end in the browser's requests: the IT provider uploads a week of traces and sign-ins,
the clerk keeps the contacts and personal addresses and runs the rules, the findings are
reviewed on the monitoring pages, the person sees theirs and the notice on their own page, and
the coverage page and its CSV say who signs in with a second factor."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.mail import generator
from councilguard.mail import testing as t
from councilguard.mail.tests.test_rules import _cast
from councilguard.monitoring.models import Finding, FindingStatus
from councilguard.testing.audit import assert_audited


def _url(world, name, app="mail", **kwargs):
    return reverse(f"{app}:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_from_an_uploaded_week_to_reviewed_findings_and_the_coverage_page(client, world):
    t.make_mail_sources(world)
    cast = _cast(world)
    client.force_login(world.it_provider)
    for fmt, kind, content in (
        ("m365-trace", "email", generator.trace_csv(cast).encode("utf-16")),
        ("entra-signin", "signin", generator.signins_csv(cast).encode("utf-8-sig")),
    ):
        response = client.post(
            _url(world, "upload", app="monitoring"),
            {"kind": kind, "format": fmt, "file": SimpleUploadedFile(f"{fmt}.csv", content)},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    # The IT provider sees coverage, not the setup or anyone's findings.
    coverage = client.get(_url(world, "coverage")).content.decode()
    assert "4 of 6 people signed in with a second factor every time." in coverage
    assert client.get(_url(world, "setup")).status_code == 403

    client.force_login(world.clerk)
    with assert_audited(world.council, Event.MAIL_CONTACT_ADDED):
        client.post(_url(world, "contact_add"), {"c-value": "ashby.example", "c-kind": "own"})
    client.post(_url(world, "contact_add"), {"c-value": "firm.example", "c-kind": "supplier"})
    with assert_audited(world.council, Event.MAIL_PERSONAL_ADDRESS_ADDED):
        client.post(
            _url(world, "personal_add"),
            {"p-person": world.people[Role.MANAGER].pk, "p-address": cast.self_address},
        )
    client.post(
        _url(world, "personal_add"),
        {"p-person": world.people[Role.COUNCILLOR].pk, "p-address": cast.home_address},
    )
    refused = client.post(
        _url(world, "personal_add"),
        {"p-person": world.people[Role.STAFF].pk, "p-address": cast.home_address},
    )
    assert "already listed as someone&#x27;s personal address" in refused.content.decode()
    done = client.post(_url(world, "analyse"), follow=True).content.decode()
    assert "9 findings raised, 0 brought up to date, 0 withdrawn." in done

    page = client.get(_url(world, "finding_list", app="monitoring")).content.decode()
    assert "Council mail sent to personal addresses" in page
    assert "Sign-ins from outside the expected countries" in page
    finding = Finding.objects.get(council=world.council, rule_kind="mail.sent_to_personal")
    with assert_audited(world.council, Event.FINDING_NOTED):
        client.post(
            _url(world, "finding_review", app="monitoring", pk=finding.pk),
            {"decision": "noted", "reason": "Agreed to stop forwarding."},
        )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.NOTED

    coverage = client.get(_url(world, "coverage")).content.decode()
    assert "4 of 6 people signed in with a second factor every time." in coverage
    export = client.get(_url(world, "coverage_export"))
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["Person", "System", "Successful sign-ins", "With MFA", "MFA (%)", "MFA",
                       "Last sign-in (UTC)"]  # fmt: skip
    by_person = {r[0]: r for r in rows[1:]}
    staff = by_person[world.people[Role.STAFF].full_name]
    # 5 sign-ins with MFA and 2 single-factor: 5 of 7, 71%.
    assert staff[1:6] == ["Office 365 Exchange Online", "7", "5", "71", "Partly"]
    assert by_person[world.people[Role.CLERK].full_name][2:6] == ["5", "5", "100", "Yes"]
    assert by_person[world.people[Role.IT_PROVIDER].full_name][2:6] == ["1", "0", "0", "No"]

    client.force_login(world.manager)
    mine = client.get(_url(world, "mine", app="monitoring")).content.decode()
    assert "Agreed to stop forwarding." in mine
    own_page = client.get(
        reverse("policies:my_page", kwargs={"council": world.council.slug})
    ).content.decode()
    assert "whether a second factor was used" in own_page
    assert "Who your council e-mail is sent to and received from" in own_page


def test_the_clerk_opens_the_records_behind_a_finding_with_a_purpose(client, world, tmp_path):
    from councilguard.mail import services
    from councilguard.mail.ingest import ingest_export
    from councilguard.testing.world import SETUP

    t.make_mail_sources(world)
    cast = _cast(world)
    path = tmp_path / "signins.csv"
    path.write_text(generator.signins_csv(cast))
    ingest_export(world.council, path, actor=SETUP, file_name="s.csv", fmt="entra-signin")
    services.analyse_council(world.council, actor=SETUP)
    finding = Finding.objects.get(council=world.council, rule_kind="signin.unexpected_country")
    client.force_login(world.clerk)
    url = _url(world, "finding_events", app="monitoring", pk=finding.pk)
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        page = client.post(url, {"purpose": "Checking the sign-in from abroad"}).content.decode()
    assert "1 record" in page and "PT" in page and cast.abroad in page


def test_a_person_lists_their_own_personal_addresses_and_the_rules_then_know_them(
    client, world, tmp_path
):
    """Issue 19 item 3: the manager lists their home address from their own page (audited);
    the clerk sees it; council mail sent to it in bulk is then mail to their own address."""
    from councilguard.audit.actors import Actor
    from councilguard.mail import services
    from councilguard.mail.ingest import ingest_export
    from councilguard.mail.models import ContactKind, PersonalAddress
    from councilguard.testing.world import SETUP

    t.make_mail_sources(world)
    services.add_contact(world.council, "ashby.example", ContactKind.OWN, actor=SETUP)
    cast = _cast(world)
    manager, staff = world.people[Role.MANAGER], world.people[Role.STAFF]
    client.force_login(world.users[Role.MANAGER])
    page = client.get(_url(world, "mine")).content.decode()
    assert "None listed." in page
    with assert_audited(world.council, Event.MAIL_PERSONAL_ADDRESS_ADDED):
        added = client.post(_url(world, "mine_add"), {"address": cast.self_address})
    assert added.status_code == 302
    held = PersonalAddress.objects.get(council=world.council)
    assert (held.person, held.address) == (manager, cast.self_address)
    assert cast.self_address in client.get(_url(world, "mine")).content.decode()
    # An address someone else already listed, and a council address, are refused in words.
    services.add_personal_address(world.council, staff, "staff.home@mail.example", actor=SETUP)
    taken = client.post(_url(world, "mine_add"), {"address": "staff.home@mail.example"})
    assert taken.status_code == 400
    assert "already listed as someone" in taken.content.decode()
    council_address = client.post(_url(world, "mine_add"), {"address": manager.primary_email})
    assert "is a council address" in council_address.content.decode()
    # Nobody removes another person's address from their own page.
    other = PersonalAddress.objects.get(person=staff)
    refused = client.post(_url(world, "mine_remove"), {"item": other.pk}, follow=True)
    assert "not one of yours" in refused.content.decode()
    assert PersonalAddress.objects.filter(pk=other.pk).exists()

    client.force_login(world.users[Role.CLERK])
    setup = client.get(_url(world, "setup")).content.decode()
    assert cast.self_address in setup and manager.full_name in setup

    path = tmp_path / "trace.csv"
    path.write_text(generator.trace_csv(cast))
    ingest_export(world.council, path, actor=SETUP, file_name="trace.csv", fmt="m365-trace")
    services.analyse_council(world.council, actor=Actor.system("test"))
    kinds = set(Finding.objects.filter(person=manager).values_list("rule_kind", flat=True))
    assert "mail.sent_to_personal" in kinds

    # Removed again from their own page, the address is no longer theirs.
    client.force_login(world.users[Role.MANAGER])
    with assert_audited(world.council, Event.MAIL_PERSONAL_ADDRESS_REMOVED):
        client.post(_url(world, "mine_remove"), {"item": held.pk})
    assert not PersonalAddress.objects.filter(person=manager).exists()

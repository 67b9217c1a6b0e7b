"""Bills in, findings reviewed, the person heard, personal use recovered: end to end."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring import services as monitoring_services
from councilguard.monitoring.models import (
    BatchStatus,
    FindingStatus,
    Identity,
    IdentityKind,
    IngestBatch,
)
from councilguard.monitoring.services import MonitoringError
from councilguard.phones import recovery, services
from councilguard.phones.models import CarrierProfile, PersonalNumber, PersonalUseItem
from councilguard.phones.services import PhoneError
from councilguard.phones.testing import (
    bill,
    issue_phone,
    make_phone_finding,
    make_phone_source,
    premium_call,
)
from councilguard.privacy.testing import open_for_work
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP

NUMBER = "07700 900321"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def _url(world, name, **kwargs):
    return reverse(f"phones:{name}", kwargs={"council": world.council.slug, **kwargs})


def _parquet_files(settings):
    return sorted(settings.DATA_DIR.glob("events/phone/council=*/day=*/*.parquet"))


def test_a_bill_with_a_bad_line_is_refused_whole(world, settings):
    make_phone_source(world)
    content = bill(premium_call(NUMBER), f"{NUMBER},2026-03-11 25:00:00,,x,voice,out,1,0,1,,")
    with assert_not_audited(world.council):
        report = services.import_bill(world.council, content, file_name="march.csv", actor=SETUP)
    assert not report.ok
    assert [(p.line, p.message) for p in report.problems] == [
        (3, "start 2026-03-11 25:00:00 is not a date and time like Y-m-d H:M:S")
    ]
    assert not IngestBatch.objects.exists()
    assert _parquet_files(settings) == []


def test_the_same_bill_twice_changes_nothing_the_second_time(world, settings):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    content = bill(premium_call(NUMBER))
    with assert_audited(
        world.council, Event.EVENTS_INGESTED, Event.FINDING_RAISED, Event.FINDINGS_ANALYSED
    ):
        first = services.import_bill(world.council, content, file_name="m.csv", actor=SETUP)
    with assert_not_audited(world.council):
        again = services.import_bill(world.council, content, file_name="copy.csv", actor=SETUP)
    assert (first.accepted, first.findings_created, first.already_imported) == (1, 1, False)
    assert again.already_imported and again.batch_id == first.batch_id
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.sha256, batch.lines, batch.days) == (
        BatchStatus.COMMITTED,
        first.sha256,
        1,
        ["2026-03-10"],
    )
    assert len(_parquet_files(settings)) == 1
    assert services.phone_findings(world.council).count() == 1


def test_bills_wait_for_the_sources_purpose_and_basis(world):
    source = make_phone_source(world)
    source.lawful_basis = ""
    source.save()
    with pytest.raises(PhoneError, match="still needs: lawful basis"):
        services.import_bill(world.council, bill(premium_call(NUMBER)), file_name="m", actor=SETUP)


def test_a_phone_identity_attributes_lines_to_whoever_held_the_number(world):
    make_phone_source(world)
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    # Identities win over the device register for the same number.
    issue_phone(world, Role.CLERK, NUMBER)
    for person, start, end in ((staff, 1, 15), (manager, 15, None)):
        Identity.objects.create(
            council=world.council,
            kind=IdentityKind.PHONE,
            value="+447700900321",
            person=person,
            valid_from=datetime(2026, 3, start, tzinfo=UTC),
            valid_to=datetime(2026, 3, end, tzinfo=UTC) if end else None,
        )
    content = bill(
        premium_call(NUMBER, "2026-03-10 11:00:00", 500),
        premium_call(NUMBER, "2026-03-20 11:00:00", 700),
    )
    services.import_bill(world.council, content, file_name="m.csv", actor=SETUP)
    found = {f.person_id: f.evidence["cost_pence"] for f in services.phone_findings(world.council)}
    assert found == {staff.pk: 500, manager.pk: 700}


def _monitoring_url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_review_explanation_and_recovery_work_end_to_end_through_the_pages(client, world, settings):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    staff = world.people[Role.STAFF]

    # The IT provider uploads March's bill.
    client.force_login(world.it_provider)
    upload = SimpleUploadedFile("march.csv", bill(premium_call(NUMBER)), content_type="text/csv")
    response = client.post(_url(world, "bill_import"), {"profile": "canonical", "file": upload})
    assert response.status_code == 302
    [finding] = services.phone_findings(world.council)
    assert finding.person == staff
    assert finding.status == FindingStatus.OPEN
    assert finding.summary == (
        "1 call to premium-rate or directory numbers in March 2026 (+449098790123), "
        "5 minutes costing £12.50."
    )
    detail = _monitoring_url(world, "finding_detail", pk=finding.pk)
    assert client.get(detail).status_code == 403

    # The staff member sees it on their own pages and explains it like any finding.
    client.force_login(world.staff)
    assert finding.summary in client.get(_url(world, "mine")).content.decode()
    assert finding.summary in client.get(_monitoring_url(world, "mine")).content.decode()
    with assert_audited(world.council, Event.FINDING_EXPLAINED):
        response = client.post(
            _monitoring_url(world, "explain"),
            {"finding": finding.pk, "explanation": "A quiz line my son rang; I will pay."},
        )
    assert response.status_code == 302

    # Their manager opens it on the shared findings page, with the bill lines, and notes it.
    client.force_login(world.manager)
    open_for_work(client, finding, "explanation")
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        page = client.get(detail).content.decode()
    viewed = AuditEntry.objects.filter(event=Event.MONITORING_VIEWED).last()
    assert viewed.target_id == str(staff.pk) and "Phone finding" in viewed.summary
    assert "A quiz line my son rang" in page and "march.csv line 2" in page
    assert "Numbers: +449098790123<br>Cost: £12.50" in page
    assert "Phone bills: Premium-rate and directory calls" in page
    assert "Add to the charges statement" not in page
    # Nothing can be charged before the review, and not by the manager at all.
    assert (
        client.post(_url(world, "finding_agree", pk=finding.pk), {"amount": "1"}).status_code == 403
    )
    with assert_audited(world.council, Event.FINDING_NOTED):
        response = client.post(
            _monitoring_url(world, "finding_review", pk=finding.pk),
            {"decision": "noted", "reason": "Agreed with her it was personal."},
        )
    assert response.status_code == 302

    # The clerk records the agreed amount with the bill line it rests on.
    client.force_login(world.clerk)
    open_for_work(client, finding)
    page = client.get(detail).content.decode()
    assert 'value="12.50"' in page
    # A bad amount is shown on the finding's page with the error.
    response = client.post(_url(world, "finding_agree", pk=finding.pk), {"amount": "-1"})
    assert (
        response.status_code == 400 and "Add to the charges statement" in response.content.decode()
    )
    # With the charges statement (devices.charges) the charge is added there too.
    statement = recovery.statement_available()
    events = (["device.charge_added"] if statement else []) + [Event.PHONE_PERSONAL_USE_AGREED]
    with assert_audited(world.council, *events):
        response = client.post(
            _url(world, "finding_agree", pk=finding.pk),
            {"amount": "12.50", "note": "In supervision, 2 April"},
        )
    assert response.status_code == 302 and response["Location"] == detail
    item = PersonalUseItem.objects.get()
    assert (item.person, str(item.amount), item.bill_reference) == (
        staff,
        "12.50",
        "march.csv line 2",
    )
    if statement:
        from councilguard.devices.charges import Charge

        charge = Charge.objects.get(pk=item.charge_id)
        assert (charge.kind, charge.amount, charge.person, charge.source_reference) == (
            "personal_phone_use",
            item.amount,
            staff,
            "march.csv line 2",
        )
    else:
        assert item.charge_id is None
    assert "£12.50, agreed by" in client.get(detail).content.decode()
    page = client.get(_url(world, "recovery_list")).content.decode()
    assert "march.csv line 2" in page and "£12.50" in page
    # Twice is refused.
    response = client.post(_url(world, "finding_agree", pk=finding.pk), {"amount": "12.50"})
    assert response.status_code == 400
    assert PersonalUseItem.objects.count() == 1


def test_phone_findings_follow_the_shared_review_rules(world):
    from councilguard.audit.actors import Actor

    finding = make_phone_finding(world, Role.CLERK)
    with pytest.raises(MonitoringError, match="reviewed by someone else"):
        monitoring_services.note_finding(finding, actor=Actor.for_user(world.clerk))
    with pytest.raises(MonitoringError, match="only the person"):
        monitoring_services.explain_finding(finding, "Mine", actor=Actor.for_user(world.manager))
    monitoring_services.escalate_finding(finding, reason="Repeated calls", actor=SETUP)
    with pytest.raises(MonitoringError, match="cannot be noted now"):
        monitoring_services.note_finding(finding, actor=SETUP)


def test_nothing_is_recovered_from_a_dismissed_finding_or_before_review(world):
    finding = make_phone_finding(world)
    with pytest.raises(PhoneError, match="review the finding before"):
        services.agree_personal_use(finding, amount=1, actor=SETUP)
    with pytest.raises(MonitoringError, match="give the reason"):
        monitoring_services.dismiss_finding(finding, reason="", actor=SETUP)
    monitoring_services.dismiss_finding(finding, reason="A work call", actor=SETUP)
    with pytest.raises(PhoneError, match="dismissed"):
        services.agree_personal_use(finding, amount=1, actor=SETUP)


def test_a_person_never_reaches_anyone_elses_finding(client, world):
    finding = make_phone_finding(world, Role.STAFF)
    client.force_login(world.councillor)
    response = client.post(
        _monitoring_url(world, "explain"), {"finding": finding.pk, "explanation": "Not mine"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.explanation == ""
    assert finding.summary not in client.get(_url(world, "mine")).content.decode()


def test_a_manager_sees_their_team_but_not_their_own_findings(client, world):
    staff_finding = make_phone_finding(world, Role.STAFF)
    own = make_phone_finding(world, Role.MANAGER)
    client.force_login(world.manager)
    page = client.get(_monitoring_url(world, "finding_list"), {"source_kind": "phone"})
    assert _monitoring_url(world, "finding_detail", pk=staff_finding.pk) in page.content.decode()
    assert _monitoring_url(world, "finding_detail", pk=own.pk) not in page.content.decode()
    assert client.get(_monitoring_url(world, "finding_detail", pk=own.pk)).status_code == 404


def test_running_the_analysis_again_keeps_reviews_and_never_duplicates(world):
    finding = make_phone_finding(world)
    monitoring_services.note_finding(finding, note="Seen", actor=SETUP)
    outcome = services.analyse_council(world.council, actor=SETUP)
    assert (outcome.created, outcome.updated) == (0, 0)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.NOTED


def test_personal_numbers_are_ones_own_and_audited(client, world):
    client.force_login(world.staff)
    with assert_audited(world.council, Event.PHONE_PERSONAL_NUMBER_ADDED):
        client.post(_url(world, "mine_number_add"), {"number": "07700 900999", "label": "Home"})
    entry = PersonalNumber.objects.get()
    assert (entry.person, entry.number) == (world.people[Role.STAFF], "+447700900999")
    response = client.post(_url(world, "mine_number_add"), {"number": "+447700900999"})
    assert "already one of your personal numbers" in response.content.decode()
    client.force_login(world.councillor)
    with assert_not_audited(world.council):
        client.post(_url(world, "mine_number_remove"), {"item": entry.pk})
    assert PersonalNumber.objects.filter(pk=entry.pk).exists()


def test_a_number_the_person_marked_personal_is_named_in_the_finding(world):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    services.add_personal_number(world.people[Role.STAFF], "+48 22 123 45 67", "Mum", actor=SETUP)
    content = bill(f"{NUMBER},2026-03-10 19:00:00,0048221234567,Poland,voice,out,900,0,1200,false,")
    services.import_bill(world.council, content, file_name="m.csv", actor=SETUP)
    [finding] = services.phone_findings(world.council)
    assert finding.summary.endswith("costing £12.00; 1 to numbers they marked as personal.")


def test_the_business_directory_makes_calls_business(client, world):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.PHONE_BUSINESS_NUMBER_ADDED):
        client.post(
            _url(world, "directory"),
            {"number": "0033 1 42 68 53 00", "label": "Twinned town hall", "kind": "council"},
        )
    content = bill(f"{NUMBER},2026-03-10 11:00:00,+33142685300,France,voice,out,900,0,1200,false,")
    services.import_bill(world.council, content, file_name="m.csv", actor=SETUP)
    assert not services.phone_findings(world.council).exists()


def test_a_profile_is_built_from_a_sample_with_a_preview(client, world):
    client.force_login(world.it_provider)
    sample = b"Mobile;When;Dialled;Charge\n07700900321;10/03/2026 11:00;09098790123;1.25\n"
    upload = SimpleUploadedFile("sample.csv", sample, content_type="text/csv")
    page = client.post(_url(world, "profile_build"), {"file": upload}).content.decode()
    assert "Columns in the sample: Mobile, When, Dialled, Charge" in page
    form = {
        "sample": sample.decode(),
        "name": "acme-mobile",
        "delimiter": ";",
        "datetime_format": "%d/%m/%Y %H:%M",
        "date_format": "%d/%m/%Y",
        "time_format": "%H:%M:%S",
        "duration_format": "seconds",
        "data_unit": "MB",
        "cost_unit": "pounds",
        "default_usage": "voice",
        "in_bundle_values": "yes",
        "col_line_number": "Mobile",
        "col_start": "When",
        "col_called_number": "Dialled",
        "col_cost": "Charge",
    }
    page = client.post(_url(world, "profile_build"), {**form, "preview": "1"}).content.decode()
    assert "+447700900321" in page and "+449098790123" in page and ">125<" in page
    assert not CarrierProfile.objects.exists()
    with assert_audited(world.council, Event.PHONE_PROFILE_SAVED):
        response = client.post(_url(world, "profile_build"), {**form, "save": "1"})
    assert response.status_code == 302
    assert services.profile_for(world.council, "acme-mobile").cost_unit == "pounds"


def test_profiles_go_out_and_come_back_in_through_the_command_line(world, tmp_path):
    path = tmp_path / "canonical.json"
    call_command(
        "phones", "profile", "export", "--council", world.council.slug, "canonical", str(path)
    )
    document = json.loads(path.read_text())
    assert document["format"] == "councilguard-phone-profile"
    document["name"] = "my-carrier"
    path.write_text(json.dumps(document))
    call_command("phones", "profile", "import", "--council", world.council.slug, str(path))
    assert services.profile_for(world.council, "my-carrier").columns == document["columns"]
    document["cost_unit"] = "guineas"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="cost unit must be one of"):
        call_command("phones", "profile", "import", "--council", world.council.slug, str(path))


def test_the_command_line_imports_a_bill_and_refuses_a_bad_one(world, tmp_path, capsys):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    good = tmp_path / "march.csv"
    good.write_bytes(bill(premium_call(NUMBER)))
    call_command("phones", "import", "--council", world.council.slug, "--json", str(good))
    receipt = json.loads(capsys.readouterr().out)
    assert (receipt["lines"], receipt["accepted"], receipt["findings_raised"]) == (1, 1, 1)
    bad = tmp_path / "april.csv"
    bad.write_bytes(bill(f"{NUMBER},2026-04-01 10:00:00,,x,voice,out,1,0,lots,,"))
    with pytest.raises(CommandError, match="1 line"):
        call_command("phones", "import", "--council", world.council.slug, str(bad))


def test_the_monthly_report_shows_people_and_groups_and_exports_audited(client, world):
    make_phone_finding(world)
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        page = client.get(_url(world, "report")).content.decode()
    assert "Phone use in 2026-03" in page
    assert world.people[Role.STAFF].full_name in page
    with assert_audited(world.council, Event.PHONE_REPORT_EXPORTED):
        response = client.get(_url(world, "report_export") + "?month=2026-03")
    rows = response.content.decode().splitlines()
    assert rows[0].startswith("Month,Person,Peer group,Calls,Minutes")
    assert rows[1].startswith(f"2026-03,{world.people[Role.STAFF].full_name},,1,5,0,0,12.50")


def test_the_api_takes_a_bill_from_the_it_providers_script(world):
    from rest_framework.test import APIClient

    from councilguard.api.services import issue_token

    make_phone_source(world)
    _, raw = issue_token(world.council, name="bills", user=world.it_provider, actor=SETUP)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:phone-bill-list", kwargs={"council": world.council.slug})
    upload = SimpleUploadedFile("m.csv", bill(premium_call(NUMBER)), content_type="text/csv")
    response = client.post(url, {"file": upload, "profile": "canonical"})
    assert response.status_code == 201
    assert response.json()["accepted"] == 1
    upload = SimpleUploadedFile("m.csv", bill(premium_call(NUMBER)), content_type="text/csv")
    assert client.post(url, {"file": upload}).status_code == 200
    assert IngestBatch.objects.count() == 1
    assert date(2026, 3, 10).isoformat() in IngestBatch.objects.get().days


def test_councilguard_ingest_takes_a_phone_bill_through_a_profile(world, tmp_path, capsys):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    services.save_profile(
        world.council,
        services.validate(
            services.Profile(
                name="acme",
                columns={"line_number": "Mobile", "start": "When", "called_number": "To",
                         "cost": "Charge"},
                datetime_format="%d/%m/%Y %H:%M",
                cost_unit="pounds",
            )
        ),
        actor=SETUP,
    )  # fmt: skip
    path = tmp_path / "acme-march.csv"
    path.write_text("Mobile,When,To,Charge\n07700900321,10/03/2026 11:00,09098790123,12.50\n")
    args = ["ingest", "--council", world.council.slug, "--source", "phone-bill"]
    call_command(*args, "--profile", "acme", "--json", str(path))
    receipt = json.loads(capsys.readouterr().out)
    assert (receipt["format"], receipt["accepted"], receipt["duplicate"]) == (
        "phone-bill:acme",
        1,
        False,
    )
    [finding] = services.phone_findings(world.council)
    assert finding.evidence["lines"] == [{"bill": "acme-march.csv", "line": 2}]
    call_command(*args, "--profile", "acme", str(path))
    assert "already ingested" in capsys.readouterr().out
    with pytest.raises(CommandError, match="whole or not at all"):
        path.write_text("Mobile,When,To,Charge\n07700900321,31/02/2026 11:00,0909,1\n")
        call_command(*args, "--profile", "acme", str(path))


def test_a_managers_report_holds_their_team_only(client, world):
    make_phone_finding(world, Role.STAFF)
    make_phone_finding(world, Role.CLERK)
    client.force_login(world.manager)
    page = client.get(_url(world, "report")).content.decode()
    assert world.people[Role.STAFF].full_name in page
    assert world.people[Role.CLERK].full_name not in page
    client.force_login(world.dp_lead)
    page = client.get(_url(world, "report")).content.decode()
    assert world.people[Role.CLERK].full_name in page


def test_the_worker_analyses_phone_bills_again_each_month(world):
    from councilguard.core.jobs import all_schedules
    from councilguard.phones.jobs import analyse_phone_bills

    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    entry = services.add_business_number(world.council, "+33142685300", "Twin", actor=SETUP)
    content = bill(f"{NUMBER},2026-03-10 11:00:00,+33142685300,France,voice,out,900,0,1200,,")
    services.import_bill(world.council, content, file_name="m.csv", actor=SETUP)
    assert not services.phone_findings(world.council).exists()
    # The number turns out not to be the twinned town's after all.
    services.remove_business_number(entry, actor=SETUP)
    assert analyse_phone_bills.call() == {world.council.slug: 1}
    assert services.phone_findings(world.council).get().rule_kind == "phone_international"
    assert "phones.analyse" in {s.name for s in all_schedules()}
    assert AuditEntry.objects.filter(
        event=Event.FINDINGS_ANALYSED, actor_label="the scheduled jobs"
    ).exists()


def test_each_persons_own_page_says_phone_bills_are_monitored(world):
    from councilguard.policies.notices import monitoring_notices

    assert not [n for n in monitoring_notices(world.council) if "phone" in n.what]
    make_phone_source(world)
    [notice] = [n for n in monitoring_notices(world.council) if "phone" in n.what]
    assert (notice.kept_for, notice.clause) == ("400 days", "A Monitoring of Mobile Phone Usage")


def test_the_bill_lines_behind_a_finding_are_that_persons_in_that_period_on_purpose(client, world):
    make_phone_source(world)
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    for person, start, end in ((staff, 1, 15), (manager, 15, None)):
        Identity.objects.create(
            council=world.council,
            kind=IdentityKind.PHONE,
            value="+447700900321",
            person=person,
            valid_from=datetime(2026, 3, start, tzinfo=UTC),
            valid_to=datetime(2026, 3, end, tzinfo=UTC) if end else None,
        )
    content = bill(
        premium_call(NUMBER, "2026-03-10 11:00:00", 500),  # staff's
        premium_call(NUMBER, "2026-03-20 11:00:00", 700),  # the manager's by then
        premium_call("07700 900999", "2026-03-11 11:00:00", 900),  # nobody's
    )
    services.import_bill(world.council, content, file_name="march.csv", actor=SETUP)
    finding = services.phone_findings(world.council).get(person=staff)
    url = _monitoring_url(world, "finding_events", pk=finding.pk)

    client.force_login(world.manager)  # managers work from the summary
    assert client.post(url, {"purpose": "Checking her explanation"}).status_code == 403
    client.force_login(world.clerk)
    page = client.get(url).content.decode()
    assert "march.csv" not in page  # a GET only asks why
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        page = client.post(url, {"purpose": "Checking her explanation"}).content.decode()
    assert "1 bill line" in page and "march.csv line 2" in page
    assert "march.csv line 3" not in page and "march.csv line 4" not in page
    viewed = AuditEntry.objects.filter(event=Event.MONITORING_VIEWED).last()
    assert (viewed.target_id, viewed.summary) == (str(staff.pk), "Checking her explanation")


def test_the_clerk_sets_the_thresholds_with_an_audit_entry_and_they_change_the_findings(
    client, world
):
    from councilguard.testing.matrix import PHONE_SETTINGS

    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    # A 4-minute call abroad: under the 5-minute floor for calls abroad.
    content = bill(f"{NUMBER},2026-03-10 11:00:00,+33142685300,France,voice,out,240,0,300,false,")
    services.import_bill(world.council, content, file_name="m.csv", actor=SETUP)
    assert not services.phone_findings(world.council).exists()

    client.force_login(world.manager)
    assert client.get(_url(world, "settings")).status_code == 403
    client.force_login(world.clerk)
    url = _url(world, "settings")
    response = client.post(url, {**PHONE_SETTINGS, "ratio": "1"})
    assert response.status_code == 400 and "between 1.5 and 20" in response.content.decode()
    response = client.post(url, {**PHONE_SETTINGS, "history_months": 3, "min_history": 4})
    assert response.status_code == 400 and "cannot be more than" in response.content.decode()
    with assert_not_audited(world.council):
        response = client.post(url, PHONE_SETTINGS, follow=True)  # unchanged
    assert response.redirect_chain and "Nothing changed" in response.content.decode()
    changed = (Event.PHONE_SETTINGS_CHANGED, Event.FINDING_RAISED, Event.FINDINGS_ANALYSED)
    with assert_audited(world.council, *changed):
        response = client.post(
            url, {**PHONE_SETTINGS, "international_min_minutes": 3, "analyse_now": "on"}
        )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(event=Event.PHONE_SETTINGS_CHANGED).get()
    assert entry.changes == {"international_min_minutes": ["5", "3"]}
    assert services.thresholds_for(world.council).international_min_minutes == 3
    [finding] = services.phone_findings(world.council)
    assert finding.rule_kind == "phone_international"
    # The floor back at 5 minutes: the open finding is withdrawn, not left to be reviewed.
    withdrawn = (Event.PHONE_SETTINGS_CHANGED, Event.FINDING_WITHDRAWN, Event.FINDINGS_ANALYSED)
    with assert_audited(world.council, *withdrawn):
        response = client.post(url, {**PHONE_SETTINGS, "analyse_now": "on"}, follow=True)
    assert "0 new findings, 0 brought up to date, 1 withdrawn" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.WITHDRAWN


def test_working_hours_and_holdings_are_uk_time_through_the_event_store(world):
    # The same BST boundary as the analysis tests, end to end: a bill through the profile, the
    # Parquet day files and DuckDB, with the person's pattern and a holding begun on a date.
    from councilguard.monitoring.services import add_identity
    from councilguard.people.services import PersonData, update_person

    make_phone_source(world)
    staff = world.people[Role.STAFF]
    data = PersonData(
        full_name=staff.full_name,
        kind=staff.kind,
        emails=[e.address for e in staff.emails.all()],
        line_manager=staff.line_manager,
        working_pattern="Mon-Fri 09:00-17:00",
    )
    update_person(staff, data, actor=SETUP)
    add_identity(
        world.council,
        IdentityKind.PHONE,
        NUMBER,
        staff,
        valid_from=datetime(2026, 3, 30),  # a date: UK midnight, 23:00 UTC on the 29th
        actor=SETUP,
    )
    friend = "07911 123456"
    rows = [
        f"{NUMBER},2026-03-30 00:20:00,{friend},Call,voice,out,1500,0,0,true,",
        f"{NUMBER},2026-03-30 09:30:00,{friend},Call,voice,out,1500,0,0,true,",
        f"{NUMBER},2026-03-30 17:15:00,{friend},Call,voice,out,1500,0,0,true,",
    ]
    report = services.import_bill(world.council, bill(*rows), file_name="m.csv", actor=SETUP)
    assert report.unattributed == 0
    [finding] = services.phone_findings(world.council)
    assert finding.rule_kind == "phone_out_of_hours"
    assert [ref["line"] for ref in finding.evidence["lines"]] == [2, 4]


def test_a_high_use_finding_shows_its_baselines_in_words():
    from councilguard.phones.views import evidence_rows

    evidence = {
        "kind": "high_usage", "metric": "data", "value": 14.2 * 1024**3,
        "own_median": 2.3 * 1024**3, "own_months": 6, "peer_group": "Grounds staff",
        "peer_median": 2.6 * 1024**3, "peers": 5, "ratio_needed": 3.5,
        "peer_ratio_needed": 4.0, "cost_pence": 1250,
    }  # fmt: skip
    assert evidence_rows(evidence) == [
        ("Measure", "Data"),
        ("This month", "14.2 GB"),
        ("Median of the 6 months before", "2.3 GB (high from 3.5 times)"),
        ("Median of Grounds staff (5 people)", "2.6 GB (high from 4.0 times)"),
        ("Cost that month", "£12.50"),
    ]


def test_a_bill_that_cannot_be_published_leaves_nothing_behind(world, settings):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, NUMBER)
    # The disk refuses the store's folder for phone events: a file sits where it should be.
    blocker = settings.DATA_DIR / "events" / "phone"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("")
    with assert_not_audited(world.council), pytest.raises(OSError):
        services.import_bill(world.council, bill(premium_call(NUMBER)), file_name="m", actor=SETUP)
    assert not IngestBatch.objects.exists()
    assert not any((settings.DATA_DIR / "staging").iterdir())

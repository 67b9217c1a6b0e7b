"""Category meanings and the council's own lists, thresholds, identities, batches, legal holds
and purge receipts: through the pages, each change recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring import categories
from councilguard.monitoring.forms import SettingsForm
from councilguard.monitoring.models import (
    CategoryMeaning,
    DomainRule,
    Identity,
    LegalHold,
    MonitoringSettings,
)
from councilguard.monitoring.services import (
    MonitoringError,
    add_domain_rule,
    add_identity,
    normalise_domain,
    place_hold,
    set_category_meaning,
    settings_for,
)
from councilguard.monitoring.testing import make_batch, make_finding, make_identity, make_purge
from councilguard.privacy.testing import open_for_work
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP


def _url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_the_clerk_maps_categories_to_meanings_and_removes_them(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.CATEGORY_MEANING_SET):
        response = client.post(
            _url(world, "category_list"), {"category": " Gambling ", "meaning": "prohibited"}
        )
    assert response.status_code == 302
    meaning = CategoryMeaning.objects.get(council=world.council)
    assert (meaning.category, meaning.meaning) == ("gambling", "prohibited")
    # Changing it records before and after; the same meaning again records nothing.
    with assert_audited(world.council, Event.CATEGORY_MEANING_SET):
        client.post(_url(world, "category_list"), {"category": "gambling", "meaning": "personal"})
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.changes["meaning"] == ["prohibited", "personal"]
    with assert_not_audited(world.council):
        client.post(_url(world, "category_list"), {"category": "gambling", "meaning": "personal"})
        response = client.post(
            _url(world, "category_list"), {"category": "not a list name!", "meaning": "social"}
        )
    assert "a category is a list name" in response.content.decode()
    page = client.get(_url(world, "category_list")).content.decode()
    assert "gambling" in page and "Personal use" in page
    with assert_audited(world.council, Event.CATEGORY_MEANING_REMOVED):
        client.post(_url(world, "category_remove", pk=meaning.pk))
    assert not CategoryMeaning.objects.filter(council=world.council).exists()


def test_the_it_provider_reads_the_lists_but_does_not_change_them(client, world):
    add_domain_rule(world.council, "parish-partner.example", "business", actor=SETUP)
    client.force_login(world.it_provider)
    page = client.get(_url(world, "category_list")).content.decode()
    assert "parish-partner.example" in page and "Remove" not in page
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "category_list"), {"category": "gambling", "meaning": "prohibited"}
        )
    assert response.status_code == 403


def test_the_councils_own_list_takes_domains_not_urls(client, world):
    assert normalise_domain("https://www.Betting-Site.example/promo?x=1") == (
        "www.betting-site.example"
    )
    assert normalise_domain("*.example.org") == "example.org"
    for bad in ("", "localhost", "not a domain", "a..b.com"):
        with pytest.raises(MonitoringError, match="not a domain"):
            normalise_domain(bad)
    client.force_login(world.dp_lead)
    with assert_audited(world.council, Event.DOMAIN_RULE_ADDED):
        response = client.post(
            _url(world, "domain_add"),
            {"domain": "https://Facebook.com/", "meaning": "social", "note": "B 9.1.2"},
        )
    assert response.status_code == 302
    rule = DomainRule.objects.get(council=world.council)
    assert (rule.domain, rule.meaning, rule.note) == ("facebook.com", "social", "B 9.1.2")
    with assert_not_audited(world.council):
        again = client.post(
            _url(world, "domain_add"), {"domain": "facebook.com", "meaning": "business"}
        )
    assert "already on the council" in again.content.decode()
    with assert_audited(world.council, Event.DOMAIN_RULE_REMOVED):
        client.post(_url(world, "domain_remove", pk=rule.pk))
    assert not DomainRule.objects.filter(council=world.council).exists()


def test_thresholds_are_changed_within_limits_and_recorded(client, world):
    client.force_login(world.dp_lead)
    assert client.get(_url(world, "settings")).status_code == 200
    before = settings_for(world.council)
    before.refresh_from_db()
    values = {name: getattr(before, name) for name in SettingsForm.Meta.fields}
    values.update(
        personal_minutes_per_day=30, personal_days_over=2, prohibited_share_percent="0.75"
    )
    with assert_audited(world.council, Event.MONITORING_SETTINGS_CHANGED):
        client.post(_url(world, "settings"), values)
    settings = MonitoringSettings.objects.get(council=world.council)
    assert (settings.personal_minutes_per_day, settings.personal_days_over) == (30, 2)
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.changes == {
        "personal_minutes_per_day": [before.personal_minutes_per_day, 30],
        "personal_days_over": [before.personal_days_over, 2],
        "prohibited_share_percent": [str(before.prohibited_share_percent), "0.75"],
    }
    with assert_not_audited(world.council):
        response = client.post(_url(world, "settings"), {**values, "personal_days_over": 8})
    assert "personal days over is between 1 and 7" in response.content.decode()
    settings.refresh_from_db()
    assert settings.personal_days_over == 2


def test_identities_are_assigned_without_overlap_and_ended(client, world):
    client.force_login(world.it_provider)
    staff = world.people[Role.STAFF]
    with assert_audited(world.council, Event.IDENTITY_ADDED):
        response = client.post(
            _url(world, "identity_add"),
            {
                "kind": "proxy_user",
                "value": "JSmith",
                "person": staff.pk,
                "valid_from": "2026-01-05T09:00",
            },
        )
    assert response.status_code == 302
    identity = Identity.objects.get(council=world.council)
    assert identity.value == "jsmith" and identity.person == staff
    # Held already: a second holder from a later date is refused until the first ends.
    later = {
        "kind": "proxy_user",
        "value": "jsmith",
        "person": world.people[Role.COUNCILLOR].pk,
        "valid_from": "2026-02-01T09:00",
    }
    with assert_not_audited(world.council):
        response = client.post(_url(world, "identity_add"), later)
    assert "is held by Staff member of Ashby" in response.content.decode()
    with assert_audited(world.council, Event.IDENTITY_CHANGED):
        client.post(_url(world, "identity_end", pk=identity.pk), {"at": "2026-01-31T17:00"})
    with assert_audited(world.council, Event.IDENTITY_ADDED):
        client.post(_url(world, "identity_add"), later)
    page = client.get(_url(world, "identity_list"), {"q": "jsmith"}).content.decode()
    assert "2 assignments" in page and "Councillor of Ashby" in page
    # An end before the start is refused.
    identity = Identity.objects.get(council=world.council, valid_to__isnull=True)
    with assert_not_audited(world.council):
        client.post(_url(world, "identity_end", pk=identity.pk), {"at": "2026-01-01T00:00"})
    with pytest.raises(MonitoringError, match="end must be after"):
        add_identity(
            world.council,
            "ip",
            "10.1.1.1",
            staff,
            valid_from=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
            valid_to=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            actor=SETUP,
        )


def test_an_identity_cannot_be_given_to_another_councils_person(world, other_world):
    with pytest.raises(MonitoringError, match="not in this council"):
        add_identity(
            world.council,
            "ip",
            "10.2.2.2",
            other_world.people[Role.STAFF],
            valid_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            actor=SETUP,
        )
    make_identity(world)
    assert Identity.objects.filter(council=other_world.council).count() == 0


def test_batches_show_their_receipts_rejected_lines_and_unknown_identifiers(client, world):
    batch = make_batch(world, rejected=2)
    client.force_login(world.it_provider)
    listing = client.get(_url(world, "batch_list")).content.decode()
    assert batch.file_name in listing and "1 batch<" in listing
    page = client.get(_url(world, "batch_detail", pk=batch.pk)).content.decode()
    assert str(batch.public_id) in page and batch.sha256 in page
    assert "100: 95 accepted, 2 rejected, 3 with no known holder" in page
    assert '>10</td><td class="govuk-table__cell">bad timestamp' in page
    assert "10.0.0.99" in page
    assert "Upload a log" in client.get(_url(world, "source_list")).content.decode()


def test_a_legal_hold_needs_a_reason_is_single_and_is_released_on_record(client, world):
    staff = world.people[Role.STAFF]
    client.force_login(world.dp_lead)
    with assert_not_audited(world.council):
        response = client.post(_url(world, "hold_list"), {"person": staff.pk, "reason": ""})
    assert "Say why the events must be kept" in response.content.decode()
    with assert_audited(world.council, Event.LEGAL_HOLD_PLACED):
        response = client.post(
            _url(world, "hold_list"), {"person": staff.pk, "reason": "Grievance 2026/02"}
        )
    assert response.status_code == 302
    hold = LegalHold.objects.get(council=world.council)
    assert hold.placed_by_label == world.dp_lead.email
    with pytest.raises(MonitoringError, match="already has a legal hold"):
        place_hold(staff, reason="Another case", actor=SETUP)
    with assert_not_audited(world.council):
        client.post(_url(world, "hold_release", pk=hold.pk), {"reason": ""})
    with assert_audited(world.council, Event.LEGAL_HOLD_RELEASED):
        client.post(_url(world, "hold_release", pk=hold.pk), {"reason": "Grievance closed."})
    hold.refresh_from_db()
    assert hold.released_at is not None
    page = client.get(_url(world, "hold_list")).content.decode()
    assert "Grievance 2026/02" in page and "Why it can end" not in page
    # A hold shows on the findings of that person.
    place_hold(staff, reason="Investigation 2026/04", actor=SETUP)
    finding = make_finding(world, staff)
    open_for_work(client, finding)
    page = client.get(_url(world, "finding_detail", pk=finding.pk)).content.decode()
    assert "A legal hold keeps this person" in page


def test_purge_receipts_are_listed(client, world):
    receipt = make_purge(world)
    client.force_login(world.it_provider)
    page = client.get(_url(world, "purge_list")).content.decode()
    assert "1200" in page and "2025-12-30 to 2025-12-31" in page
    assert receipt.source.get_kind_display() in page


def test_the_categories_of_the_imported_lists_that_have_no_meaning_are_named(
    client, world, tmp_path
):
    lists = tmp_path / "lists"
    for category, domain in [("gambling", "quick-odds.example"), ("games", "play.example")]:
        (lists / category).mkdir(parents=True)
        (lists / category / "domains").write_text(f"{domain}\n")
    categories.import_lists(lists)
    set_category_meaning(world.council, "gambling", "prohibited", actor=SETUP)
    client.force_login(world.clerk)
    page = client.get(_url(world, "category_list")).content.decode()
    assert "Categories in the lists with no meaning yet: games." in page


def test_once_lists_are_imported_a_category_is_chosen_from_them_not_typed():
    from councilguard.monitoring.forms import CategoryMeaningForm

    form = CategoryMeaningForm(known=["gambling", "social_networks"])
    html = str(form["category"])
    assert html.startswith("<select")
    assert '<option value="social_networks">Social networks</option>' in html
    chosen = CategoryMeaningForm(
        {"category": "adult", "meaning": "prohibited"}, known=["gambling", "social_networks"]
    )
    assert not chosen.is_valid() and "category" in chosen.errors
    # Before any list is imported there is nothing to choose from: the name is typed.
    assert str(CategoryMeaningForm()["category"]).startswith("<input")


def test_the_upload_format_is_chosen_from_the_formats_of_the_chosen_source():
    from councilguard.monitoring.forms import UploadForm

    html = str(UploadForm()["format"])
    assert html.startswith("<select")
    assert '<option value="squid">Web proxy: Squid native access.log</option>' in html
    assert '<option value="bind">DNS queries: BIND 9 query log (incl. Infoblox)</option>' in html
    form = UploadForm({"kind": "dns", "format": "squid"})
    assert not form.is_valid()
    assert form.errors["format"] == [
        "Squid native access.log is a format for web proxy: choose one for DNS queries"
    ]

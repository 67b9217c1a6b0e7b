"""The IT provider's own page (C29, C30): what waits in each council it serves, soonest
first, and nothing of a council where it is not the IT provider or beyond what that role sees."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.devices import testing as devices
from councilguard.monitoring import testing as monitoring
from councilguard.monitoring.models import BatchStatus, IngestBatch
from councilguard.provider.tests.conftest import PROVIDER
from councilguard.provider.work import provider_memberships, waiting_across


def _work_everywhere(worlds):
    """In every council: a software request (the IT provider decides one capacity), a finding
    about a person (not the IT provider's to see), a leaver (the clerk's), an upload with
    refused lines and a DNS source whose last log is three days old. Returns the name of each
    council's upload with refused lines."""
    names = {}
    for world in worlds:
        devices.make_software_request(world)
        monitoring.make_finding(world)
        devices.make_leaver(world)
        names[world.council.name] = monitoring.make_batch(world, rejected=2).file_name
        stale = monitoring.make_batch(world, "dns", rejected=0)
        IngestBatch.objects.filter(pk=stale.pk).update(
            created_at=timezone.now() - timedelta(days=3)
        )
    return names


def _page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("provider:home"))
    assert response.status_code == 200
    # The page itself, not the header's council switcher (which lists all one's roles).
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_provider_in_three_of_five_councils_sees_exactly_the_work_of_those_three(five, provider):
    uploads = _work_everywhere(five)
    waiting = waiting_across(provider)
    by_council = {}
    for each in waiting:
        by_council.setdefault(each.council.name, []).append(each.item.title)
    assert sorted(by_council) == [
        "Ashby Town Council",
        "Burton Town Council",
        "Coton Town Council",
    ]
    for name, titles in by_council.items():
        staff = f"Staff member of {name.split()[0]}"
        three_days_ago = timezone.localtime(timezone.now() - timedelta(days=3))
        assert sorted(titles) == sorted(
            [
                f"Decide {staff}'s request: Install Inkscape",
                f"No DNS log has come in since {three_days_ago:%-d %B %Y}",
                f"2 lines of {uploads[name]} could not be read",
            ]
        ), titles
    page = _page(provider)
    for absent in ("Dunton", "Elford", "finding", "leaving checklist"):
        assert absent not in page
    for present in ("Ashby Town Council", "Burton Town Council", "Coton Town Council"):
        assert present in page


def test_each_item_links_into_its_own_council(five, provider):
    _work_everywhere(five)
    for each in waiting_across(provider):
        assert each.item.url.startswith(f"/c/{each.council.slug}/")
    client = Client()
    client.force_login(provider)
    for each in waiting_across(provider):
        assert client.get(each.item.url).status_code == 200, each.item.url


def test_soonest_first_across_councils(five, provider):
    now = timezone.now()
    # Burton's log is missing longest, so it was due first; Ashby's is due tomorrow-ish.
    for world, age in ((five[0], 1), (five[1], 5), (five[2], 3)):
        batch = monitoring.make_batch(world, "proxy", rejected=0)
        IngestBatch.objects.filter(pk=batch.pk).update(created_at=now - timedelta(days=age))
    order = [(e.council.slug, e.item.urgency) for e in waiting_across(provider, now)]
    assert order == [("burton", "overdue"), ("coton", "overdue"), ("ashby", "soon")]


def test_a_missing_log_is_on_the_page_from_a_day_before_it_is_due(five, provider):
    """Daily logs: expected within 2 days, shown from 1 day (due soon), overdue after 2."""
    world, now = five[0], timezone.now()
    batch = monitoring.make_batch(world, "proxy", rejected=0)

    def urgency_at(age):
        IngestBatch.objects.filter(pk=batch.pk).update(created_at=now - age)
        return [e.item.urgency for e in waiting_across(provider, now)]

    second = timedelta(seconds=1)
    assert urgency_at(timedelta(days=1) - second) == []
    assert urgency_at(timedelta(days=1)) == ["soon"]
    assert urgency_at(timedelta(days=2) - second) == ["soon"]
    assert urgency_at(timedelta(days=2)) == ["soon"]
    assert urgency_at(timedelta(days=2) + second) == ["overdue"]


def test_an_upload_stopped_part_way_is_shown_after_an_hour(five, provider):
    world, now = five[0], timezone.now()
    batch = monitoring.make_batch(world, rejected=0)
    IngestBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.WRITING)

    def shown_at(age):
        IngestBatch.objects.filter(pk=batch.pk).update(created_at=now - age)
        return [e.item.title for e in waiting_across(provider, now)]

    minute = timedelta(minutes=1)
    assert shown_at(timedelta(hours=1) - minute) == []
    assert shown_at(timedelta(hours=1)) == []
    assert shown_at(timedelta(hours=1) + minute) == [
        f"The upload of {batch.file_name} stopped part-way: send it again"
    ]


def test_refused_lines_stay_on_the_page_for_a_week(five, provider):
    world, now = five[0], timezone.now()
    batch = monitoring.make_batch(world, "proxy", rejected=1)

    def shown_at(age):
        IngestBatch.objects.filter(pk=batch.pk).update(created_at=now - age)
        return [e.item.title for e in waiting_across(provider, now) if "could not" in e.item.title]

    minute = timedelta(minutes=1)
    title = f"1 line of {batch.file_name} could not be read"
    assert shown_at(timedelta(days=7) - minute) == [title]
    assert shown_at(timedelta(days=7)) == [title]
    assert shown_at(timedelta(days=7) + minute) == []


def test_losing_the_role_takes_the_council_off_the_page(five, provider):
    from councilguard.accounts.services import change_role, remove_access
    from councilguard.core.models import Membership
    from councilguard.testing.world import SETUP

    _work_everywhere(five)
    remove_access(Membership.objects.get(user=provider, council=five[0].council), actor=SETUP)
    change_role(
        Membership.objects.get(user=provider, council=five[1].council),
        role=Role.STAFF,
        actor=SETUP,
    )
    assert {e.council.slug for e in waiting_across(provider)} == {"coton"}


def test_only_an_it_provider_may_open_the_page(five):
    client = Client()
    client.force_login(five[0].clerk)
    assert client.get(reverse("provider:home")).status_code == 403
    client.force_login(five[0].it_provider)
    page = client.get(reverse("provider:home"))
    assert page.status_code == 200
    assert "Ashby Town Council" in page.content.decode()
    assert "Burton" not in page.content.decode()


def test_the_page_costs_the_same_queries_per_council_whatever_their_size_or_number(
    five, provider, django_assert_max_num_queries
):
    """A fixed cost per council served: the same with 1 or 5 things waiting in each, and with
    more councils in the deployment where the provider holds no role."""
    client = Client()
    client.force_login(provider)
    url = reverse("provider:home")
    client.get(url)

    def cost():
        with django_assert_max_num_queries(60) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _work_everywhere(five)
    few = cost()
    _work_everywhere(five)
    _work_everywhere(five)
    from councilguard.testing.world import make_world

    make_world("fradley")
    assert cost() == few


def test_lost_devices_to_wipe_or_cancel_are_listed_in_each_council_served(five, provider):
    from councilguard.core.contributions import waiting_for
    from councilguard.core.models import Membership

    losses = {world.council.slug: devices.make_loss(world) for world in five}
    listed = {}
    for each in waiting_across(provider):
        listed.setdefault(each.council.slug, []).append(each.item.title)
    assert sorted(listed) == ["ashby", "burton", "coton"]
    for slug, titles in listed.items():
        device = losses[slug].device
        assert f"Request a remote wipe of {device}" in titles
        assert f"Cancel the number of {device}" in titles
    # Not on the IT provider's dashboard in the council (those tasks are the clerk's there).
    ashby = Membership.objects.get(user=provider, council=five[0].council)
    assert not [i for i in waiting_for(ashby) if "remote wipe" in i.title]
    client = Client()
    client.force_login(provider)
    wipes = [e for e in waiting_across(provider) if "remote wipe" in e.item.title]
    assert len(wipes) == 3
    for each in wipes:
        assert client.get(each.item.url).status_code == 200, each.item.url
    # Once done, it leaves the page.
    from councilguard.devices.models import Task

    Task.objects.filter(council=five[0].council, title__startswith="Request a remote wipe").update(
        done_at=timezone.now()
    )
    assert len([e for e in waiting_across(provider) if "remote wipe" in e.item.title]) == 2


def test_each_council_lists_what_its_own_dashboard_would(five, provider):
    """The page asks every council at once; each council's share is still exactly its
    dashboard's, with the provider on the people list of one council and not of another."""
    from councilguard.core.contributions import waiting_for
    from councilguard.people.services import PersonData, create_person
    from councilguard.testing.world import SETUP

    _work_everywhere(five)
    for world in five:
        devices.make_loss(world)
    person = create_person(
        five[1].council,
        PersonData(full_name="Fixit Engineer", kind="other", emails=["it@fixit.example"]),
        actor=SETUP,
    )
    person.user = provider
    person.save(update_fields=["user"])
    devices.make_software_request(five[1], Role.STAFF)
    expected = set()
    for membership in provider_memberships(provider):
        expected |= {(membership.council.slug, i.key, i.title) for i in waiting_for(membership)}
    page = {(e.council.slug, e.item.key, e.item.title) for e in waiting_across(provider)}
    provider_only = {row for row in page if row[1].startswith("provider.") or "wipe" in row[2]
                     or "Cancel the number" in row[2]}  # fmt: skip
    assert page - provider_only == expected


def test_the_page_costs_the_same_queries_for_3_councils_as_for_12(
    five, provider, django_assert_max_num_queries
):
    from councilguard.accounts.services import grant_role
    from councilguard.testing.world import SETUP, make_world

    client = Client()
    client.force_login(provider)
    url = reverse("provider:home")

    def cost():
        client.get(url)
        with django_assert_max_num_queries(30) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _work_everywhere(five[:3])
    for world in five[:3]:
        devices.make_loss(world)
    three = cost()
    more = [make_world(f"council{n}", with_mfa=False) for n in range(9)]
    for world in more:
        grant_role(world.council, email=PROVIDER, role=Role.IT_PROVIDER, actor=SETUP)
    _work_everywhere(more)
    for world in more:
        devices.make_loss(world)
    assert len(provider_memberships(provider)) == 12
    assert cost() == three
    assert len([e for e in waiting_across(provider) if "remote wipe" in e.item.title]) == 12

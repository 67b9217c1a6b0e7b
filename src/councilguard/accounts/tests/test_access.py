"""The clerk gives, changes and removes roles from the Access page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from councilguard.accounts.models import User
from councilguard.audit.events import Event
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.people.models import Person
from councilguard.testing.audit import assert_audited


def test_the_clerk_gives_a_new_person_access_and_their_person_record_is_linked(client, world):
    person = Person.objects.create(council=world.council, full_name="Nia Bell", kind="staff")
    person.emails.create(council=world.council, address="nia@ashby.example", is_primary=True)
    client.force_login(world.clerk)
    url = reverse("accounts:access_list", kwargs={"council": world.council.slug})
    with assert_audited(
        world.council, Event.USER_CREATED, Event.MEMBERSHIP_GRANTED, Event.PERSON_UPDATED
    ):
        response = client.post(
            url, {"email": "Nia@Ashby.example", "full_name": "Nia Bell", "role": Role.STAFF}
        )
    assert response.status_code == 302
    user = User.objects.get(email="nia@ashby.example")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.STAFF
    person.refresh_from_db()
    assert person.user == user


def test_the_clerk_changes_a_role(client, world):
    client.force_login(world.clerk)
    membership = world.staff.memberships.get()
    url = reverse(
        "accounts:access_change", kwargs={"council": world.council.slug, "pk": membership.pk}
    )
    with assert_audited(world.council, Event.MEMBERSHIP_CHANGED):
        client.post(url, {f"m{membership.pk}-role": Role.MANAGER})
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_a_user_in_two_councils_keeps_the_other_when_one_removes_them(world, other_world):
    from councilguard.accounts.services import grant_role
    from councilguard.testing.world import SETUP

    grant_role(
        other_world.council, email=world.it_provider.email, role=Role.IT_PROVIDER, actor=SETUP
    )
    client = Client()
    client.force_login(world.clerk)
    membership = world.it_provider.memberships.get(council=world.council)
    client.post(
        reverse(
            "accounts:access_remove", kwargs={"council": world.council.slug, "pk": membership.pk}
        )
    )
    world.it_provider.refresh_from_db()
    assert world.it_provider.is_active
    assert list(world.it_provider.memberships.values_list("council__slug", flat=True)) == [
        other_world.council.slug
    ]


def test_demoting_the_only_clerk_from_the_form_is_a_clear_error(client, world):
    client.force_login(world.clerk)
    url = reverse("accounts:access_list", kwargs={"council": world.council.slug})
    response = client.post(url, {"email": world.clerk.email, "role": Role.STAFF})
    assert response.status_code == 200
    assert b"no clerk left" in response.content
    assert world.clerk.memberships.get().role == Role.CLERK


def test_removing_someones_access_takes_the_shared_passwords_they_saw_with_it(world):
    from councilguard.accounts.services import remove_access
    from councilguard.testing.world import SETUP
    from councilguard.vault.services import access_of

    remove_access(world.staff.memberships.get(), actor=SETUP)
    assert access_of(world.people[Role.STAFF]).revocation is not None

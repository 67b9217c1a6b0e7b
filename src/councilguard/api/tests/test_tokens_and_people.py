"""The IT provider's script: a clerk issues a token, the script lists and imports people, the
clerk revokes it."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.models import ApiToken
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.people.models import Person
from councilguard.testing.audit import assert_audited


def _issue_on_the_page(world, acts_as, name="nightly upload") -> str:
    clerk = Client()
    clerk.force_login(world.clerk)
    url = reverse("tokens:token_list", kwargs={"council": world.council.slug})
    with assert_audited(world.council, Event.API_TOKEN_ISSUED):
        page = clerk.post(url, {"name": name, "user": acts_as.pk})
    match = re.search(rb'id="new-token"[^>]*>(cg_[A-Za-z0-9_-]+)<', page.content)
    assert match, "the new token is shown once on the page"
    return match.group(1).decode()


def test_a_token_carries_the_role_of_the_person_it_acts_as(world):
    raw = _issue_on_the_page(world, world.it_provider)
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    people_url = reverse("api:person-list", kwargs={"council": world.council.slug})
    assert script.get(people_url).status_code == 200
    upload = SimpleUploadedFile("p.csv", b"full_name,role,email\nA,staff,a@ashby.example\n")
    # Changing people is the clerk's (core.roles): the IT provider's token may only read them.
    assert script.post(f"{people_url}import/", {"file": upload}).status_code == 403


def test_a_script_works_with_the_token_the_clerk_issued_until_it_is_revoked(world):
    raw = _issue_on_the_page(world, world.clerk)
    token = ApiToken.objects.get(council=world.council)
    assert raw not in str(ApiToken.objects.values().get())  # only the hash is stored

    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    people_url = reverse("api:person-list", kwargs={"council": world.council.slug})
    listed = script.get(people_url)
    assert listed.status_code == 200
    assert listed.json()["count"] == Person.objects.in_council(world.council).count()

    upload = SimpleUploadedFile(
        "people.csv",
        b"full_name,role,email,working_pattern\nZara Quinn,staff,zara@ashby.example,Mon-Fri 08:00-16:00\n",
    )
    with assert_audited(world.council, Event.PERSON_CREATED, Event.PEOPLE_IMPORTED):
        imported = script.post(f"{people_url}import/", {"file": upload}, format="multipart")
    assert imported.status_code == 200, imported.json()
    assert imported.json()["created"] == 1
    entry = AuditEntry.objects.filter(council=world.council, event=Event.PEOPLE_IMPORTED).get()
    assert entry.actor == world.clerk
    assert "nightly upload" in entry.actor_label

    token.refresh_from_db()
    assert token.last_used_at is not None

    clerk = Client()
    clerk.force_login(world.clerk)
    with assert_audited(world.council, Event.API_TOKEN_REVOKED):
        clerk.post(
            reverse("tokens:token_revoke", kwargs={"council": world.council.slug, "pk": token.pk})
        )
    assert script.get(people_url).status_code == 401


def test_a_bad_file_through_the_api_lists_every_problem_and_imports_nothing(world):
    script = APIClient()
    script.force_authenticate(world.clerk)
    url = reverse("api:person-import-csv", kwargs={"council": world.council.slug})
    upload = SimpleUploadedFile(
        "people.csv",
        b"full_name,role,email\nA,staff,a@ashby.example\nB,boss,b@ashby.example\nC,staff,nope\n",
    )
    count = Person.objects.count()
    response = script.post(url, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert [p["line"] for p in response.json()["problems"]] == [3, 4]
    assert Person.objects.count() == count


def test_a_person_is_added_and_changed_through_the_api_with_the_same_rules(world):
    api = APIClient()
    api.force_authenticate(world.clerk)
    url = reverse("api:person-list", kwargs={"council": world.council.slug})
    manager = world.people["manager"]
    with assert_audited(world.council, Event.PERSON_CREATED):
        created = api.post(
            url,
            {
                "full_name": "Lee Chan",
                "kind": "staff",
                "emails": ["lee@ashby.example"],
                "line_manager": manager.pk,
                "working_pattern": "mon-wed 9:00-13:00",
            },
            format="json",
        )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["working_pattern"] == "Mon-Wed 09:00-13:00"
    assert body["line_manager"] == manager.pk

    detail = reverse("api:person-detail", kwargs={"council": world.council.slug, "pk": body["id"]})
    with assert_audited(world.council, Event.PERSON_UPDATED):
        patched = api.patch(detail, {"job_title": "Caretaker"}, format="json")
    assert patched.json()["job_title"] == "Caretaker"
    assert patched.json()["emails"] == ["lee@ashby.example"]

    clash = api.post(
        url, {"full_name": "Copy", "kind": "staff", "emails": ["lee@ashby.example"]}, format="json"
    )
    assert clash.status_code == 400
    assert "already belongs to Lee Chan" in str(clash.json())
    bad = api.post(
        url,
        {
            "full_name": "X",
            "kind": "mayor",
            "emails": ["x@ashby.example"],
            "working_pattern": "whenever",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"kind", "working_pattern"}


def test_a_line_manager_from_another_council_is_refused(world, other_world):
    api = APIClient()
    api.force_authenticate(world.clerk)
    url = reverse("api:person-list", kwargs={"council": world.council.slug})
    response = api.post(
        url,
        {
            "full_name": "X",
            "kind": "staff",
            "emails": ["x@ashby.example"],
            "line_manager": other_world.people["manager"].pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "line_manager" in response.json()


def test_a_manager_sees_only_their_own_team_through_the_api(world):
    api = APIClient()
    api.force_authenticate(world.manager)
    url = reverse("api:person-list", kwargs={"council": world.council.slug})
    names = {p["full_name"] for p in api.get(url).json()["results"]}
    assert names == {world.people["manager"].full_name, world.people["staff"].full_name}


def test_the_openapi_schema_describes_the_people_endpoints(world):
    api = APIClient()
    api.force_authenticate(world.it_provider)
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/councils/{council}/people/" in schema["paths"]
    assert "/api/councils/{council}/people/import/" in schema["paths"]
    docs = api.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # assets are served locally, never downloaded


def test_a_leaver_can_still_be_read_and_changed_through_the_api(world):
    api = APIClient()
    api.force_authenticate(world.clerk)
    staff = world.people["staff"]
    detail = reverse("api:person-detail", kwargs={"council": world.council.slug, "pk": staff.pk})
    response = api.patch(detail, {"leave_date": "2020-01-31"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["leave_date"] == "2020-01-31"
    assert api.get(detail).status_code == 200
    listed = api.get(reverse("api:person-list", kwargs={"council": world.council.slug}))
    assert staff.pk not in [p["id"] for p in listed.json()["results"]]
    left = api.get(
        reverse("api:person-list", kwargs={"council": world.council.slug}), {"status": "left"}
    )
    assert [p["id"] for p in left.json()["results"]] == [staff.pk]


def test_removing_someones_access_revokes_their_tokens(world):
    from councilguard.accounts.services import remove_access
    from councilguard.api.services import issue_token
    from councilguard.testing.world import SETUP

    _, raw = issue_token(world.council, name="script", user=world.it_provider, actor=SETUP)
    with assert_audited(
        world.council,
        Event.MEMBERSHIP_REVOKED,
        Event.API_TOKEN_REVOKED,
        Event.VAULT_ACCESS_REVOKED,
        Event.USER_DISABLED,
    ):
        remove_access(world.it_provider.memberships.get(), actor=SETUP)
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert script.get(reverse("api:council_list")).status_code == 401

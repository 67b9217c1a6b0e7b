"""What the API refuses, and how: the largest page, values of the wrong type, and the error
bodies the schema promises."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.pagination import MAX_LIMIT
from councilguard.api.schema import document
from councilguard.monitoring import testing as monitoring
from councilguard.people.models import Person
from councilguard.testing.vault import make_entry


@pytest.fixture
def clerk(world):
    api = APIClient()
    api.force_authenticate(world.clerk)
    return api


def _people(world) -> str:
    return reverse("api:person-list", kwargs={"council": world.council.slug})


def _many_people(world, count: int) -> None:
    # Rows only, for a long list: the page size is under test, not adding people.
    Person.objects.bulk_create(
        Person(council=world.council, full_name=f"Resident {n:04d}", kind="other")
        for n in range(count)
    )


def test_a_page_holds_at_most_max_limit_and_a_larger_one_is_refused(world, clerk):
    _many_people(world, MAX_LIMIT + 1)
    total = Person.objects.in_council(world.council).count()
    assert total > MAX_LIMIT + 1

    at = clerk.get(_people(world), {"limit": MAX_LIMIT})
    assert at.status_code == 200
    assert at.json()["count"] == total
    assert len(at.json()["results"]) == MAX_LIMIT
    assert at.json()["next"]

    below = clerk.get(_people(world), {"limit": MAX_LIMIT - 1})
    assert below.status_code == 200
    assert len(below.json()["results"]) == MAX_LIMIT - 1

    above = clerk.get(_people(world), {"limit": MAX_LIMIT + 1})
    assert above.status_code == 400
    assert list(above.json()) == ["limit"]
    assert str(MAX_LIMIT) in above.json()["limit"][0]


def test_a_page_is_a_hundred_unless_asked(world, clerk):
    _many_people(world, 120)
    assert len(clerk.get(_people(world)).json()["results"]) == 100


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 10**30}, "limit"),  # was a 500: the number does not fit in SQL
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"offset": "1.5"}, "offset"),
    ],
)
def test_a_limit_or_offset_out_of_range_is_refused_with_the_reason(world, clerk, query, field):
    response = clerk.get(_people(world), query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_schema_states_the_largest_page(world):
    parameters = document()["paths"]["/api/councils/{council}/people/"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_LIMIT
    assert limit["schema"]["minimum"] == 1


def test_refusals_have_the_bodies_the_schema_declares(world, other_world):
    schema = document()
    responses = schema["paths"]["/api/councils/{council}/people/"]["get"]["responses"]
    error = {"$ref": "#/components/schemas/Error"}
    assert {code: r["content"]["application/json"]["schema"] for code, r in responses.items()} == {
        "200": {"$ref": "#/components/schemas/PaginatedPersonList"},
        "400": {"$ref": "#/components/schemas/ValidationError"},
        "401": error,
        "403": error,
        "404": error,
    }
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]

    nobody = APIClient().get(_people(world))
    staff = APIClient()
    staff.force_authenticate(world.staff)
    forbidden = staff.get(_people(world))
    outsider = APIClient()
    outsider.force_authenticate(other_world.clerk)
    elsewhere = outsider.get(_people(world))
    for response, code in ((nobody, 401), (forbidden, 403), (elsewhere, 404)):
        assert response.status_code == code
        assert list(response.json()) == ["detail"]


def test_a_json_value_of_another_type_is_refused_not_converted(world, clerk):
    entry = make_entry(world)
    url = reverse("api:vault-entry-reveal", kwargs={"council": world.council.slug, "pk": entry.pk})
    response = clerk.post(url, {"reason": 1234}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["Expected text."]}

    person = clerk.post(
        _people(world),
        {
            "full_name": "Ann Lee",
            "kind": "staff",
            "emails": ["ann@ashby.example"],
            "uses_display_screen": 1,
        },
        format="json",
    )
    assert person.status_code == 400
    assert person.json() == {"uses_display_screen": ["Expected true or false."]}
    # A form carries only text, so a form post is still read as before.
    assert clerk.post(url, {"reason": "paying the broadband bill"}).status_code == 200


def test_a_review_without_a_readable_decision_is_a_400_not_a_crash(world, clerk):
    finding = monitoring.make_finding(world)
    url = reverse(
        "api:monitoring-finding-review", kwargs={"council": world.council.slug, "pk": finding.pk}
    )
    for body in ({"decision": {}}, {"decision": ["noted"]}, [], {}):
        response = clerk.post(url, body, format="json")
        assert response.status_code == 400, body
    dismissed = clerk.post(url, {"decision": "dismissed", "reason": " ok "}, format="json")
    assert dismissed.status_code == 400
    assert "reason" in dismissed.json()


def test_a_body_over_the_size_limit_is_a_413_in_the_api_shape(world, clerk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    entry = make_entry(world)
    url = reverse("api:vault-entry-reveal", kwargs={"council": world.council.slug, "pk": entry.pk})
    at = clerk.post(url, {"reason": "x" * 100}, format="json")
    assert at.status_code == 200
    over = clerk.post(url, {"reason": "x" * 1000}, format="json")  # was a 400 page of HTML
    assert over.status_code == 413
    assert over.json() == {"detail": "The request is too large; send less at a time."}
    responses = document()["paths"]["/api/councils/{council}/vault/entries/{id}/reveal/"]["post"]
    assert "413" in responses["responses"]


def test_a_long_new_password_is_judged_not_a_server_error(world, clerk):
    entry = make_entry(world)
    url = reverse("api:vault-entry-rotate", kwargs={"council": world.council.slug, "pk": entry.pk})
    long_phrase = "marble heron quietly folds " * 4  # 108 characters: zxcvbn's default limit is 72
    response = clerk.post(url, {"secret": long_phrase}, format="json")
    assert response.status_code == 200, response.content

"""Request bodies from outside (issue 12): JSON nested past the interpreter's stack is a 400
that says why, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.core.untrusted import MAX_JSON_DEPTH
from councilguard.testing.world import SETUP

TOO_DEEP = (
    f"the data is nested more than {MAX_JSON_DEPTH} levels deep, which no export is; "
    "it was not read"
)


@pytest.fixture
def api(world):
    _, raw = issue_token(world.council, name="script", user=world.clerk, actor=SETUP)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.raise_request_exception = False
    return client


def _post(api, world, body: str):
    url = reverse("api:person-list", kwargs={"council": world.council.slug})
    return api.post(url, data=body, content_type="application/json")


def test_a_body_nested_past_the_stack_is_a_bad_request_in_words(api, world):
    response = _post(api, world, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_DEEP}


@pytest.mark.parametrize(
    ("depth", "refused"),
    [(MAX_JSON_DEPTH - 1, False), (MAX_JSON_DEPTH, False), (MAX_JSON_DEPTH + 1, True)],
)
def test_nesting_at_just_below_and_above_the_limit(api, world, depth, refused):
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    response = _post(api, world, f'{{"full_name": {inner}}}')
    assert response.status_code == 400
    assert (response.json() == {"detail": TOO_DEEP}) is refused

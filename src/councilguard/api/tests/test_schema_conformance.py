"""The API keeps to its own OpenAPI schema: schemathesis runs every operation, as the clerk's
script with a token, in-process, with every check it has (positive_data_acceptance narrowed
only as OUTSIDE_THE_SCHEMA says).

Each operation gets examples generated from the schema, valid and not, and the edge cases
schemathesis derives from it, sent to a council with something behind every id. Each example runs in a transaction that is rolled
back, so what one creates, changes or reveals never decides the next one's answer.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.db import transaction
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import positive_data_acceptance

from councilguard.api.schema import document
from councilguard.api.services import issue_token
from councilguard.cctv.testing import make_camera, make_viewing_request
from councilguard.core.roles import Role
from councilguard.devices.testing import make_device, make_leaver, make_software_request
from councilguard.dse.testing import make_offer
from councilguard.monitoring import testing as monitoring
from councilguard.phones.testing import make_phone_source
from councilguard.testing.policies import make_policy
from councilguard.testing.vault import make_entry, make_incident
from councilguard.testing.world import SETUP

EXAMPLES = 15  # per operation, besides the edge cases schemathesis derives from the schema


# The schema as /api/schema/ serves it (the last test holds the two to each other).
schema = schemathesis.openapi.from_dict(
    document(),
    config=schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all"},
            # A body over Django's limits (more files than it reads in one request) is refused
            # with a 413, as the schema says, rather than a 400.
            "checks": {
                "negative_data_rejection": {
                    "expected-statuses": [
                        *("400", "401", "403", "404", "405", "406", "409", "413", "415"),
                        *("422", "428", "429", "5xx"),
                    ]
                }
            },
        }
    ),
)


def _through_django(environ, start_response):
    """The project as a WSGI app, by way of Django's test handler, which (unlike the real one)
    keeps the test's database connection and transaction open across requests."""
    response = _HANDLER(environ)
    headers = [*response.items()]
    headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [response.content]


_HANDLER = ClientHandler(enforce_csrf_checks=True)
schema.app = _through_django

# Refusals that turn on what no schema can say, so a request valid by the schema may still get
# a 400 blaming these fields: whether an id is someone in this council, what a file holds,
# whether a password is guessable, a working pattern's end after its start, two dates in order,
# an address already someone else's. Any other 400 for a valid request fails, as do these for
# any other field.
OUTSIDE_THE_SCHEMA = {
    "POST /api/councils/{council}/people/": {"line_manager", "working_pattern", "non_field_errors"},
    "PUT /api/councils/{council}/people/{id}/": {
        "line_manager",
        "working_pattern",
        "non_field_errors",
    },
    "PATCH /api/councils/{council}/people/{id}/": {
        "line_manager",
        "working_pattern",
        "non_field_errors",
    },
    "GET /api/councils/{council}/monitoring/findings/": {"person", "rule_kind"},
    # "other" needs its detail: a condition between two parameters.
    "GET /api/councils/{council}/monitoring/findings/{id}/": {"purpose"},
    "POST /api/councils/{council}/incidents/": {"occurred_at", "detected_at", "non_field_errors"},
    "POST /api/councils/{council}/people/import/": {"problems", "file"},
    "POST /api/councils/{council}/devices/mdm-import/": {"problems", "file"},
    "POST /api/councils/{council}/devices/software-import/": {"problems", "file", "device"},
    "POST /api/councils/{council}/phones/bills/": {"rejected_lines", "detail", "file"},
    "POST /api/councils/{council}/monitoring/batches/ingest/": {"file"},
    "POST /api/councils/{council}/vault/entries/{id}/rotate/": {"secret"},
    # Aims and devices of this council, a name not already taken, a period in order.
    "POST /api/councils/{council}/cctv/cameras/": {"aims", "device", "non_field_errors"},
    "PUT /api/councils/{council}/cctv/cameras/{id}/": {"aims", "device", "non_field_errors"},
    "PATCH /api/councils/{council}/cctv/cameras/{id}/": {"aims", "device", "non_field_errors"},
    # Not in the future, answered after it came in.
    "POST /api/councils/{council}/social/enquiries/": {"received_at", "non_field_errors"},
    # Not in the future, not before the offer, the next one after this one.
    "POST /api/councils/{council}/dse/eye-tests/{id}/record/": {"non_field_errors"},
    # Whether a council claims a file is the routes', not the schema's; a log profile is
    # named for the web-log and dns-log formats and for no other (a condition on two fields).
    "POST /api/routed-uploads/": {"files", "profile"},
    # The fields of the kind asked for (another kind's are refused), a web address, a person
    # or device or camera of this council, an item of this checklist, and what the services
    # refuse: a refusal without its reason, software approved before a clean virus check, a
    # period ended before now, a purchase without its evidence, a box not ticked.
    "POST /api/councils/{council}/approvals/": {
        "software_name",
        "publisher",
        "version",
        "source_url",
        "media_description",
        "media_serial",
        "url",
        "name_to_register",
        "non_field_errors",
    },
    "POST /api/councils/{council}/approvals/{id}/decide/": {"non_field_errors"},
    "POST /api/councils/{council}/approvals/{id}/virus-check/": {"non_field_errors"},
    "POST /api/councils/{council}/cctv/viewing-requests/": {"camera", "non_field_errors"},
    "POST /api/councils/{council}/charges/": {"person", "device", "non_field_errors"},
    "POST /api/councils/{council}/leavers/{id}/tick/": {"item", "non_field_errors"},
    "POST /api/councils/{council}/policies/versions/{id}/acknowledge/": {
        "confirm",
        "non_field_errors",
    },
    "POST /api/councils/{council}/policies/versions/{id}/paper-acknowledgement/": {
        "person",
        "non_field_errors",
    },
}
_REPORTS = {"problems", "rejected_lines"}  # an import's report: the file's contents refused


def positive_data_refused_only_outside_the_schema(ctx, response, case):
    """schemathesis' positive_data_acceptance, except for a 400 that blames only what
    OUTSIDE_THE_SCHEMA lists for the operation."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    body = response.json()
    blamed = {key for key in body if key in _REPORTS and body[key]} or set(body)
    allowed = OUTSIDE_THE_SCHEMA[case.operation.label]
    assert blamed <= allowed, (
        f"A request valid by the schema was refused for {sorted(blamed - allowed)}: "
        f"{response.text[:500]}"
    )
    return None


@pytest.fixture
def scripted_council(world, settings):
    """The council, something behind every kind of id, and a token acting as its clerk."""
    settings.ALLOWED_HOSTS = ["localhost"]
    _, token = issue_token(world.council, name="conformance", user=world.clerk, actor=SETUP)
    for kind in ("proxy", "dns"):
        monitoring.make_source(world, kind)
    make_phone_source(world)
    ids = {
        "vault/entries": make_entry(world).pk,
        "vault/people": world.people[Role.STAFF].pk,
        "people": world.people[Role.STAFF].pk,
        "devices": make_device(world).pk,
        "incidents": make_incident(world).pk,
        "monitoring/findings": monitoring.make_finding(world).pk,
        "monitoring/batches": monitoring.make_batch(world).pk,
        "cctv/cameras": make_camera(world).pk,
        "dse/eye-tests": make_offer(world).pk,
        "policies": make_policy(world).policy.pk,
        "policies/versions": make_policy(world).in_force.pk,
        "approvals": make_software_request(world).pk,
        "cctv/viewing-requests": make_viewing_request(world).pk,
        "charges/statements": world.people[Role.STAFF].pk,
        "leavers": make_leaver(world).pk,
    }
    return world.council.slug, token, ids


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # One council for all the examples of an operation: each example is rolled back.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_schema(case, scripted_council):
    council, token, ids = scripted_council
    path = case.operation.path
    if "{council}" in path:
        case.path_parameters["council"] = council
    if "{id}" in path:
        collection = path.split("/{council}/")[1].split("/{id}")[0]
        assert collection in ids, f"scripted_council needs one of {collection} for {path}"
        case.path_parameters["id"] = ids[collection]
    outside = case.operation.label in OUTSIDE_THE_SCHEMA
    with transaction.atomic():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            excluded_checks=[positive_data_acceptance] if outside else [],
            additional_checks=[positive_data_refused_only_outside_the_schema] if outside else [],
        )
        transaction.set_rollback(True)


def test_the_schema_tested_is_the_one_served(world):
    api = APIClient()
    api.force_authenticate(world.clerk)
    served = api.get("/api/schema/", {"format": "json"}).json()
    assert served == document()

"""Inventories and MDM exports from outside (issue 12): JSON nested deeper than any export is
refused in words, whole, instead of failing with the interpreter's recursion error."""

from __future__ import annotations

import pytest

from councilguard.core.untrusted import MAX_JSON_DEPTH
from councilguard.devices.models import InventoryImport
from councilguard.devices.posture import import_mdm_export
from councilguard.devices.software import import_inventory
from councilguard.testing.audit import assert_not_audited
from councilguard.testing.world import SETUP

TOO_DEEP = (
    f"the file cannot be read: the data is nested more than {MAX_JSON_DEPTH} levels deep, "
    "which no export is; it was not read"
)


def nested(depth: int) -> bytes:
    """A list of one row whose value is ``depth`` arrays deep in all (the list counts)."""
    inner = "[" * (depth - 2) + "1" + "]" * (depth - 2)
    return f'[{{"name": "x", "serial": "S1", "extra": {inner}}}]'.encode()


@pytest.mark.parametrize("importer", [import_inventory, import_mdm_export])
def test_json_nested_past_any_stack_is_refused_in_words(world, importer):
    content = b"[" * 200_000 + b"]" * 200_000
    with assert_not_audited(world.council):
        report = importer(world.council, content, actor=SETUP)
    assert [(p.line, p.message) for p in report.problems] == [(0, TOO_DEEP)]


@pytest.mark.parametrize("importer", [import_inventory, import_mdm_export])
@pytest.mark.parametrize(
    ("depth", "refused"),
    [(MAX_JSON_DEPTH - 1, False), (MAX_JSON_DEPTH, False), (MAX_JSON_DEPTH + 1, True)],
)
def test_nesting_at_just_below_and_above_the_limit(world, importer, depth, refused):
    report = importer(world.council, nested(depth), actor=SETUP)
    messages = [p.message for p in report.problems]
    assert (TOO_DEEP in messages) is refused
    assert not InventoryImport.objects.exists() or not refused


def test_the_page_and_the_api_refuse_a_nested_inventory_without_a_server_error(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from rest_framework.test import APIClient

    content = b"[" * 200_000 + b"]" * 200_000
    client.force_login(world.it_provider)
    client.raise_request_exception = False
    page = client.post(
        reverse("devices:scan_import", kwargs={"council": world.council.slug}),
        {"file": SimpleUploadedFile("programs.json", content)},
    )
    assert page.status_code == 200
    assert "nested more than 64 levels deep" in page.content.decode()
    api = APIClient()
    api.raise_request_exception = False
    api.force_authenticate(world.clerk)
    response = api.post(
        f"/api/councils/{world.council.slug}/devices/software-import/",
        {"file": SimpleUploadedFile("programs.json", content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "nested more than 64 levels deep" in response.content.decode()
    assert not InventoryImport.objects.exists()

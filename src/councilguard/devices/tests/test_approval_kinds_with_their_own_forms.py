"""The generic approval form does not offer CCTV viewings or photo posting: each has its own
form (cctv, socialmedia) that keeps what the request is about (the camera and period, the
activity and account) beside the approval."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from councilguard.audit.models import AuditEntry
from councilguard.cctv import testing as cctv
from councilguard.core.roles import Role
from councilguard.devices.models import ApprovalRequest

OWN_FORMS = {"cctv_viewing": "View CCTV footage", "photo_posting": "Post photographs"}
OFFERED = ["software", "removable_media", "recording", "website_link", "domain"]


def _page(world, role: Role, name: str, **kwargs):
    client = Client()
    client.force_login(world.users[role])
    return client, reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_the_start_page_offers_every_kind_but_those_with_their_own_form(world):
    client, url = _page(world, Role.STAFF, "approval_start")
    page = client.get(url).content.decode()
    for kind in OFFERED:
        assert reverse("devices:approval_create", kwargs={"council": "ashby", "kind": kind}) in page
    for kind in OWN_FORMS:
        assert f"/approvals/new/{kind}/" not in page
    # Photographs are asked for on social media's form, which everyone may use; the CCTV form
    # only for those who may view footage.
    assert reverse("socialmedia:photo_permission", kwargs={"council": "ashby"}) in page
    assert reverse("cctv:viewing_request", kwargs={"council": "ashby"}) not in page
    client, url = _page(world, Role.MANAGER, "approval_start")
    assert (
        reverse("cctv:viewing_request", kwargs={"council": "ashby"})
        in client.get(url).content.decode()
    )


@pytest.mark.parametrize("kind", sorted(OWN_FORMS))
@pytest.mark.parametrize("role", [Role.CLERK, Role.MANAGER, Role.STAFF])
def test_the_generic_form_refuses_those_kinds_and_records_nothing(world, kind, role):
    aim = cctv.make_aim(world)
    before = AuditEntry.objects.filter(council=world.council).count()
    client, url = _page(world, role, "approval_create", kind=kind)
    assert client.get(url).status_code == 404
    sent = client.post(url, {"summary": "Footage", "reason": "A break-in.", "cctv_aim": aim.pk,
                             "footage": "Car park, last night"})  # fmt: skip
    assert sent.status_code == 404
    assert not ApprovalRequest.objects.filter(council=world.council).exists()
    assert AuditEntry.objects.filter(council=world.council).count() == before

"""Provider tokens (C29, C30): one token for several councils where its person is the IT
provider. It never reaches further than the API's tenancy gate (api/base.py) allows that
person with that role in the council named in the URL."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.accounts.services import change_role, disable_user, grant_role, remove_access
from councilguard.api.models import ProviderToken, ProviderTokenCouncil
from councilguard.api.services import TokenError, issue_provider_token
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

from .conftest import PROVIDER


def _issue_on_the_page(provider, slugs, name="Nightly uploads"):
    client = Client()
    client.force_login(provider)
    page = client.post(reverse("provider:tokens"), {"name": name, "councils": slugs})
    assert page.status_code == 200, page.content[:500]
    match = re.search(rb'id="new-token"[^>]*>(cgp_[A-Za-z0-9_-]+)<', page.content)
    assert match, "the new token is shown once on the page"
    return match.group(1).decode()


def _people(script, slug):
    return script.get(reverse("api:person-list", kwargs={"council": slug}))


def test_a_provider_token_reaches_its_councils_and_no_others(five, provider):
    with assert_audited(five[0].council, Event.PROVIDER_TOKEN_ISSUED):
        raw = _issue_on_the_page(provider, ["ashby", "burton"])
    assert raw not in str(list(ProviderToken.objects.values()))  # only the hash is stored
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert _people(script, "ashby").status_code == 200
    assert _people(script, "burton").status_code == 200
    # Coton: the IT provider there, but not on this token's list.
    assert _people(script, "coton").status_code == 404
    # Dunton: a staff member there; Elford: nothing; a council that does not exist.
    for slug in ("dunton", "elford", "nowhere"):
        assert _people(script, slug).status_code == 404
    councils = script.get(reverse("api:council_list")).json()
    assert sorted(c["slug"] for c in councils) == ["ashby", "burton"]


def test_a_provider_token_does_only_what_the_role_may_in_each_council(five, provider):
    raw = _issue_on_the_page(provider, ["ashby"])
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    people_url = reverse("api:person-list", kwargs={"council": "ashby"})
    upload = SimpleUploadedFile("p.csv", b"full_name,role,email\nA,staff,a@ashby.example\n")
    # Changing people is the clerk's: the IT provider's token may only read them.
    assert script.post(f"{people_url}import/", {"file": upload}).status_code == 403
    findings = reverse("api:monitoring-finding-list", kwargs={"council": "ashby"})
    assert script.get(findings).status_code == 403  # people's findings are not the provider's


def test_the_audit_entry_says_which_token_acted(five, provider):
    raw = _issue_on_the_page(provider, ["ashby", "burton"])
    token = ProviderToken.objects.get()
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with assert_audited(five[1].council, Event.INCIDENT_OPENED):
        opened = script.post(
            reverse("api:incident-list", kwargs={"council": "burton"}),
            {"kind": "malware", "title": "Odd pop-ups", "description": "On the office PC."},
            format="json",
        )
    assert opened.status_code == 201, opened.content
    entry = AuditEntry.objects.filter(council=five[1].council, event=Event.INCIDENT_OPENED).get()
    assert entry.actor_label == (
        f"it@fixit.example via IT provider token {token.hint}… 'Nightly uploads'"
    )
    assert entry.actor.email == PROVIDER


def test_the_clerk_sees_the_token_and_revokes_it_for_their_council_only(five, provider):
    raw = _issue_on_the_page(provider, ["ashby", "burton"])
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    clerk = Client()
    clerk.force_login(five[0].clerk)
    page = clerk.get(reverse("tokens:token_list", kwargs={"council": "ashby"}))
    assert "Nightly uploads" in page.content.decode()
    assert PROVIDER in page.content.decode()
    reach = ProviderTokenCouncil.objects.get(council=five[0].council)
    with assert_audited(five[0].council, Event.PROVIDER_TOKEN_WITHDRAWN):
        clerk.post(
            reverse("tokens:provider_token_withdraw", kwargs={"council": "ashby", "pk": reach.pk})
        )
    assert _people(script, "ashby").status_code == 404
    assert _people(script, "burton").status_code == 200
    # Burton's clerk cannot reach Ashby's row through Burton's URL.
    other = Client()
    other.force_login(five[1].clerk)
    burton_reach = ProviderTokenCouncil.objects.get(council=five[1].council)
    assert (
        other.post(
            reverse("tokens:provider_token_withdraw", kwargs={"council": "ashby", "pk": reach.pk})
        ).status_code
        == 404
    )
    assert (
        clerk.post(
            reverse(
                "tokens:provider_token_withdraw",
                kwargs={"council": "ashby", "pk": burton_reach.pk},
            )
        ).status_code
        == 404
    )
    assert _people(script, "burton").status_code == 200


def test_losing_the_role_takes_the_council_off_the_token_at_once(five, provider):
    raw = _issue_on_the_page(provider, ["ashby", "burton", "coton"])
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    ashby = Membership.objects.get(user=provider, council=five[0].council)
    with assert_audited(five[0].council, Event.MEMBERSHIP_REVOKED, Event.PROVIDER_TOKEN_WITHDRAWN):
        remove_access(ashby, actor=SETUP)
    burton = Membership.objects.get(user=provider, council=five[1].council)
    change_role(burton, role=Role.STAFF, actor=SETUP)
    assert _people(script, "ashby").status_code == 404
    assert _people(script, "burton").status_code == 404
    assert _people(script, "coton").status_code == 200
    # Giving the role back does not bring the token back to those councils.
    grant_role(five[0].council, email=PROVIDER, role=Role.IT_PROVIDER, actor=SETUP)
    change_role(burton, role=Role.IT_PROVIDER, actor=SETUP)
    assert _people(script, "ashby").status_code == 404
    assert _people(script, "burton").status_code == 404
    reasons = dict(
        ProviderTokenCouncil.objects.filter(removed_at__isnull=False).values_list(
            "council__slug", "removed_because"
        )
    )
    assert reasons == {
        "ashby": "Their role in this council was removed.",
        "burton": "They no longer hold the IT provider role here.",
    }


def test_a_disabled_account_or_a_revoked_token_reaches_nothing(five, provider):
    raw = _issue_on_the_page(provider, ["ashby", "burton"])
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client = Client()
    client.force_login(provider)
    token = ProviderToken.objects.get()
    with assert_audited(five[0].council, Event.PROVIDER_TOKEN_REVOKED):
        client.post(reverse("provider:token_revoke", kwargs={"pk": token.pk}))
    assert _people(script, "ashby").status_code == 401
    raw = _issue_on_the_page(provider, ["coton"], name="Second")
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert _people(script, "coton").status_code == 200
    disable_user(provider, actor=SETUP)
    assert _people(script, "coton").status_code == 401


def test_a_token_is_refused_for_a_council_where_the_person_is_not_the_it_provider(five, provider):
    with pytest.raises(TokenError, match="You do not hold the IT provider role in Dunton"):
        issue_provider_token(
            provider, name="x", councils=[five[0].council, five[3].council], actor=SETUP
        )
    client = Client()
    client.force_login(provider)
    for slugs in (["ashby", "dunton"], ["elford"], []):
        page = client.post(reverse("provider:tokens"), {"name": "x", "councils": slugs})
        assert page.status_code == 400
        assert "Choose the councils the token may reach from the list." in page.content.decode()
    page = client.post(reverse("provider:tokens"), {"name": " ", "councils": ["ashby"]})
    assert page.status_code == 400
    assert "Say what will use the token" in page.content.decode()
    assert not ProviderToken.objects.exists()
    assert not AuditEntry.objects.filter(event=Event.PROVIDER_TOKEN_ISSUED).exists()


def test_a_provider_may_revoke_only_their_own_token(five, provider):
    own = _issue_on_the_page(provider, ["ashby"])
    assert own
    theirs, _ = issue_provider_token(
        five[0].it_provider, name="theirs", councils=[five[0].council], actor=SETUP
    )
    client = Client()
    client.force_login(provider)
    assert (
        client.post(reverse("provider:token_revoke", kwargs={"pk": theirs.pk})).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.is_active

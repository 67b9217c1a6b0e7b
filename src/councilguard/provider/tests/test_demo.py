"""The demo's IT provider: Jo Whitfield serves two councils and sees both on one page."""

from __future__ import annotations

from django.urls import reverse

from councilguard.accounts.models import User
from councilguard.api.models import ProviderToken
from councilguard.core.demo import load_demo
from councilguard.provider.models import SourceRoute


def test_the_demo_provider_has_a_page_routes_and_a_token(db, client):
    load_demo()
    jo = User.objects.get(email="jo@fixitsupport.example")
    client.force_login(jo)
    page = client.get(reverse("provider:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ashcombe Town Council" in html and "Brinmoor Parish Council" in html
    routes = sorted(SourceRoute.objects.values_list("council__slug", "kind", "pattern"))
    assert routes == [
        ("ashcombe", "file_name", "ashcombe-*.log"),
        ("ashcombe", "host", "proxy-ashcombe"),
    ]
    token = ProviderToken.objects.get(user=jo)
    assert sorted(token.reaches.values_list("council__slug", flat=True)) == [
        "ashcombe",
        "brinmoor",
    ]

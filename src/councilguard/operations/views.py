"""/healthz: for the reverse proxy, a monitoring service or systemd, without signing in."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from councilguard.core.tenancy import require_GET
from councilguard.operations.health import run_checks


@require_GET
@never_cache
def healthz(request):
    """200 when every check passes, else 503 naming the failing ones. Says nothing about any
    council, so it needs no sign-in."""
    checks = run_checks()
    failing = [c for c in checks if not c.ok]
    body = {
        "status": "failing" if failing else "ok",
        "checks": {c.name: "ok" if c.ok else f"failing: {c.detail}" for c in checks},
    }
    return JsonResponse(body, status=503 if failing else 200)

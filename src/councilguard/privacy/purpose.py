"""A finding about a named person is opened for a work purpose, asked once per finding per
session (A "Monitoring": for work-related purposes only; C18). Monitoring's finding pages ask
``needs_purpose`` before showing one, and call ``give_purpose`` with the answer."""

from __future__ import annotations

from councilguard.audit.actors import Actor
from councilguard.privacy import services

SESSION_KEY = "privacy_findings_opened"


def needs_purpose(request, finding) -> bool:
    return str(finding.pk) not in request.session.get(SESSION_KEY, [])


def give_purpose(request, finding, *, purpose: str, detail: str) -> str:
    """Records the look (monitoring data viewed, on the person's own page) and remembers it
    for the rest of this session. Raises services.PrivacyError for a missing purpose."""
    said = services.record_finding_opened(
        finding, purpose=purpose, detail=detail, actor=Actor.for_request(request)
    )
    opened = list(request.session.get(SESSION_KEY, []))
    if str(finding.pk) not in opened:
        opened.append(str(finding.pk))
    request.session[SESSION_KEY] = opened[-500:]
    return said

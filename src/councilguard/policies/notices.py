"""What the council monitors about people, in plain words, for each person's own page (C18).

The monitoring apps (web and DNS logs, phone bills, e-mail, sign-ins, software scans) register
a provider here that describes each kind of monitoring the council has set up: what, why, and
how long it is kept. Until one is set up, the page says plainly that nothing is monitored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from councilguard.core.models import Council


@dataclass(frozen=True)
class MonitoringNotice:
    what: str
    why: str
    kept_for: str
    clause: str = ""


PROVIDERS: list[Callable[[Council], list[MonitoringNotice]]] = []


def monitoring_notices(council: Council) -> list[MonitoringNotice]:
    return [notice for provider in PROVIDERS for notice in provider(council)]

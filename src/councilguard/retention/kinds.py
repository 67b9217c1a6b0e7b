"""The kinds of monitoring data a council keeps, and how each is purged (C19, B 5.1.3).

The centre knows no domain app. An app declares on its AppConfig ``retention_kinds``: the dotted
path of ``kinds(council) -> list[Kind]``. Each kind says how long its data is kept by default
and why, and gives ``sweep(council, before, apply, held) -> Tally``: what of the council's data
dates from before the day ``before`` (so data exactly one period old is kept), what of that a
legal hold keeps (``held``: person -> the hold's reason), and, when ``apply`` is true, deletes
the rest. One function both counts and deletes, so the schedule page's "due" and a run's
receipt cannot disagree.

The holds come from the app that keeps them, declared as ``legal_holds``: the dotted path of
``held(council) -> dict[person id, reason]`` (monitoring's LegalHold; a case's hold's reason
starts with the case's reference).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps as django_apps
from django.utils.module_loading import import_string


@dataclass
class Tally:
    """Due = deleted + kept. ``kept`` is by the reason a hold gives ("Case C-2026-004: ...")."""

    due: int = 0
    kept: dict[str, int] = field(default_factory=dict)

    @property
    def deleted(self) -> int:
        return self.due - sum(self.kept.values())

    def keep(self, because: str, count: int = 1) -> None:
        if count:
            self.kept[because] = self.kept.get(because, 0) + count


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default_days: int
    reason: str
    sweep: Callable[..., Tally]
    # A period the owning app keeps elsewhere (a monitoring source's own retention): shown
    # here, changed on that app's page (``change_url``: a URL name taking the council).
    fixed_days: int | None = None
    change_url: str = ""
    change_kwargs: dict = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.fixed_days is None


def kinds_for(council) -> list[Kind]:
    """Every app's kinds, in INSTALLED_APPS order."""
    found: list[Kind] = []
    for config in django_apps.get_app_configs():
        path = getattr(config, "retention_kinds", None)
        if path:
            found.extend(import_string(path)(council))
    return found


def held_for(council) -> dict[int, str]:
    """Every person under an open legal hold, with the reason(s) that keep their data."""
    held: dict[int, str] = {}
    for config in django_apps.get_app_configs():
        path = getattr(config, "legal_holds", None)
        if path:
            for person_id, reason in import_string(path)(council).items():
                held[person_id] = f"{held[person_id]}; {reason}" if person_id in held else reason
    return held


def before_day(today: date, days: int) -> date:
    """Data dated before this day is past a period of ``days`` on ``today``."""
    from datetime import timedelta

    return today - timedelta(days=days)

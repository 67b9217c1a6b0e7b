"""The personal data each app holds about a person, for subject access and erasure (DESIGN 17).

The centre imports no domain app. Each app that stores personal data names a provider on its app
config::

    class DevicesConfig(AppConfig):
        personal_data = "councilguard.devices.personal_data.provide"
        personal_identifiers = "councilguard.devices.personal_data.identifiers"   # optional

``provide(subject)`` returns the app's ``Section``s about that subject: one table each, headed in
words a person reads, with what the Art 15 letter must say about it (purpose, recipients,
retention, origin). ``identifiers(council)`` yields every ``Identifier`` the app knows for the
council's people (names, e-mail addresses, user names, phone numbers, network addresses), so the
disclosure engine can find other people in what it discloses and redact them.

An app may also name ``personal_data_erasure``: a function ``erase(subject, section_key)`` that
removes what it holds of that kind of a section marked ``erasable`` and returns a receipt (counts,
never data), or raises ``ErasureRefused`` with the reason it is kept (a legal hold). A
section the law or the council's duties keep says why in ``kept_because`` (pay, the audit
trail). The caller (rights) records the decision and its audit entry.
A test (rights/tests) fails when an app with a model pointing at a person or a user declares no
provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    import polars as pl

    from councilguard.core.models import Council


@dataclass(frozen=True)
class Subject:
    """Whose data: a person of the council (``person``, a people.Person) and their account
    (``user``), either of which may be missing (a member with a role and no entry on the people
    list; a person with no account). A provider matches only what is set, never NULL."""

    council: Council
    person: Any = None
    user: Any = None

    @property
    def person_id(self) -> int | None:
        return self.person.pk if self.person is not None else None

    @property
    def user_id(self) -> int | None:
        if self.user is not None:
            return self.user.pk
        return getattr(self.person, "user_id", None)


@dataclass
class Section:
    """One kind of personal data an app holds about the subject: a table a person can read.

    ``rows`` (tuples in the order of ``columns``) for small tables; ``frame`` (a Polars frame,
    lazy or not, whose columns are ``columns``) for large ones such as monitoring events."""

    key: str  # stable, used as the file name: "devices-issued"
    title: str  # "Devices issued to you"
    columns: list[str]
    purpose: str
    recipients: str
    retention: str
    origin: str
    rows: list[tuple] = field(default_factory=list)
    frame: pl.DataFrame | pl.LazyFrame | None = None
    # What erasure of this kind means, or why it cannot be erased (said to the DP lead).
    erasable: bool = False
    kept_because: str = ""

    def lazy(self) -> pl.LazyFrame:
        """A lazy source with its columns named in words."""
        names = self.frame.collect_schema().names()
        return self.frame.rename(dict(zip(names, self.columns, strict=True)))

    def to_frame(self) -> pl.DataFrame:
        import polars as pl

        if self.frame is not None:
            frame = self.frame.collect() if isinstance(self.frame, pl.LazyFrame) else self.frame
            return frame.rename(dict(zip(frame.columns, self.columns, strict=True)))
        data = {
            column: [_plain(row[i]) for row in self.rows] for i, column in enumerate(self.columns)
        }
        return pl.DataFrame(data, schema=dict.fromkeys(self.columns, pl.String))

    @property
    def count(self) -> int:
        if self.frame is None:
            return len(self.rows)
        import polars as pl

        if isinstance(self.frame, pl.LazyFrame):
            return self.frame.select(pl.len()).collect().item()
        return self.frame.height


def _plain(value) -> str:
    """A cell as a person reads it: dates as dates, nothing as an empty cell, yes and no."""
    from datetime import date, datetime

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Identifier:
    """A value that identifies someone: whose (person and/or user id) and the value itself."""

    value: str
    person_id: int | None = None
    user_id: int | None = None


Provider = Callable[[Subject], Iterable[Section]]


class ErasureRefused(Exception):
    """Raised by an app's eraser: the data must be kept; the message says why, in words for
    the requester's answer (a legal hold)."""


def providers() -> list[tuple[AppConfig, Provider]]:
    """Every installed app's provider, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "personal_data", None)
        if path:
            found.append((config, import_string(path)))
    return found


def gather(subject: Subject) -> Iterator[tuple[AppConfig, Section]]:
    """Everything every app holds on the subject, app by app."""
    for config, provide in providers():
        for section in provide(subject):
            yield config, section


def identifiers(council: Council) -> Iterator[Identifier]:
    for config in apps.get_app_configs():
        path = getattr(config, "personal_identifiers", None)
        if path:
            yield from import_string(path)(council)


def eraser(config: AppConfig) -> Callable | None:
    path = getattr(config, "personal_data_erasure", None)
    return import_string(path) if path else None

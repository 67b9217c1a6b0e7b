"""Finding other people in what is disclosed, and hiding them (DESIGN 18).

Every app names the identifiers it knows for the council's people (core.personal_data:
names, e-mail addresses, user names, phone numbers, network addresses). Anything in a cell that
is one of them, and not one of the subject's own, is replaced: by "[another person]" when
redacting (subject access), or by a stable "[person N]" when pseudonymising (an adviser's
bundle, where who did what must still be followed). Matching is on whole values within text
(10.0.0.1 is not found inside 10.0.0.12), case-insensitive, and works once per distinct cell
value, not per row, so millions of events cost a pass over their few thousand distinct values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from councilguard.core.personal_data import Identifier, Subject

REDACTED = "[another person]"
MIN_LENGTH = 3  # shorter values ("IT", "Jo") would hide ordinary words


def owner_key(identifier: Identifier, person_of_user: dict[int, int]) -> str:
    if identifier.person_id is not None:
        return f"p:{identifier.person_id}"
    if identifier.user_id is not None:
        person = person_of_user.get(identifier.user_id)
        return f"p:{person}" if person is not None else f"u:{identifier.user_id}"
    return f"v:{identifier.value.strip().lower()}"


@dataclass
class Redactor:
    """Built once per bundle. ``disclosed`` are owner keys the data protection lead has agreed
    may be shown (consent, or a reason recorded)."""

    subject: Subject
    known: Iterable[Identifier]
    disclosed: frozenset[str] = frozenset()
    pseudonymise: bool = False
    found: Counter = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)  # owner key -> a name, for the review

    def __post_init__(self) -> None:
        known = [i for i in self.known if i.value and len(i.value.strip()) >= MIN_LENGTH]
        person_of_user = {i.user_id: i.person_id for i in known if i.user_id and i.person_id}
        own = {f"p:{self.subject.person_id}", f"u:{self.subject.user_id}"}
        keys = {i: owner_key(i, person_of_user) for i in known}
        own_values = {i.value.strip().lower() for i in known if keys[i] in own}
        self._owner: dict[str, str] = {}
        named: set[str] = set()
        for identifier in known:
            value, key = identifier.value.strip().lower(), keys[identifier]
            # The subject's own identifiers are their data, even where someone else held the
            # same address or number at another time.
            if key in own or key in self.disclosed or value in own_values:
                continue
            self._owner.setdefault(value, key)
            # The review names each person by the first value the people list gives (their
            # name), else by whatever identified them first (an account's address).
            if identifier.person_id is not None and key not in named:
                self.names[key] = identifier.value.strip()
                named.add(key)
            else:
                self.names.setdefault(key, identifier.value.strip())
        self._labels: dict[str, str] = {}
        alternatives = sorted(self._owner, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<![\w@.+-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w@-]|\.\w)",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def label(self, key: str) -> str:
        if not self.pseudonymise:
            return REDACTED
        if key not in self._labels:
            self._labels[key] = f"[person {len(self._labels) + 1}]"
        return self._labels[key]

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value

        def replace(match: re.Match) -> str:
            key = self._owner[match.group(1).lower()]
            self.found[key] += 1
            return self.label(key)

        return self._pattern.sub(replace, value)

    def mapping(self, distinct: Iterable[str | None]) -> dict[str, str]:
        """The distinct values that change, and what they become."""
        return {v: r for v in distinct if v and (r := self.text(v)) != v}

    def lazy(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """The same for a lazy frame, so a large source streams to its file: one pass to
        collect each text column's distinct values, the replacement in the plan."""
        if self._pattern is None:
            return frame
        schema = frame.collect_schema()
        text = [name for name, dtype in schema.items() if dtype in (pl.String, pl.Categorical)]
        if not text:
            return frame
        distinct = frame.select(
            [pl.col(name).cast(pl.String).unique().implode() for name in text]
        ).collect()
        changes = []
        for name in text:
            mapping = self.mapping(distinct.get_column(name)[0].to_list())
            if mapping:
                changes.append(pl.col(name).cast(pl.String).replace(mapping).alias(name))
        return frame.with_columns(changes) if changes else frame

    def frame(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Every text column redacted, working on each column's distinct values."""
        if self._pattern is None:
            return frame
        changes = []
        for name, dtype in frame.schema.items():
            if dtype not in (pl.String, pl.Categorical):
                continue
            column = frame.get_column(name).cast(pl.String)
            distinct = column.drop_nulls().unique().to_list()
            mapping = self.mapping(distinct)
            if mapping:
                changes.append(column.replace(mapping).alias(name))
        return frame.with_columns(changes) if changes else frame

"""Finding other people in text and hiding them: whole values only, case-insensitive, never the
subject's own, and short values left alone."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl

from councilguard.core.personal_data import Identifier, Subject
from councilguard.disclosure.redaction import REDACTED, Redactor

SUBJECT = Subject(council=None, person=SimpleNamespace(pk=1, user_id=10), user=None)
KNOWN = [
    Identifier("Sam Tully", 1, 10),
    Identifier("10.0.0.5", 1),
    Identifier("Grace Ilori", 2, 20),
    Identifier("grace@ashcombe.example", None, 20),
    Identifier("10.0.0.1", 2),
    Identifier("Jo", 3),  # two letters: too short to look for
    Identifier("Amy", 4),  # three: looked for
    Identifier("10.0.0.5", 2),  # Grace held Sam's address once; it is Sam's data too
]


def test_whole_values_are_replaced_and_nothing_inside_other_values():
    r = Redactor(SUBJECT, KNOWN)
    assert r.text("from 10.0.0.1 and 10.0.0.12") == f"from {REDACTED} and 10.0.0.12"
    assert r.text("10.0.0.1.") == f"{REDACTED}."
    assert r.text("mail GRACE@ashcombe.example now") == f"mail {REDACTED} now"
    assert r.text("Grace Ilori's laptop") == f"{REDACTED}'s laptop"
    assert r.text("grace@ashcombe.examples") == "grace@ashcombe.examples"


def test_the_subjects_own_identifiers_stay_even_where_another_held_them():
    r = Redactor(SUBJECT, KNOWN)
    assert r.text("Sam Tully at 10.0.0.5") == "Sam Tully at 10.0.0.5"


def test_values_shorter_than_three_characters_are_not_looked_for():
    r = Redactor(SUBJECT, KNOWN)
    assert r.text("Jo and Amy") == f"Jo and {REDACTED}"


def test_pseudonyms_are_stable_per_person_across_identifiers():
    r = Redactor(SUBJECT, KNOWN, pseudonymise=True)
    assert r.text("Grace Ilori, grace@ashcombe.example; Amy") == (
        "[person 1], [person 1]; [person 2]"
    )
    assert set(r.found) == {"p:2", "p:4"}


def test_a_disclosed_person_is_left_as_they_are():
    r = Redactor(SUBJECT, KNOWN, frozenset({"p:2"}))
    assert r.text("Grace Ilori") == "Grace Ilori"


def test_frames_eager_and_lazy_are_redacted_alike():
    frame = pl.DataFrame({"who": ["Grace Ilori", "Sam Tully", None], "n": [1, 2, 3]})
    expected = [REDACTED, "Sam Tully", None]
    assert Redactor(SUBJECT, KNOWN).frame(frame)["who"].to_list() == expected
    lazy = Redactor(SUBJECT, KNOWN).lazy(frame.lazy()).collect()
    assert lazy["who"].to_list() == expected and lazy["n"].to_list() == [1, 2, 3]

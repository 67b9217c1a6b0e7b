"""Reading and showing what came from outside (issue 12)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilguard.core.untrusted import JSONRefused, escape_unsafe, load_json, shown


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(("depth", "refused"), [(9, False), (10, False), (11, True)])
def test_json_at_just_below_and_above_its_depth(depth, refused):
    if refused:
        with pytest.raises(JSONRefused, match="nested more than 10 levels deep"):
            load_json(nested(depth), max_depth=10)
    else:
        assert load_json(nested(depth), max_depth=10) is not None


def test_json_deeper_than_the_stack_is_refused_not_a_recursion_error():
    with pytest.raises(JSONRefused):
        load_json(nested(1_000_000))
    with pytest.raises(JSONRefused):
        load_json('{"a":' * 100_000 + "1" + "}" * 100_000)


def test_objects_count_as_levels_like_arrays():
    assert load_json('{"a": {"b": [1]}}', max_depth=3) == {"a": {"b": [1]}}
    with pytest.raises(JSONRefused):
        load_json('{"a": {"b": [[1]]}}', max_depth=3)


def test_text_that_is_not_json_is_still_a_decode_error():
    with pytest.raises(json.JSONDecodeError):
        load_json("{not json")


def test_a_hostile_value_is_escaped_and_cut():
    assert shown("\x1b[2Jabc\u202e", limit=5) == "\\x1b[2Ja…"
    assert shown("plain £ text") == "plain £ text"
    assert escape_unsafe("a\tb\x00c\U000e0001") == "a\\x09b\\x00c\\U000e0001"


@given(st.text(), st.integers(1, 60))
def test_whatever_a_value_holds_it_is_shown_printable_and_short(value, limit):
    result = shown(value, limit)
    assert result.isprintable()
    assert len(result) <= limit * 10 + 1
    if value.isprintable():
        assert result == value[:limit] + ("…" if len(value) > limit else "")

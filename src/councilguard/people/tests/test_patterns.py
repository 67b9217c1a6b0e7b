"""Working patterns: parsing, formatting and the UK clock."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilguard.people.patterns import (
    PatternError,
    Span,
    format_pattern,
    is_working_at,
    parse_pattern,
)


def test_a_full_time_week_reads_back_as_written():
    spans = parse_pattern("Mon-Fri 09:00-17:00")
    assert len(spans) == 5
    assert format_pattern(spans) == "Mon-Fri 09:00-17:00"


def test_part_time_and_split_days_are_kept_apart():
    spans = parse_pattern("mon, wed 09:00-13:00; Wed 14:00-16:00 ; Fri 10:00-12:30")
    assert format_pattern(spans) == "Mon,Wed 09:00-13:00; Wed 14:00-16:00; Fri 10:00-12:30"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Mon-Fri 9-5", "is not like"),
        ("Fun 09:00-17:00", "is not a day"),
        ("Mon 17:00-09:00", "end must be after"),
        ("Mon 25:00-26:00", "not a time of day"),
        ("Fri-Mon 09:00-12:00", "runs from Monday"),
        ("Mon 09:00-12:00; Mon 11:00-13:00", "overlapping"),
    ],
)
def test_malformed_patterns_say_what_is_wrong(text, problem):
    with pytest.raises(PatternError, match=problem):
        parse_pattern(text)


def test_working_hours_follow_uk_summer_time():
    spans = parse_pattern("Mon-Fri 09:00-17:00")
    # Monday 1 June 2026, 08:30 UTC is 09:30 in London (BST): working.
    assert is_working_at(spans, datetime(2026, 6, 1, 8, 30, tzinfo=UTC))
    # Monday 7 December 2026, 08:30 UTC is 08:30 in London (GMT): not yet.
    assert not is_working_at(spans, datetime(2026, 12, 7, 8, 30, tzinfo=UTC))
    # The end is exclusive: 17:00 is personal time.
    assert not is_working_at(spans, datetime(2026, 12, 7, 17, 0, tzinfo=UTC))
    # Saturday is not in the pattern.
    assert not is_working_at(spans, datetime(2026, 12, 5, 12, 0, tzinfo=UTC))


def test_no_pattern_means_never_in_set_hours():
    assert parse_pattern("") == []
    assert not is_working_at([], datetime(2026, 12, 7, 12, 0, tzinfo=UTC))


minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def span_sets(draw):
    """Non-overlapping spans on random days."""
    spans = []
    for day in draw(st.sets(st.integers(0, 6), max_size=7)):
        cuts = sorted(draw(st.sets(minutes, min_size=2, max_size=6)))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            spans.append(Span(day, time(start // 60, start % 60), time(end // 60, end % 60)))
    return sorted(spans)


@given(span_sets())
def test_format_then_parse_gives_back_the_same_spans(spans):
    assert parse_pattern(format_pattern(spans)) == spans


@given(span_sets())
def test_formatting_is_canonical(spans):
    text = format_pattern(spans)
    assert format_pattern(parse_pattern(text)) == text


@given(st.text(max_size=40))
def test_any_text_is_either_a_pattern_or_a_clear_error(text):
    try:
        parse_pattern(text)
    except PatternError as exc:
        assert str(exc)

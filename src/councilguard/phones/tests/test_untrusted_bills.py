"""Phone bills and profiles from outside (issue 12): a deeply nested profile is refused in
words, never a traceback; a bad bill line is named by its number with its value escaped and
cut short, never echoed as raw bytes or control characters a terminal would obey."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from councilguard.core.untrusted import MAX_JSON_DEPTH
from councilguard.monitoring.models import IngestBatch
from councilguard.phones import services
from councilguard.phones.canonical import read_bill
from councilguard.phones.profiles import CANONICAL, ProfileError, loads
from councilguard.phones.testing import bill, make_phone_source
from councilguard.testing.audit import assert_not_audited
from councilguard.testing.world import SETUP

NUMBER = "07700 900321"
HOSTILE = "\x1b]0;owned\x07\x1b[2J\u202eevil" + "A" * 500


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def test_a_deeply_nested_profile_is_refused_in_words():
    with pytest.raises(ProfileError) as refused:
        loads("[" * 100_000 + "]" * 100_000)
    assert str(refused.value) == (
        f"the data is nested more than {MAX_JSON_DEPTH} levels deep, which no export is; "
        "it was not read"
    )


def test_the_profile_command_refuses_a_nested_or_huge_file_without_a_traceback(world, tmp_path):
    path = tmp_path / "profile.json"
    path.write_text("[" * 40_000 + "]" * 40_000)
    with pytest.raises(CommandError, match="nested more than 64 levels deep"):
        call_command("phones", "profile", "import", "--council", world.council.slug, str(path))
    path.write_text(" " * 1_000_001)
    with pytest.raises(CommandError, match="a profile file is a few kilobytes"):
        call_command("phones", "profile", "import", "--council", world.council.slug, str(path))


def _problems(line: str) -> list[tuple[int, str]]:
    result = read_bill(bill(line), CANONICAL)
    return [(p.line, p.message) for p in result.problems]


def test_a_bad_value_is_shown_escaped_and_shortened():
    problems = _problems(f"{NUMBER},2026-04-01 10:00:00,,x,voice,out,1,0,{HOSTILE},,")
    assert len(problems) == 1
    line, message = problems[0]
    assert line == 2
    assert message == (
        "cost \\x1b]0;owned\\x07\\x1b[2J\\u202eevil" + "A" * 21 + "… is not an amount in pence"
    )


def test_the_command_line_never_writes_control_characters(world, tmp_path, capsys):
    make_phone_source(world)
    path = tmp_path / "april.csv"
    path.write_bytes(bill(f"{NUMBER},2026-04-01 10:00:00,,x,voice,out,1,0,{HOSTILE},,"))
    with pytest.raises(CommandError, match="1 line"):
        call_command("phones", "import", "--council", world.council.slug, str(path))
    err = capsys.readouterr().err
    assert "line 2: cost" in err
    assert not any(ch in err for ch in "\x1b\x07\u202e")


@settings(max_examples=80, deadline=None)
@given(
    st.text(min_size=1, max_size=300).filter(
        lambda v: v.strip() and not any(c in v for c in ',"\r\n')
    )
)
def test_whatever_a_cell_holds_its_problem_is_short_and_printable(value):
    for template in (
        "{v},2026-04-01 10:00:00,,x,voice,out,1,0,1,,",
        f"{NUMBER},{{v}},,x,voice,out,1,0,1,,",
        f"{NUMBER},2026-04-01 10:00:00,,x,{{v}},out,1,0,1,,",
        f"{NUMBER},2026-04-01 10:00:00,,x,voice,{{v}},1,0,1,,",
        f"{NUMBER},2026-04-01 10:00:00,,x,voice,out,{{v}},0,1,,",
        f"{NUMBER},2026-04-01 10:00:00,,x,voice,out,1,{{v}},1,,",
        f"{NUMBER},2026-04-01 10:00:00,,x,voice,out,1,0,{{v}},,",
    ):
        for _, message in _problems(template.replace("{v}", value)):
            assert message.isprintable(), message
            assert len(message) < 400


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty: there is no bill line in it; nothing was taken"),
        (b" \r\n\n", "the file is empty: there is no bill line in it; nothing was taken"),
        (bill(), "the bill has no lines after its header; nothing was taken"),
    ],
    ids=["empty", "blank", "header-only"],
)
def test_a_bill_with_no_line_is_refused_and_nothing_is_kept(world, content, problem):
    make_phone_source(world)
    with assert_not_audited(world.council):
        report = services.import_bill(world.council, content, file_name="x.csv", actor=SETUP)
    assert [(p.line, p.message) for p in report.problems] == [(1, problem)]
    assert not IngestBatch.objects.filter(council=world.council).exists()

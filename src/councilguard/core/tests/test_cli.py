"""The console command end to end, as a newcomer or a script would use it, on its own database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from councilguard.env import ConfigError, envint
from councilguard.testing.cli import command_runner


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    run = command_runner(tmp_path_factory.mktemp("var"))
    # Every migration from nothing: on a loaded machine this once took over two minutes.
    run("migrate", "--no-input", "-v", "0", timeout=600)
    return run


def test_a_council_is_created_its_people_imported_and_its_trail_verified(cli, tmp_path: Path):
    created = cli(
        "council", "create", "Eastwick Parish Council", "--clerk", "clerk@eastwick.example"
    )
    assert "created council eastwick-parish-council" in created.stdout

    people = tmp_path / "people.csv"
    people.write_text("full_name,role,email\nMia Stone,staff,mia@eastwick.example\n")
    report = json.loads(
        cli(
            "people", "import", "--council", "eastwick-parish-council", str(people), "--json"
        ).stdout
    )
    assert report["created"] == 1

    verified = cli("audit", "verify", "eastwick-parish-council")
    assert "eastwick-parish-council: intact, 5 entries" in verified.stdout


def test_bad_input_is_one_line_and_a_non_zero_exit(cli, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("full_name,role,email\nMia,wizard,mia@x.example\n")
    cli("council", "create", "Westwick Parish Council")
    cases = [
        (
            ("people", "import", "--council", "nowhere", str(bad)),
            "CommandError: no council called 'nowhere'",
        ),
        (
            ("council", "create", "Westwick Parish Council"),
            "CommandError: a council with the short name 'westwick-parish-council' already exists",
        ),
        (("audit", "verify", "nowhere"), "CommandError: no council called 'nowhere'"),
    ]
    for args, message in cases:
        result = cli(*args, ok=False)
        assert result.returncode != 0
        assert result.stderr.strip().splitlines() == [message]
    result = cli("people", "import", "--council", "westwick-parish-council", str(bad), ok=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "line 2: unknown role 'wizard'" in result.stderr


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"COUNCILGUARD_ENV": "production", "SECRET_KEY": ""},
            "SECRET_KEY (or SECRET_KEY_FILE) must be set in production",
        ),
        # Zero would mean "no limit" to the C scanners and "refuse every line" to the others.
        (
            {"COUNCILGUARD_MAX_LINE_BYTES": "0"},
            "COUNCILGUARD_MAX_LINE_BYTES must be at least 1, not 0",
        ),
    ],
)
def test_a_bad_setting_is_one_line(environment, message):
    result = subprocess.run(
        [sys.executable, "-m", "councilguard.cli", "check"],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"councilguard: configuration: {message}"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", "COUNCILGUARD_MAX_LINE_BYTES must be at least 1, not 0"),  # below
        ("1", 1),  # at the minimum
        ("2", 2),  # above
    ],
)
def test_the_longest_log_line_read_is_at_least_one_byte(monkeypatch, raw, expected):
    monkeypatch.setenv("COUNCILGUARD_MAX_LINE_BYTES", raw)
    read = partial(envint, "COUNCILGUARD_MAX_LINE_BYTES", 64 * 1024, minimum=1)
    if isinstance(expected, str):
        with pytest.raises(ConfigError) as refused:
            read()
        assert str(refused.value) == expected
    else:
        assert read() == expected


def test_the_demo_loads_once_and_prints_how_to_sign_in(cli):
    first = cli("demo")
    assert "Loaded the demo councils" in first.stdout
    assert "clerk@ashcombe.example" in first.stdout
    assert "authenticator app secret:" in first.stdout
    second = cli("demo")
    assert "already loaded" in second.stdout
    assert cli("audit", "verify").returncode == 0


def test_an_account_is_disabled_from_the_command_line(cli):
    cli("council", "create", "Northwick Town Council", "--clerk", "clerk@northwick.example")
    cli("council", "create", "Southwick Town Council", "--clerk", "clerk2@southwick.example")
    refused = cli("user", "disable", "clerk@northwick.example", ok=False)
    assert refused.stderr.strip().endswith("give someone else the clerk role first.")
    cli("demo")
    done = cli("user", "disable", "sam.tully@ashcombe.example")
    assert done.stdout.strip() == "sam.tully@ashcombe.example is disabled and signed out everywhere"
    missing = cli("user", "disable", "nobody@northwick.example", ok=False)
    assert (
        missing.stderr.strip()
        == "CommandError: no account with the address 'nobody@northwick.example'"
    )


def test_the_worker_fires_its_schedules_once(cli):
    result = cli("worker", "--once")
    assert result.returncode == 0

"""`councilguard identities` and `councilguard serve` end to end, each in a process of its own
on its own database, as an IT provider's script would run them (issue 12: both had no test)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from councilguard.testing.cli import command_runner

COUNCIL = "ferndale-parish-council"
PEOPLE = (
    "full_name,role,email\n"
    "Mia Stone,staff,mia@ferndale.example\n"
    "Ravi Patel,staff,ravi@ferndale.example\n"
)
GOOD = (
    "kind,value,person_email,valid_from,valid_to\n"
    "proxy_user,mstone,mia@ferndale.example,2026-01-05,\n"
    "ip,10.0.0.7,ravi@ferndale.example,2026-01-05 09:00,2026-02-01\n"
    "device,mia-laptop,mia@ferndale.example,2026-01-05,\n"
)
LEASES = """\
# dhcpd.leases
lease 10.0.0.42 {
  starts 1 2026/03/02 08:55:00;
  ends 1 2026/03/02 20:55:00;
  hardware ethernet 00:11:22:33:44:55;
  client-hostname "mia-laptop";
}
"""


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    run = command_runner(var)
    # Every migration from nothing: on a loaded machine this once took over two minutes.
    run("migrate", "--no-input", "-v", "0", timeout=600)
    run("council", "create", "Ferndale Parish Council", "--clerk", "clerk@ferndale.example")
    people = var / "people.csv"
    people.write_text(PEOPLE)
    run("people", "import", "--council", COUNCIL, str(people))
    return run


def _identities(cli) -> list[tuple[str, str, str, str | None]]:
    """The identities stored, read back through the database the command wrote."""
    import sqlite3

    with sqlite3.connect(cli.var / "cli.sqlite3") as db:
        rows = db.execute(
            "SELECT i.kind, i.value, e.address, i.valid_to FROM monitoring_identity i "
            "JOIN people_personemail e ON e.person_id = i.person_id "
            "ORDER BY i.kind, i.value"
        ).fetchall()
    return [(kind, value, address, valid_to) for kind, value, address, valid_to in rows]


def test_identities_import_is_all_or_nothing_with_line_numbers(cli, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kind,value,person_email,valid_from,valid_to\n"
        "proxy_user,mstone,mia@ferndale.example,2026-01-05,\n"
        "printer,hp-1,mia@ferndale.example,2026-01-05,\n"
        "ip,10.0.0.7,nobody@ferndale.example,2026-01-05,\n"
        "ip,not-an-address,ravi@ferndale.example,2026-01-05,\n"
    )
    result = cli("identities", "import", "--council", COUNCIL, str(bad), ok=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = result.stderr.strip().splitlines()
    # Every bad line named by its number; the good line 2 is not imported either.
    assert [line.split(": ")[1] for line in errors[:-1]] == ["line 3", "line 4", "line 5"]
    assert errors[-1] == f"CommandError: {bad}: nothing imported (3 problems)"
    assert _identities(cli) == []


def test_identities_import_then_the_same_file_again_changes_nothing(cli, tmp_path: Path):
    good = tmp_path / "identities.csv"
    good.write_text(GOOD)
    first = cli("identities", "import", "--council", COUNCIL, str(good))
    assert first.stdout.strip() == (f"{good}: 3 rows: added 3, changed 0, unchanged 0")
    assert _identities(cli) == [
        ("device", "mia-laptop", "mia@ferndale.example", None),
        ("ip", "10.0.0.7", "ravi@ferndale.example", "2026-02-01 00:00:00"),
        ("proxy_user", "mstone", "mia@ferndale.example", None),
    ]
    again = json.loads(
        cli("identities", "import", "--council", COUNCIL, str(good), "--json").stdout
    )
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert again["problems"] == []
    assert "intact" in cli("audit", "verify", COUNCIL).stdout


def test_a_dry_run_checks_and_saves_nothing(cli, tmp_path: Path):
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "kind,value,person_email,valid_from,valid_to\n"
        "phone,+447700900123,ravi@ferndale.example,2026-01-05,\n"
    )
    before = _identities(cli)
    result = cli("identities", "import", "--council", COUNCIL, str(extra), "--dry-run")
    assert result.stdout.strip() == f"{extra}: 1 rows: would add 1, changed 0, unchanged 0"
    assert _identities(cli) == before


def test_leases_become_addresses_of_whoever_held_the_device(cli, tmp_path: Path):
    devices = tmp_path / "devices.csv"
    devices.write_text(GOOD)
    cli("identities", "import", "--council", COUNCIL, str(devices))
    leases = tmp_path / "dhcpd.leases"
    leases.write_text(LEASES)
    result = cli("identities", "import-leases", "--council", COUNCIL, str(leases))
    assert result.stdout.strip() == f"{leases}: 1 rows: added 1, changed 0, unchanged 0"
    assert ("ip", "10.0.0.42", "mia@ferndale.example", "2026-03-02 20:55:00") in _identities(cli)


def test_leases_of_unknown_devices_are_refused_whole_with_their_lines(cli, tmp_path: Path):
    leases = tmp_path / "dhcpd.leases"
    leases.write_text(
        LEASES.replace("10.0.0.42", "10.0.0.43")
        + "lease 10.0.0.44 {\n  starts 1 2026/03/02 09:00:00;\n"
        '  client-hostname "stranger";\n}\n' + "lease 10.0.0.45 {\n  ends never;\n}\n"
    )
    before = _identities(cli)
    result = cli("identities", "import-leases", "--council", COUNCIL, str(leases), ok=False)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert errors[:-1] == [
        f"{leases}: line 12: a lease without a readable address or start",
    ]
    assert errors[-1] == f"CommandError: {leases}: nothing imported (1 problems)"
    assert _identities(cli) == before  # the good lease at line 2 was not taken either
    leases.write_text(
        LEASES.replace("mia-laptop", "stranger").replace("00:11:22:33:44:55", "aa:bb:cc:dd:ee:ff")
    )
    result = cli("identities", "import-leases", "--council", COUNCIL, str(leases), ok=False)
    assert result.stderr.strip().splitlines()[0] == (
        f"{leases}: line 2: 10.0.0.42: no device identity for aa:bb:cc:dd:ee:ff, stranger"
    )


def test_identities_for_an_unknown_council_or_a_missing_file_is_one_line(cli, tmp_path: Path):
    result = cli("identities", "import", "--council", "nowhere", str(tmp_path / "x.csv"), ok=False)
    assert result.stderr.strip().splitlines() == ["CommandError: no council called 'nowhere'"]
    result = cli("identities", "import", "--council", COUNCIL, str(tmp_path / "x.csv"), ok=False)
    assert result.stderr.strip().splitlines() == [
        f"CommandError: cannot read {tmp_path / 'x.csv'}: No such file or directory"
    ]


# --- serve -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a local URL)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serve_answers_pages_and_stops_cleanly(cli):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "councilguard.cli", "serve", "--port", str(port), "--workers", "1"],
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Until gunicorn listens (its worker loads the application on the first request).
        deadline = time.monotonic() + 90
        status, page = None, ""
        while time.monotonic() < deadline:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None, server.communicate()[1]
                time.sleep(0.2)
        assert status == 200
        assert "Sign in" in page
        # A council page needs a signed-in member: the sign-in page, not an error.
        status, page = _get(f"http://127.0.0.1:{port}/c/{COUNCIL}/audit/")
        assert status == 200 and "Sign in" in page
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert out.strip().splitlines()[0] == f"councilguard is serving on http://127.0.0.1:{port}/"
    assert "Traceback" not in err

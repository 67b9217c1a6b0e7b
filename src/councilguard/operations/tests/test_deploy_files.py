"""The files docs/deploy.md installs: the systemd units run the right commands as the right
user with the environment file, and verify with systemd where systemd-analyze is present."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
DEPLOY = ROOT / "deploy"
ENV_FILE = "/etc/councilguard/councilguard.env"
VENV = "/opt/councilguard/venv"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text())
    return parser


@pytest.mark.parametrize(
    "name, command",
    [
        ("councilguard-web.service", [f"{VENV}/bin/gunicorn", "councilguard.wsgi"]),
        ("councilguard-worker.service", [f"{VENV}/bin/councilguard", "worker"]),
    ],
)
def test_each_unit_runs_its_command_as_councilguard_with_the_environment_file(name, command):
    service = _unit(name)["Service"]
    assert shlex.split(service["ExecStart"])[: len(command)] == command
    assert service["User"] == service["Group"] == "councilguard"
    assert service["EnvironmentFile"] == ENV_FILE
    assert service["Restart"] in {"on-failure", "always"}
    assert service["WorkingDirectory"] == "/var/lib/councilguard"
    # Writes go only where docs/deploy.md makes folders for them.
    assert service["ProtectSystem"] == "strict"
    assert "/var/lib/councilguard" in service["ReadWritePaths"].split()
    assert _unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_the_web_server_listens_on_the_loopback_only_for_the_proxy():
    args = shlex.split(_unit("councilguard-web.service")["Service"]["ExecStart"])
    assert args[args.index("--bind") + 1] == "127.0.0.1:8000"
    assert "--access-logfile" not in args  # addresses and query strings stay out of the logs
    assert "reverse_proxy 127.0.0.1:8000" in (DEPLOY / "Caddyfile").read_text()


def test_the_worker_may_write_the_backups():
    service = _unit("councilguard-worker.service")["Service"]
    env = (DEPLOY / "councilguard.env.example").read_text()
    assert "COUNCILGUARD_BACKUP_DIR=/var/backups/councilguard" in env
    assert "/var/backups/councilguard" in service["ReadWritePaths"].split()


def test_the_environment_file_names_secret_files_and_holds_no_secret():
    env = dict(
        line.split("=", 1)
        for line in (DEPLOY / "councilguard.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["COUNCILGUARD_ENV"] == "production"
    for name in ("SECRET_KEY", "COUNCILGUARD_VAULT_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"):
        assert name not in env and env[f"{name}_FILE"].startswith("/etc/councilguard/")


@pytest.mark.requires(shutil.which("systemd-analyze"), "systemd-analyze is not installed")
@pytest.mark.parametrize("name", ["councilguard-web.service", "councilguard-worker.service"])
def test_systemd_verifies_the_unit(name, tmp_path):
    # The virtualenv running the tests stands in for /opt/councilguard/venv, so that
    # systemd-analyze finds the programs the units start.
    unit = tmp_path / name
    unit.write_text(
        (DEPLOY / name).read_text().replace(VENV, str(Path(sys.executable).parent.parent))
    )
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr

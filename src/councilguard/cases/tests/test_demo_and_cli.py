"""The demo council has an open case in formal investigation built from two findings, with
evidence, a hold and one export; the command line lists and exports cases."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.cases.models import Case
from councilguard.core.demo import DEMO_SLUG, load_demo


def test_the_demo_has_a_case_in_formal_investigation(db, data_dir):
    load_demo()
    case = Case.objects.get(council__slug=DEMO_SLUG)
    assert case.stage == "formal_investigation"
    assert case.findings.count() == 2
    assert case.evidence.count() == 4  # two findings, interview notes, a sign-in log
    subject = case.subjects.get()
    assert subject.person.full_name == "Lucy Ferris"
    assert subject.hold is not None and subject.hold.released_at is None
    assert subject.told_at is not None
    assert case.investigator.user.email == "operations@ashcombe.example"
    assert case.exports.count() == 1


def test_the_command_lists_and_exports_a_case(db, data_dir, tmp_path, capsys):
    load_demo()
    case = Case.objects.get(council__slug=DEMO_SLUG)
    call_command("cases", "list", "--council", DEMO_SLUG, "--json")
    rows = json.loads(capsys.readouterr().out)
    assert [r["reference"] for r in rows] == [case.reference]
    assert rows[0]["stage"] == "Formal investigation"
    assert rows[0]["about"] == ["Lucy Ferris"]
    out = tmp_path / "bundle.zip"
    call_command(
        "cases",
        "export",
        "--council",
        DEMO_SLUG,
        case.reference,
        "--recipient",
        "Ann Wells, Wells & Co",
        "--reason",
        "Second opinion on the findings",
        "--out",
        str(out),
    )
    assert (
        f"adviser bundle of {case.reference} for Ann Wells, Wells & Co" in capsys.readouterr().out
    )
    with zipfile.ZipFile(out) as bundle:
        assert json.loads(bundle.read("manifest.json"))["recipient"] == "Ann Wells, Wells & Co"
    entry = AuditEntry.objects.filter(event=Event.CASE_EXPORTED).latest("sequence")
    assert entry.actor_label == "the command line"
    with pytest.raises(CommandError, match="no case 'C-1999-001' in ashcombe"):
        call_command(
            "cases", "export", "--council", DEMO_SLUG, "C-1999-001",
            "--recipient", "X", "--reason", "Advice", "--out", str(out),
        )  # fmt: skip
    with pytest.raises(CommandError, match="no council called 'nowhere'"):
        call_command("cases", "list", "--council", "nowhere")

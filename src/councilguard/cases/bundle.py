"""The adviser bundle (B 5.1.2): what an outside legal adviser needs to advise on a case, and no
one else's identity. A ZIP of a PDF summary (the case, its timeline, the allegations with their
clauses, the findings with their sentences, the evidence with its hashes), the extracts as CSV,
the documents, the notes, and ``manifest.json`` with the SHA-256 of every file and the audit
chain's head. Everyone but the case's subjects is replaced by a stable pseudonym ("[person 2]")
through the disclosure engine's Redactor. Each export is a disclosure record, audited."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import ChainHead
from councilguard.cases.models import Case, CaseExport, Evidence
from councilguard.cases.services import CaseError, _text
from councilguard.cases.timeline import timeline
from councilguard.core import personal_data
from councilguard.core.personal_data import Subject
from councilguard.disclosure.engine import store_dir
from councilguard.disclosure.models import Disclosure
from councilguard.disclosure.redaction import Redactor

TEXT_TYPES = ("text/plain", "text/csv", "message/rfc822")


def redactor_for(case: Case) -> Redactor:
    """Pseudonyms for everyone but the case's subjects (who are what the case is about)."""
    subjects = list(case.subjects.select_related("person"))
    first = subjects[0].person
    keep = frozenset(f"p:{s.person_id}" for s in subjects)
    known = list(personal_data.identifiers(case.council))
    return Redactor(Subject(case.council, first, first.user), known, keep, pseudonymise=True)


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:60] or "item"


def _evidence_file(number: int, item: Evidence) -> str:
    if item.file_name:
        return f"evidence/{number:02d}-{_safe_name(item.file_name)}"
    return f"evidence/{number:02d}-{_safe_name(item.get_kind_display())}.txt"


def summary_html(case: Case, redactor: Redactor, files: list[dict]) -> str:
    """The summary's HTML, every value passed through the redactor."""
    r = redactor.text
    findings = [
        {
            "summary": r(f.summary),
            "clause": f.clause_reference,
            "period": f"{f.period_start:%-d %b %Y} to {f.period_end:%-d %b %Y}",
            "explanation": r(f.explanation),
        }
        for f in case.findings.all()
    ]
    moments = [
        {"at": m.at, "what": r(m.what), "who": r(m.who), "detail": r(m.detail)}
        for m in timeline(case)
    ]
    return render_to_string(
        "cases/adviser_summary.html",
        {
            "case": case,
            "title": r(case.title),
            "allegation": r(case.allegation),
            "terms": r(case.terms_of_reference),
            "investigation": r(case.investigation_findings),
            "outcome_reason": r(case.outcome_reason),
            "investigator": r(case.investigator.user.email) if case.investigator else "",
            "subjects": [s.person.full_name for s in case.subjects.select_related("person")],
            "findings": findings,
            "timeline": moments,
            "files": files,
        },
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    return HTML(string=html).write_pdf()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Exported:
    export: CaseExport
    path: Path


def export_case(case: Case, *, recipient: str, reason: str, actor: Actor) -> Exported:
    """Build the bundle, keep it with the disclosures, and record to whom and why."""
    recipient = _text(recipient, "recipient (name and firm)")[:200]
    reason = _text(reason, "reason for the export")
    case = Case.objects.get(pk=case.pk)
    redactor = redactor_for(case)
    files: dict[str, bytes] = {}
    listed: list[dict] = []
    for number, item in enumerate(case.evidence.all(), start=1):
        name = _evidence_file(number, item)
        data = bytes(item.content)
        pseudonymised = item.content_type in TEXT_TYPES
        if pseudonymised:
            data = redactor.text(data.decode("utf-8", errors="replace")).encode()
        files[name] = data
        listed.append(
            {
                "name": name,
                "title": redactor.text(item.title),
                "kind": item.get_kind_display(),
                "evidence_sha256": item.sha256,
                "sha256": _sha(data),
                "pseudonymised": pseudonymised,
            }
        )
    accounts = "\n\n".join(
        f"{s.person.full_name} ({s.account_at:%Y-%m-%d %H:%M}):\n{redactor.text(s.account)}"
        for s in case.subjects.select_related("person")
        if s.account
    )
    if accounts:
        files["accounts.txt"] = (accounts + "\n").encode()
        listed.append(
            {
                "name": "accounts.txt",
                "title": "The subjects' accounts",
                "sha256": _sha(files["accounts.txt"]),
            }
        )
    files["summary.pdf"] = _pdf(summary_html(case, redactor, listed))
    folder = store_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written: Path | None = None
    try:
        with transaction.atomic():
            head = ChainHead.objects.filter(council=case.council).first()
            manifest = {
                "case": case.reference,
                "recipient": recipient,
                "reason": reason,
                "built_at": timezone.now().isoformat(timespec="seconds"),
                "audit_chain": {
                    "sequence": head.sequence if head else 0,
                    "head": head.entry_hash if head else "",
                },
                "files": [{"name": n, "sha256": _sha(d)} for n, d in sorted(files.items())],
                "evidence": listed,
                "other_people_pseudonymised": len(redactor.found),
            }
            disclosure = Disclosure(council=case.council)
            file_name = f"{disclosure.public_id}.zip"
            with (
                tempfile.NamedTemporaryFile(dir=folder, suffix=".partial", delete=False) as tmp,
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle,
            ):
                for name, data in sorted(files.items()):
                    bundle.writestr(name, data)
                bundle.writestr("manifest.json", json.dumps(manifest, indent=2))
            os.replace(tmp.name, folder / file_name)
            written = folder / file_name
            content = written.read_bytes()
            first = case.subjects.select_related("person").first()
            disclosure.purpose = f"Adviser bundle of case {case.reference} for {recipient}"[:300]
            disclosure.subject = first.person if first else None
            disclosure.subject_label = first.person.full_name if first else ""
            disclosure.built_at = timezone.now()
            disclosure.built_by_label = actor.label[:200]
            disclosure.manifest = manifest
            disclosure.chain_sequence = manifest["audit_chain"]["sequence"]
            disclosure.chain_head = manifest["audit_chain"]["head"]
            disclosure.sha256 = _sha(content)
            disclosure.size_bytes = len(content)
            disclosure.file_name = file_name
            disclosure.save()
            export = CaseExport.objects.create(
                case=case,
                disclosure=disclosure,
                recipient=recipient,
                reason=reason,
                exported_at=disclosure.built_at,
                exported_by_label=actor.label[:200],
            )
            audit.record(
                case.council,
                Event.CASE_EXPORTED,
                actor=actor,
                target=case,
                summary=f"{case.reference}: bundle for {recipient}",
                changes={"recipient": recipient, "reason": reason, "sha256": disclosure.sha256},
            )
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return Exported(export, written)


def export_path(export: CaseExport) -> Path:
    return store_dir() / export.disclosure.file_name


__all__ = ["CaseError", "export_case", "export_path", "redactor_for", "summary_html"]

"""The one disclosure engine (DESIGN 18): gather what every app declares about a person, leave
out what is withheld, redact or pseudonymise everyone else, write one CSV per source with a
manifest of SHA-256 hashes and the audit-chain head, and record the disclosure with its audit
entry. Subject access (rights) uses it; an adviser's bundle (cases) will too.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import ChainHead
from councilguard.core import personal_data
from councilguard.core.personal_data import Section, Subject
from councilguard.disclosure.models import Disclosure
from councilguard.disclosure.redaction import Redactor

CHUNK = 1 << 20
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Withheld:
    """An item kept out, under a named exemption (DPA 2018 Sch 2), with the reason."""

    exemption: str
    reason: str


@dataclass
class Item:
    """One source as it went into the bundle (or was kept out)."""

    app: str
    key: str
    title: str
    rows: int
    purpose: str
    recipients: str
    retention: str
    origin: str
    file: str = ""
    sha256: str = ""
    withheld: Withheld | None = None
    erasable: bool = False


@dataclass
class Built:
    disclosure: Disclosure
    items: list[Item]
    others: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (name, values)

    @property
    def path(self) -> Path:
        return store_dir() / self.disclosure.file_name


def store_dir() -> Path:
    return Path(settings.DATA_DIR) / "disclosures"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_csv(section: Section, redactor: Redactor, path: Path) -> int:
    """One source as a CSV file. A lazy source (millions of events) streams from the event
    store to the file without being held in memory whole."""
    import polars as pl

    if isinstance(section.frame, pl.LazyFrame):
        lazy = section.lazy()
        redactor.lazy(lazy).sink_csv(path, datetime_format=DATETIME_FORMAT)
        return section.count
    frame = redactor.frame(section.to_frame())
    frame.write_csv(path, datetime_format=DATETIME_FORMAT)
    return frame.height


def build(
    subject: Subject,
    *,
    purpose: str,
    actor: Actor,
    withheld: dict[str, Withheld] | None = None,
    disclosed: frozenset[str] = frozenset(),
    pseudonymise: bool = False,
    letter: Callable[[list[Item]], bytes] | None = None,
    letter_name: str = "letter.pdf",
) -> Built:
    """Build the bundle as a ZIP under DATA_DIR/disclosures and record it. ``withheld`` maps a
    source's key to its exemption; ``disclosed`` are other people (owner keys) not to redact."""
    withheld = withheld or {}
    redactor = Redactor(
        subject, list(personal_data.identifiers(subject.council)), disclosed, pseudonymise
    )
    folder = store_dir()
    folder.mkdir(parents=True, exist_ok=True)
    items: list[Item] = []
    with tempfile.TemporaryDirectory(dir=folder) as work:
        work = Path(work)
        for config, section in personal_data.gather(subject):
            item = Item(
                app=str(config.verbose_name),
                key=section.key,
                title=section.title,
                rows=0,
                purpose=section.purpose,
                recipients=section.recipients,
                retention=section.retention,
                origin=section.origin,
                withheld=withheld.get(section.key),
                erasable=section.erasable,
            )
            if item.withheld is None:
                item.file = f"{section.key}.csv"
                item.rows = _write_csv(section, redactor, work / item.file)
                item.sha256 = _sha256(work / item.file)
            else:
                item.rows = section.count
            items.append(item)
        if letter is not None:
            (work / letter_name).write_bytes(letter(items))
        written = None
        try:
            with transaction.atomic():
                head = ChainHead.objects.filter(council=subject.council).first()
                manifest = {
                    "purpose": purpose,
                    "subject": subject.person.full_name if subject.person else "",
                    "built_at": timezone.now().isoformat(timespec="seconds"),
                    "audit_chain": {
                        "sequence": head.sequence if head else 0,
                        "head": head.entry_hash if head else "",
                    },
                    "files": [
                        {"name": i.file, "title": i.title, "rows": i.rows, "sha256": i.sha256}
                        for i in items
                        if i.file
                    ]
                    + (
                        [
                            {
                                "name": letter_name,
                                "title": "Covering letter",
                                "sha256": _sha256(work / letter_name),
                            }
                        ]
                        if letter is not None
                        else []
                    ),
                    "withheld": [
                        {
                            "title": i.title,
                            "exemption": i.withheld.exemption,
                            "reason": i.withheld.reason,
                        }
                        for i in items
                        if i.withheld
                    ],
                    "other_people_redacted": sum(1 for _ in redactor.found),
                }
                (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
                public = Disclosure(council=subject.council)  # for its new id
                file_name = f"{public.public_id}.zip"
                partial = folder / f"{file_name}.partial"
                with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
                    for entry in sorted(work.iterdir()):
                        bundle.write(entry, entry.name)
                os.replace(partial, folder / file_name)
                written = folder / file_name
                disclosure = Disclosure.objects.create(
                    council=subject.council,
                    public_id=public.public_id,
                    purpose=purpose,
                    subject=subject.person,
                    subject_label=subject.person.full_name if subject.person else "",
                    built_at=timezone.now(),
                    built_by_label=actor.label,
                    manifest=manifest,
                    chain_sequence=manifest["audit_chain"]["sequence"],
                    chain_head=manifest["audit_chain"]["head"],
                    sha256=_sha256(folder / file_name),
                    size_bytes=(folder / file_name).stat().st_size,
                    file_name=file_name,
                )
                audit.record(
                    subject.council,
                    Event.DISCLOSURE_RECORDED,
                    actor=actor,
                    target=disclosure,
                    summary=f"{purpose}: {len(manifest['files'])} files, "
                    f"{len(manifest['withheld'])} withheld",
                    changes={
                        "sha256": disclosure.sha256,
                        "chain_sequence": disclosure.chain_sequence,
                    },
                )
        except BaseException:
            # Nothing half-done: a bundle whose record did not commit is not kept.
            if written is not None:
                written.unlink(missing_ok=True)
            raise
    others = {key: (redactor.names.get(key, ""), n) for key, n in redactor.found.items()}
    return Built(disclosure, items, others)


def open_bundle(disclosure: Disclosure):
    return open(store_dir() / disclosure.file_name, "rb")

"""What a restore must bring back, read the same way from the deployment backed up and from
the one restored (the second in a separate process, on its own database and data directory)."""

from __future__ import annotations

import hashlib
from collections import Counter

import pyarrow.parquet as pq

from councilguard.audit.models import ChainHead
from councilguard.core.models import Council
from councilguard.monitoring import categories, eventstore
from councilguard.monitoring.models import Finding, IngestBatch
from councilguard.people.models import Person
from councilguard.vault import crypto
from councilguard.vault.models import VaultEntry
from councilguard.vault.services import current_kek


def fingerprint() -> dict:
    kek = current_kek()
    result: dict = {"councils": {}, "categories": categories.known_categories()}
    for council in Council.objects.order_by("slug"):
        head = ChainHead.objects.filter(council=council).first()
        events: dict[str, Counter] = {}
        for kind in sorted(set(IngestBatch.objects.filter(council=council).values_list(
            "source__kind", flat=True
        ))):  # fmt: skip
            per_day: Counter = Counter()
            for path in eventstore.files(council, kind):
                per_day[path.parent.name] += pq.ParquetFile(path).metadata.num_rows
            events[kind] = dict(sorted(per_day.items()))
        result["councils"][council.slug] = {
            "audit_head": [head.sequence, head.entry_hash] if head else None,
            "people": sorted(
                [p.full_name, p.kind, sorted(e.address for e in p.emails.all())]
                for p in Person.objects.in_council(council).prefetch_related("emails")
            ),
            "findings": sorted(
                [
                    f.person.full_name,
                    f.source_kind,
                    f.rule_kind,
                    f.period_start.isoformat(),
                    f.status,
                    f.summary,
                ]
                for f in Finding.objects.in_council(council).select_related("person")
            ),
            "events_per_day": events,
            # A digest of each secret as the key opens it: the same secrets, none printed.
            "vault": sorted(
                [
                    e.name,
                    hashlib.sha256(
                        crypto.unseal(e.sealed, kek=kek, context=e.context).encode()
                    ).hexdigest(),
                ]
                for e in VaultEntry.objects.in_council(council)
            ),
        }
    return result

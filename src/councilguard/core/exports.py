"""CSV downloads of lists: formula cells guarded, and every export recorded in the audit trail
(DESIGN 5: exports are audited, not only writes)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.csvkit import column_heading, guard_cell


def audited_csv_export(
    request: HttpRequest,
    *,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    event: Event,
) -> HttpResponse:
    """A download named ``<council>-<name>-<date>.csv`` of ``rows``, audited as ``event``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{request.council.slug}-{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    # Headings in words ("Full name"); an import reads them back (csvkit.column_key).
    writer.writerow(column_heading(name) if name.islower() else name for name in header)
    count = 0
    for row in rows:
        writer.writerow(guard_cell("" if value is None else str(value)) for value in row)
        count += 1
    with transaction.atomic():
        audit.record(
            request.council,
            event,
            actor=Actor.for_request(request),
            summary=f"{count} {name} exported as CSV",
        )
    return response

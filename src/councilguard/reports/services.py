"""The committee pack (C27, DESIGN 14): every app's section for the month, then the audit
chain head with the result of verifying the chain when printed, as one PDF made by WeasyPrint
from the same HTML a browser shows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import ChainHead
from councilguard.core.charts import bar_chart_svg
from councilguard.core.contributions import Period, Section, committee_sections
from councilguard.core.models import Council
from councilguard.reports.models import CommitteePack
from councilguard.reports.periods import month_period


@dataclass(frozen=True)
class ChainState:
    sequence: int
    hash: str
    intact: bool
    verdict: str


def chain_state(council: Council) -> ChainState:
    """The council's chain head and the result of verifying the whole chain now."""
    report = audit.verify_chain(council)
    head = ChainHead.objects.filter(council=council).first()
    sequence = head.sequence if head else 0
    entry_hash = head.entry_hash if head else report.head_hash
    verdict = (
        f"Intact: all {report.entries} entries verified."
        if report.ok
        else f"Broken: {report.first_break.reason} at entry {report.first_break.sequence}."
    )
    return ChainState(sequence, entry_hash, report.ok, verdict)


def pack_html(council: Council, period: Period, *, printed_at: datetime) -> tuple[str, ChainState]:
    sections = committee_sections(council, period)
    # The chain is read last, so the head covers everything the sections were built from.
    chain = chain_state(council)
    html = render_to_string(
        "reports/committee_pack.html",
        {
            "council": council,
            "period": period,
            "printed_at": timezone.localtime(printed_at),
            "sections": [_rendered(s, i) for i, s in enumerate(sections)],
            "chain": chain,
        },
    )
    return html, chain


def _rendered(section: Section, index: int) -> dict:
    return {
        "section": section,
        "charts": [
            (c.title, bar_chart_svg(c, f"chart-{index}-{n}")) for n, c in enumerate(section.charts)
        ],
    }


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango, which no other page needs.
    from weasyprint import HTML

    # Tagged PDF (PDF/UA): headings, tables and reading order a screen reader can follow.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def make_committee_pack(council: Council, month: date, *, actor: Actor) -> CommitteePack:
    """Print the month's pack and keep it, recording in the audit trail that it was made and
    which chain head it printed (its own entry comes after that head). The printing happens
    outside the transaction, so writers are not held up while WeasyPrint lays out pages."""
    now = timezone.now()
    html, chain = pack_html(council, month_period(month), printed_at=now)
    pdf = render_pdf(html)
    return _keep(council, month, pdf, chain, actor=actor, now=now)


@transaction.atomic
def _keep(
    council: Council, month: date, pdf: bytes, chain: ChainState, *, actor: Actor, now: datetime
) -> CommitteePack:
    pack = CommitteePack.objects.create(
        council=council,
        month=month,
        made_at=now,
        made_by_label=actor.label[:200],
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        chain_sequence=chain.sequence,
        chain_hash=chain.hash,
        chain_intact=chain.intact,
    )
    audit.record(
        council,
        Event.COMMITTEE_PACK_MADE,
        actor=actor,
        target=pack,
        summary=f"Committee pack for {month:%B %Y}",
        changes={
            "sha256": pack.sha256,
            "chain_sequence": chain.sequence,
            "chain_hash": chain.hash,
            "chain_intact": chain.intact,
        },
    )
    return pack

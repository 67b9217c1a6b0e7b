"""The rules' rows as findings: one per person, rule and UK week (Monday to Sunday), with a
sentence carrying its numbers and the clause it applies (DESIGN 6)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import ibis
import polars as pl

from councilguard.mail import rules
from councilguard.mail.rules import Thresholds


@dataclass
class FindingData:
    person: int
    kind: str
    week: date
    sentence: str
    clause: str
    severity: str
    evidence: dict = field(default_factory=dict)

    @property
    def period(self) -> tuple[date, date]:
        return self.week, self.week + timedelta(days=6)


def _week(week: date) -> str:
    return f"the week of {week.day} {week:%B %Y}"


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n:,} {word}"
    return f"{n:,} {word}" + ("es" if word.endswith("s") else "s")


def _grouped(
    table: ibis.Table | pl.DataFrame, value: str
) -> dict[tuple[int, date], dict[str, int]]:
    """{(person, week): {item: number}} from a rule's rows (a query, or rows already fetched)."""
    frame = table if isinstance(table, pl.DataFrame) else table.to_polars()
    found: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    for row in frame.iter_rows(named=True):
        week = row["week"]
        week = week.date() if hasattr(week, "date") and callable(week.date) else week
        key = (int(row["person"]), week)
        item = str(row.get("address") or row.get("item") or row.get("day") or "")
        found[key][item] = found[key].get(item, 0) + int(row[value])
    return found


def _items(items: dict[str, int], limit: int = 5) -> str:
    ranked = sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{name} ({n:,})" for name, n in ranked[:limit])
    return shown + (f" and {len(ranked) - limit:,} more" if len(ranked) > limit else "")


def mail_findings(messages: ibis.Table, th: Thresholds) -> list[FindingData]:
    found = []
    # One query for both rules: the per-address grouping is computed once and split here.
    per_address = rules.personal_mail(messages, th).to_polars()
    personal = per_address.filter(~pl.col("bulk"))
    sent_out = per_address.filter(pl.col("bulk"))
    clause = rules.personal_use_clause(th.not_permitted)
    for (person, week), items in _grouped(personal, "messages").items():
        total = sum(items.values())
        if th.not_permitted:
            rule = "personal use of council e-mail is not permitted"
        elif total > th.personal_messages_per_week:
            rule = (
                f"more than the {_plural(th.personal_messages_per_week, 'message')} a week the "
                "council allows as reasonable personal use"
            )
        else:
            continue
        found.append(
            FindingData(
                person, rules.PERSONAL_USE, week,
                f"Sent {_plural(total, 'message')} from the council account to "
                f"{_plural(len(items), 'personal address')} in {_week(week)}: {rule}. "
                f"Addresses: {_items(items)}.",
                clause, "low", {"messages": total, "addresses": items},
            )
        )  # fmt: skip
    for (person, week), items in _grouped(sent_out, "messages").items():
        total = sum(items.values())
        if total < th.forward_messages_per_week:
            continue
        found.append(
            FindingData(
                person, rules.SENT_TO_PERSONAL, week,
                f"Sent {_plural(total, 'message')} of council mail to their own or personal "
                f"webmail addresses in {_week(week)} (the council looks at "
                f"{th.forward_messages_per_week:,} or more a week): {_items(items)}.",
                rules.CLAUSES[rules.SENT_TO_PERSONAL], "medium",
                {"messages": total, "addresses": items},
            )
        )  # fmt: skip
    for (person, week), items in _grouped(
        rules.business_from_personal(messages), "messages"
    ).items():
        total = sum(items.values())
        if total < th.business_from_personal_per_week:
            continue
        found.append(
            FindingData(
                person, rules.BUSINESS_FROM_PERSONAL, week,
                f"Wrote {_plural(total, 'message')} from their personal address to council "
                f"addresses in {_week(week)} (the council looks at "
                f"{th.business_from_personal_per_week:,} or more a week): council business "
                f"belongs on the council account. To: {_items(items)}.",
                rules.CLAUSES[rules.BUSINESS_FROM_PERSONAL], "medium",
                {"messages": total, "addresses": items},
            )
        )  # fmt: skip
    for (person, week), items in _grouped(rules.auto_forwarded(messages, th), "messages").items():
        total = sum(items.values())
        if total < th.auto_forward_messages:
            continue
        found.append(
            FindingData(
                person, rules.AUTO_FORWARD, week,
                f"{_plural(total, 'message')} received by the council account went on "
                f"automatically (within {th.auto_forward_minutes:,} minutes, or by a mailbox "
                f"rule) to outside addresses in {_week(week)}: {_items(items)}.",
                rules.CLAUSES[rules.AUTO_FORWARD], "high",
                {"messages": total, "addresses": items},
            )
        )  # fmt: skip
    return found


def signin_findings(signins: ibis.Table, th: Thresholds) -> list[FindingData]:
    found = []
    for (person, week), items in _grouped(rules.single_factor(signins), "count").items():
        total = sum(items.values())
        found.append(
            FindingData(
                person, rules.SINGLE_FACTOR, week,
                f"{_plural(total, 'successful sign-in')} in {_week(week)} passed with a password "
                f"alone, without multi-factor authentication: {_items(items)}.",
                rules.CLAUSES[rules.SINGLE_FACTOR], "medium",
                {"sign_ins": total, "applications": items},
            )
        )  # fmt: skip
    for (person, week), days in _grouped(rules.failures_by_day(signins, th), "count").items():
        worst = max(days.values())
        found.append(
            FindingData(
                person, rules.FAILED, week,
                f"Failed to sign in {worst:,} times in one day in {_week(week)} "
                f"({_plural(len(days), 'day')} with {th.failed_signins_per_day:,} or more "
                f"failures): {_items(days)}.",
                rules.CLAUSES[rules.FAILED], "medium",
                {"most_in_a_day": worst, "days": days},
            )
        )  # fmt: skip
    for (person, week), items in _grouped(rules.unexpected_countries(signins, th), "count").items():
        total = sum(items.values())
        found.append(
            FindingData(
                person, rules.COUNTRY, week,
                f"{_plural(total, 'successful sign-in')} in {_week(week)} came from outside the "
                f"countries the council expects ({', '.join(th.allowed_countries)}): "
                f"{_items(items)}.",
                rules.CLAUSES[rules.COUNTRY], "high",
                {"sign_ins": total, "countries": items},
            )
        )  # fmt: skip
    for (person, week), items in _grouped(rules.legacy_protocols(signins), "count").items():
        total = sum(items.values())
        found.append(
            FindingData(
                person, rules.LEGACY, week,
                f"{_plural(total, 'sign-in')} in {_week(week)} used legacy protocols that "
                f"cannot ask for a second factor: {_items(items)}.",
                rules.CLAUSES[rules.LEGACY], "medium",
                {"sign_ins": total, "clients": items},
            )
        )  # fmt: skip
    return found


def as_table(frame: pl.DataFrame) -> ibis.Table:
    """A prepared frame for the default engine (DuckDB)."""
    return ibis.memtable(frame.to_arrow())

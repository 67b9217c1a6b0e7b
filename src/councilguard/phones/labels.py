"""The phone measures in words, for sentences and pages: kept apart from the analysis so the
pages that show findings need not load Ibis."""

from __future__ import annotations

METRIC_LABELS = {
    "calls": "Calls",
    "minutes": "Call minutes",
    "texts": "Texts",
    "data": "Data",
    "cost": "Cost",
}


def format_amount(metric: str, value: float) -> str:
    if metric == "data":
        gb = value / 1024**3
        return f"{gb:.1f} GB" if gb >= 0.1 else f"{value / 1024**2:.0f} MB"
    if metric == "cost":
        return f"£{value / 100:,.2f}"
    shown = f"{value:,.0f}"
    if metric == "minutes":
        return f"{shown} minute{'' if shown == '1' else 's'}"
    # "1 call", "1 text": the measure's name is plural.
    return f"{shown} {metric[:-1] if shown == '1' else metric}"

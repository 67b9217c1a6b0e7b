"""What personal use the council allows, in the person's own words, beside what is monitored
(C18): the council's monitoring thresholds read as allowances, each citing its clause."""

from __future__ import annotations

from councilguard.core.models import Council


def personal_use_words(council: Council) -> list[str]:
    from councilguard.monitoring.models import MonitoringSettings
    from councilguard.monitoring.rules import (
        CLAUSES,
        PERSONAL_IN_HOURS,
        PERSONAL_OUT_OF_HOURS,
        SOCIAL_IN_HOURS,
    )

    stored = MonitoringSettings.objects.filter(council=council).first() or MonitoringSettings()
    return [
        f"Outside your working hours you may make reasonable personal use of the council's "
        f"internet; more than {stored.personal_minutes_per_day} minutes of personal browsing "
        f"on a day is looked at ({CLAUSES[PERSONAL_OUT_OF_HOURS]}).",
        f"During your working hours, more than {stored.personal_minutes_in_hours} minutes of "
        f"personal browsing on a day is looked at ({CLAUSES[PERSONAL_IN_HOURS]}).",
        f"Personal social media is not allowed during your working hours "
        f"({CLAUSES[SOCIAL_IN_HOURS]}).",
        "Calls, look-ups and sites that are protected (below) are never shown to anyone who "
        "reviews monitoring; they count only in totals, such as the month's phone bill.",
    ]

"""What the vault puts on the dashboard and in reminders (B 4.1.4, C26, C27): entries whose
password is due to be changed, for their owner and the clerk."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse

from councilguard.core.contributions import Urgency, WaitingItem, urgency_of
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.vault.models import VaultEntry

# An owner is reminded this long before a scheduled change falls due.
ROTATION_NOTICE = timedelta(days=14)


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """One query: the live entries with a schedule or a flag that this member looks after (the
    owner; the clerk every entry). A council keeps tens of entries, so the dates are compared
    here rather than in SQL."""
    council = membership.council
    entries = VaultEntry.objects.in_council(council).live()
    entries = entries.filter(Q(rotation_days__isnull=False) | ~Q(rotation_flag=""))
    if not membership.can(Action.MANAGE_VAULT):
        if person is None:
            return []
        entries = entries.filter(owner=person)
    items = []
    for entry in entries:
        url = reverse("vault:entry_detail", kwargs={"council": council.slug, "pk": entry.pk})
        if entry.rotation_flag:
            # B 4.1.4: change it at once when compromise is suspected.
            flagged = entry.rotation_flagged_at or entry.updated_at
            items.append(
                WaitingItem(
                    key=f"vault.change_now:{entry.pk}",
                    title=f"Change the password of {entry.name} now "
                    f"({entry.get_rotation_flag_display().lower()})",
                    url=url,
                    deadline=flagged,
                    urgency=Urgency.OVERDUE,
                    since=flagged,
                    remind_from=flagged,
                )
            )
            continue
        due = entry.rotation_due_at
        if due is None or due - now > ROTATION_NOTICE:
            continue
        items.append(
            WaitingItem(
                key=f"vault.rotate:{entry.pk}",
                title=f"Change the password of {entry.name}" + (" (overdue)" if due < now else ""),
                url=url,
                deadline=due,
                urgency=urgency_of(due, now, ROTATION_NOTICE),
                since=entry.last_rotated_at,
                remind_from=due - ROTATION_NOTICE,
                remind_every=timedelta(days=7) if due > now else timedelta(days=1),
            )
        )
    return items

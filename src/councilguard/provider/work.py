"""What waits for an IT provider across the councils it serves (C29, C30).

Each council's items come from ``core.contributions.waiting_across`` for the provider's own
memberships, so the page shows exactly what the dashboard of each council would, and never more
than the IT provider role may see. Three checks only a provider's page needs are added, each
one query across all the provider's councils: lost or stolen devices still to wipe or whose
number is still to cancel, sources whose logs have stopped arriving, and uploads that failed or
had lines refused.

Cost: the same number of queries for 3 councils as for 40, whatever their size, while the
provider is not on the councils' people lists (the apps that give an IT provider work answer
for all its councils at once: devices, cases); an app with items for a person on the list that
does not yet declare ``waiting_items_across`` adds its queries per council.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from councilguard.core import contributions
from councilguard.core.contributions import Urgency, WaitingItem, sort_key, urgency_of
from councilguard.core.models import Council, Membership
from councilguard.core.roles import Action, serves_many_councils
from councilguard.devices.models import DeviceStatus, Task
from councilguard.monitoring.models import BatchStatus, IngestBatch, MonitoringSource, SourceKind

# A source is missing its log when nothing has come in for longer than this: daily logs may
# be a day late, a weekly inventory a day more, a monthly phone bill a few days more.
LOG_EXPECTED_WITHIN = {
    SourceKind.PROXY: timedelta(days=2),
    SourceKind.DNS: timedelta(days=2),
    SourceKind.EMAIL: timedelta(days=2),
    SourceKind.SIGNIN: timedelta(days=2),
    SourceKind.SOFTWARE: timedelta(days=8),
    SourceKind.PHONE: timedelta(days=35),
}
# What the source sends, in a sentence ("No DNS log has come in since ...").
LOG_WORDS = {
    SourceKind.PROXY: "web proxy log",
    SourceKind.DNS: "DNS log",
    SourceKind.EMAIL: "e-mail log",
    SourceKind.SIGNIN: "sign-in log",
    SourceKind.SOFTWARE: "software inventory",
    SourceKind.PHONE: "phone bill",
}
# The provider is told a day before a log is missing.
LOG_NOTICE = timedelta(days=1)
# Uploads with refused lines stay on the page this long; one still being written after an
# hour has stopped part-way (a batch is committed whole or not at all).
TROUBLED_UPLOAD_DAYS = timedelta(days=7)
STALLED_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class CouncilItem:
    """One waiting item and the council it is in."""

    council: Council
    item: WaitingItem


def provider_memberships(user) -> list[Membership]:
    """The user's memberships in which they serve as the IT provider, by council name."""
    memberships = Membership.objects.filter(user=user, user__is_active=True).select_related(
        "council"
    )
    return sorted(
        (m for m in memberships if serves_many_councils(m.role)), key=lambda m: m.council.name
    )


def waiting_across(user, now: datetime | None = None) -> list[CouncilItem]:
    """Everything waiting for ``user`` in the councils they serve, soonest deadline first."""
    now = now or timezone.now()
    memberships = provider_memberships(user)
    found = [CouncilItem(m.council, i) for m, i in contributions.waiting_across(memberships, now)]
    listed = {(ci.council.pk, ci.item.key) for ci in found}
    wipers = [m for m in memberships if m.can(Action.MANAGE_DEVICES)]
    # The dashboard lists these tasks to the clerk; a provider who also sees them there has
    # them once.
    found.extend(
        ci for ci in lost_devices(wipers, now) if (ci.council.pk, ci.item.key) not in listed
    )
    uploaders = [m for m in memberships if m.can(Action.UPLOAD_MONITORING)]
    found.extend(missing_logs(uploaders, now))
    found.extend(troubled_uploads(uploaders, now))
    return sorted(found, key=lambda ci: (*sort_key(ci.item), ci.council.name))


# A lost device's tasks are due a day after the loss (devices.services.report_loss); they are
# due soon from the moment they are made.
WIPE_NOTICE = timedelta(days=1)


def lost_devices(memberships: list[Membership], now: datetime) -> list[CouncilItem]:
    """Lost or stolen devices whose remote wipe or number cancellation is still to do (B 2.2.4:
    the wipe function is used; the line is stopped), in one query for all councils."""
    councils = {m.council_id: m.council for m in memberships}
    if not councils:
        return []
    tasks = Task.objects.filter(
        council_id__in=councils,
        done_at__isnull=True,
        person__isnull=True,
        device__status__in=[DeviceStatus.LOST, DeviceStatus.STOLEN],
    ).order_by("due_at", "pk")
    items = []
    for task in tasks:
        council = councils[task.council_id]
        items.append(
            CouncilItem(
                council,
                WaitingItem(
                    key=f"devices.task:{task.pk}",
                    title=task.title,
                    url=reverse(
                        "devices:device_detail",
                        kwargs={"council": council.slug, "pk": task.device_id},
                    ),
                    deadline=task.due_at,
                    urgency=urgency_of(task.due_at, now, WIPE_NOTICE),
                    since=task.created_at,
                ),
            )
        )
    return items


def missing_logs(memberships: list[Membership], now: datetime) -> list[CouncilItem]:
    """Sources set up for ingestion (every setting given) whose last committed upload is older
    than their kind allows; one query for all councils."""
    councils = {m.council_id: m.council for m in memberships}
    if not councils:
        return []
    # The owner with it: ``missing()`` reads it, which would be a query per source.
    sources = (
        MonitoringSource.objects.filter(council_id__in=councils)
        .select_related("owner")
        .annotate(
            last_upload=Max("batches__created_at", filter=Q(batches__status=BatchStatus.COMMITTED))
        )
    )
    items = []
    for source in sources:
        if source.missing():
            continue  # not yet ready to take logs: nothing can be late
        expected = LOG_EXPECTED_WITHIN.get(source.kind, timedelta(days=2))
        since = source.last_upload or source.updated_at
        deadline = since + expected
        if deadline - now > LOG_NOTICE:
            continue
        council = councils[source.council_id]
        label = LOG_WORDS.get(source.kind, "log")
        title = (
            f"No {label} has come in since {timezone.localtime(since):%-d %B %Y}"
            if source.last_upload
            else f"No {label} has come in yet"
        )
        items.append(
            CouncilItem(
                council,
                WaitingItem(
                    key=f"provider.missing_log:{source.pk}",
                    title=title,
                    url=reverse("monitoring:upload", kwargs={"council": council.slug}),
                    deadline=deadline,
                    urgency=urgency_of(deadline, now, LOG_NOTICE),
                    since=since,
                ),
            )
        )
    return items


def troubled_uploads(memberships: list[Membership], now: datetime) -> list[CouncilItem]:
    """Uploads of the last week with refused lines, and any stopped part-way; one query."""
    councils = {m.council_id: m.council for m in memberships}
    if not councils:
        return []
    batches = IngestBatch.objects.filter(council_id__in=councils).filter(
        Q(status=BatchStatus.COMMITTED, rejected__gt=0, created_at__gte=now - TROUBLED_UPLOAD_DAYS)
        | Q(status=BatchStatus.WRITING, created_at__lt=now - STALLED_AFTER)
    )
    items = []
    for batch in batches.order_by("created_at", "pk"):
        council = councils[batch.council_id]
        if batch.status == BatchStatus.WRITING:
            title = f"The upload of {batch.file_name} stopped part-way: send it again"
            urgency = Urgency.OVERDUE
        else:
            lines = "line" if batch.rejected == 1 else "lines"
            title = f"{batch.rejected} {lines} of {batch.file_name} could not be read"
            urgency = Urgency.WAITING
        items.append(
            CouncilItem(
                council,
                WaitingItem(
                    key=f"provider.upload:{batch.pk}",
                    title=title,
                    url=reverse(
                        "monitoring:batch_detail", kwargs={"council": council.slug, "pk": batch.pk}
                    ),
                    urgency=urgency,
                    since=batch.created_at,
                ),
            )
        )
    return items

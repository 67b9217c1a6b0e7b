"""What each app contributes to the dashboard and the reminders (DESIGN 17, C26, C27).

The centre knows no domain app. An app declares on its AppConfig, as dotted paths imported when
used:

- ``waiting_items``: ``items(membership, person, now) -> list[WaitingItem]``, the things
  waiting for that member (``person`` is the member's entry on the people list, or None: a role
  may be held with no entry). It must run a fixed number of queries whatever the council's size.
- ``reminder_recipients``: ``recipients(council, now) -> list[Recipient]``, for people the
  council reminds who hold no role in it (acknowledgements by people without an account).
- ``dashboard_charts``: ``charts(membership, now) -> list[GlanceChart]``, the app's part of
  "Compliance at a glance" on the dashboard, for the roles that oversee compliance and may see
  that data. Like ``waiting_items``, a fixed number of (aggregate) queries whatever the size.

``waiting_for`` collects the first for a member's dashboard, soonest deadline first; the reminder
engine collects both and mails what is due.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.apps import apps as django_apps
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string

from councilguard.core.models import Council, Membership
from councilguard.core.roles import Role


class Urgency(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    SOON = "soon", "Due soon"
    WAITING = "waiting", "Waiting"


URGENT = frozenset({Urgency.OVERDUE, Urgency.SOON})


@dataclass(frozen=True)
class WaitingItem:
    """One thing waiting for someone, in words, one link away."""

    # Stable for the thing it is about ("incidents.breach:12"); with the urgency it names a
    # reminder, so a clock that runs out is a new reminder even if the running one was sent.
    key: str
    title: str
    url: str
    deadline: datetime | None = None
    urgency: str = Urgency.WAITING
    # Since when it has waited: orders items without a deadline, oldest first.
    since: datetime | None = None
    # When reminders by e-mail start (None: never reminded) and how often they repeat.
    remind_from: datetime | None = None
    remind_every: timedelta = timedelta(days=1)

    @property
    def reminder_key(self) -> str:
        return f"{self.key}:{self.urgency}"

    @property
    def is_urgent(self) -> bool:
        return self.urgency in URGENT

    def urgency_label(self) -> str:
        return Urgency(self.urgency).label


@dataclass(frozen=True)
class Recipient:
    """Someone to remind who holds no role in the council."""

    email: str
    name: str
    items: list[WaitingItem]


def urgency_of(deadline: datetime | None, now: datetime, soon: timedelta) -> str:
    """Overdue past the deadline, due soon within ``soon`` of it, otherwise waiting."""
    if deadline is None:
        return Urgency.WAITING
    if deadline < now:
        return Urgency.OVERDUE
    return Urgency.SOON if deadline - now <= soon else Urgency.WAITING


def _declared(attribute: str) -> Iterator:
    for config in django_apps.get_app_configs():
        path = getattr(config, attribute, None)
        if path:
            yield import_string(path)


_FAR = datetime.max.replace(tzinfo=UTC)


def sort_key(item: WaitingItem) -> tuple:
    far = _FAR
    return (
        item.deadline is None,
        item.deadline or far,
        item.since or far,
        item.title,
    )


def waiting_for(membership: Membership, now: datetime | None = None) -> list[WaitingItem]:
    """Everything waiting for this member, soonest deadline first, then oldest first."""
    from councilguard.people.models import Person

    now = now or timezone.now()
    person = Person.objects.in_council(membership.council).filter(user=membership.user).first()
    items: list[WaitingItem] = []
    for provider in _declared("waiting_items"):
        items.extend(provider(membership, person, now))
    return sorted(items, key=sort_key)


def waiting_across(
    memberships: list[Membership], now: datetime | None = None
) -> list[tuple[Membership, WaitingItem]]:
    """``waiting_for`` of each of one user's memberships (one per council), with the membership
    each item is for: what the IT provider's page lists. An app that declares
    ``waiting_items_across`` (``items(pairs, now)``, pairs of a membership and its person, giving
    (membership, item) pairs) is asked once for all the councils, in the same queries as for
    one; any other app is asked council by council, so its cost grows with their number."""
    from councilguard.people.models import Person

    now = now or timezone.now()
    if not memberships:
        return []
    people: dict[int, Person] = {}
    users = {m.user_id for m in memberships}
    found = Person.objects.filter(
        user_id__in=users, council_id__in=[m.council_id for m in memberships]
    )
    for person in found:  # the first, as waiting_for finds it, when a council has two
        people.setdefault((person.council_id, person.user_id), person)
    pairs = [(m, people.get((m.council_id, m.user_id))) for m in memberships]
    items: list[tuple[Membership, WaitingItem]] = []
    for config in django_apps.get_app_configs():
        across = getattr(config, "waiting_items_across", None)
        one = getattr(config, "waiting_items", None)
        if across:
            items.extend(import_string(across)(pairs, now))
        elif one:
            provider = import_string(one)
            for membership, person in pairs:
                items.extend((membership, item) for item in provider(membership, person, now))
    return items


def reminder_recipients(council: Council, now: datetime) -> list[Recipient]:
    """People to remind who hold no role in the council, from every app that declares some."""
    recipients: list[Recipient] = []
    for provider in _declared("reminder_recipients"):
        recipients.extend(provider(council, now))
    return recipients


# --- report sections -----------------------------------------------------------------------
# An app declares ``committee_section = "dotted.path"``: section(council, period) -> Section or
# None, its part of the committee pack for that period, in aggregate (no one's name).


@dataclass(frozen=True)
class Period:
    """A reporting period: from ``start`` (inclusive) to ``end`` (exclusive), UK time."""

    start: datetime
    end: datetime
    label: str


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    # Columns holding numbers, aligned right.
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart, drawn as SVG with its figures as text beside each bar."""

    title: str
    bars: list[tuple[str, float, str]]  # label, value, the value in words ("83%")
    maximum: float | None = None


@dataclass(frozen=True)
class Section:
    title: str
    order: int
    paragraphs: list[str]
    tables: list[Table]
    charts: list[Bars]
    # Named figures a test or a reader can check against the database ("devices.lost": 2).
    figures: dict[str, int | float]

    @property
    def anchor(self) -> str:
        return "section-" + "".join(c if c.isalnum() else "-" for c in self.title.lower())


@dataclass(frozen=True)
class GlanceChart:
    """One chart of the dashboard's "Compliance at a glance": the bars, drawn as SVG, and the
    same figures as a table a screen reader can move through."""

    ident: str  # unique on the page, letters and hyphens
    order: int
    chart: Bars
    table: Table
    link_text: str = ""
    link_url: str = ""


# Who sees "Compliance at a glance" (C26): the clerk, and the data protection lead for the data
# its role may see; each app also checks the member may see its data.
GLANCE_ROLES = frozenset({Role.CLERK, Role.DP_LEAD})


# Ages of things still open, for "by age" charts: (label, from, to) with ``from`` inclusive.
AGE_BUCKETS: tuple[tuple[str, timedelta, timedelta | None], ...] = (
    ("Under a week", timedelta(0), timedelta(days=7)),
    ("1 to 4 weeks", timedelta(days=7), timedelta(days=28)),
    ("Over 4 weeks", timedelta(days=28), None),
)


def counts_by_age(queryset: models.QuerySet, field: str, now: datetime) -> list[tuple[str, int]]:
    """How many rows of ``queryset`` are in each of ``AGE_BUCKETS`` by the age of ``field`` at
    ``now``, in one aggregate query. A row exactly 7 days old is "1 to 4 weeks"; one stamped in
    the future (a clock set wrong) counts as under a week rather than disappearing."""
    filters = {}
    for n, (_, youngest, oldest) in enumerate(AGE_BUCKETS):
        condition = models.Q() if n == 0 else models.Q(**{f"{field}__lte": now - youngest})
        if oldest is not None:
            condition &= models.Q(**{f"{field}__gt": now - oldest})
        filters[f"bucket{n}"] = models.Count("pk", filter=condition)
    counts = queryset.order_by().aggregate(**filters)
    return [(label, counts[f"bucket{n}"]) for n, (label, _, _) in enumerate(AGE_BUCKETS)]


def age_glance(
    ident: str, order: int, title: str, counts: list[tuple[str, int]], link: tuple[str, str]
) -> GlanceChart:
    """A "by age" chart and its table from ``counts_by_age``."""
    return GlanceChart(
        ident=ident,
        order=order,
        chart=Bars(title, [(label, n, str(n)) for label, n in counts]),
        table=Table(
            title,
            ["Waiting for", "Number"],
            [[label, str(n)] for label, n in counts],
            frozenset({1}),
        ),
        link_text=link[0],
        link_url=link[1],
    )


def glance_charts(membership: Membership, now: datetime | None = None) -> list[GlanceChart]:
    """The compliance charts this member sees, in the apps' declared order."""
    if membership.role not in GLANCE_ROLES:
        return []
    now = now or timezone.now()
    charts: list[GlanceChart] = []
    for provider in _declared("dashboard_charts"):
        charts.extend(provider(membership, now))
    return sorted(charts, key=lambda c: (c.order, c.ident))


def committee_sections(council: Council, period: Period) -> list[Section]:
    sections = [provider(council, period) for provider in _declared("committee_section")]
    return sorted((s for s in sections if s is not None), key=lambda s: (s.order, s.title))


# --- what each app holds about one person, linked from their page on the people list ---


@dataclass(frozen=True)
class PersonLink:
    """A link from a person's page to something about them in an app, in words."""

    label: str
    url: str
    # A short count or state beside the link ("2 held", "none"); empty for none.
    note: str = ""


def person_links(membership: Membership, person) -> list[PersonLink]:
    """Everything the apps hold about ``person`` that ``membership`` may open, in the order of
    INSTALLED_APPS: each app declares ``person_links`` on its AppConfig, the dotted path of
    ``links(membership, person) -> list[PersonLink]``, returning nothing the role may not see."""
    links: list[PersonLink] = []
    for config in django_apps.get_app_configs():
        if path := getattr(config, "person_links", None):
            links.extend(import_string(path)(membership, person))
    return links

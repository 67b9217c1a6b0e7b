"""Social media's personal data about a person: the posts they reported, the groups they are
in, the accounts they may post on."""

from __future__ import annotations

from django.utils import timezone

from councilguard.core.personal_data import Section, Subject
from councilguard.socialmedia.models import Account, GroupMember, PostReport


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    council, person = subject.council, subject.person
    reports = PostReport.objects.in_council(council).filter(reported_by=person).defer("screenshot")
    groups = GroupMember.objects.in_council(council).filter(person=person).select_related("group")
    accounts = Account.objects.in_council(council).filter(posters=person)
    return [
        Section(
            key="social-reports", title="Posts you reported",
            columns=["When", "Platform", "Link", "Your concern", "Decision"],
            rows=[(timezone.localtime(r.reported_at), r.get_platform_display(), r.url, r.concern,
                   r.get_status_display()) for r in reports],
            purpose="To act on posts that may breach the council's social media policy.",
            recipients="The clerk and the data protection lead.",
            retention="Six years after the decision.", origin="You.",
        ),
        Section(
            key="social-groups", title="Group chats for council business you are in",
            columns=["Group", "Platform", "Added", "Acknowledged that no decisions are taken"],
            rows=[(m.group.name, m.group.get_platform_display(), timezone.localtime(m.added_at),
                   timezone.localtime(m.acknowledged_at) if m.acknowledged_at else "")
                  for m in groups],
            purpose="To know who is in the groups used for council business and that each "
            "member knows decisions are not taken there.",
            recipients="The clerk and the data protection lead.",
            retention="While you are a member, then six years.", origin="The clerk; you.",
        ),
        Section(
            key="social-accounts", title="Official accounts you may post on",
            columns=["Account", "Platform"],
            rows=[(a.handle, a.get_platform_display()) for a in accounts],
            purpose="To control who speaks for the council on social media.",
            recipients="The clerk and the data protection lead.",
            retention="While you may post, then six years.", origin="The clerk.",
        ),
    ]  # fmt: skip

"""The demo council's social media: two official accounts (one password in the vault), a press
enquiry answered and one waiting, a reported post whose removal is overdue, one closed, one
referred for investigation, and a group chat with one member still to acknowledge its rule."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.socialmedia import services
from councilguard.vault.models import VaultEntry


def load_social_media_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    now = timezone.now()
    today = timezone.localdate()
    clerk = Actor.for_user(User.objects.get(email="clerk@ashcombe.example"))
    staff = Actor.for_user(User.objects.get(email="sam.tully@ashcombe.example"))
    clerk_p, sam = people["clerk@ashcombe.example"], people["sam.tully@ashcombe.example"]
    priya = people["priya.nair@ashcombe.example"]
    entry = VaultEntry.objects.filter(council=council).order_by("pk").first()
    services.save_account(council, services.AccountData(
        platform="facebook", handle="Ashcombe Town Council",
        purpose="News, events and service updates for residents.",
        posters=[clerk_p, priya], vault_entry=entry,
    ), actor=clerk)  # fmt: skip
    services.save_account(council, services.AccountData(
        platform="x", handle="@AshcombeTC", purpose="Service updates and emergencies.",
        posters=[clerk_p],
    ), actor=clerk)  # fmt: skip

    answered = services.record_enquiry(council, services.EnquiryData(
        outlet="Ashcombe Gazette", journalist="Kim Parry", contact="kim.parry@gazette.example",
        question="When will the pavilion reopen after the break-in?",
        received_at=now - timedelta(days=6),
    ), actor=staff, now=now - timedelta(days=6))  # fmt: skip
    services.answer_enquiry(answered, answer="Repairs are booked; it reopens on Saturday.",
                            answered_on=today - timedelta(days=5), actor=clerk)  # fmt: skip
    services.record_enquiry(council, services.EnquiryData(
        outlet="Radio Shire", journalist="Lee Osei", contact="01632 960 123",
        question="Is the council closing the public toilets on Mill Lane?",
        received_at=now - timedelta(hours=3),
    ), actor=staff)  # fmt: skip

    overdue = services.report_post(
        council, url="https://social.example/ashcombe-chat/posts/8812", platform="facebook",
        concern="A staff member posted a photograph of a resident's complaint letter.",
        reporter=sam, actor=staff, now=now - timedelta(days=12),
    )  # fmt: skip
    services.request_removal(overdue, asked_of="the member of staff who posted it",
                             asked_on=today - timedelta(days=10), actor=clerk)  # fmt: skip
    closed = services.report_post(
        council, url="https://social.example/x/status/5521", platform="x",
        concern="A post names a colleague and calls them lazy.", reporter=sam, actor=staff,
        now=now - timedelta(days=20),
    )  # fmt: skip
    removal = services.request_removal(
        closed,
        asked_of="The platform, through its report form",
        asked_on=today - timedelta(days=19),
        actor=clerk,
    )
    services.close_removal(removal, removed=True, outcome="The platform removed the post.",
                           closed_on=today - timedelta(days=15), actor=clerk)  # fmt: skip
    referred = services.report_post(
        council, url="https://social.example/groups/ashcombe/posts/99", platform="facebook",
        concern="A councillor's post may disclose a confidential planning matter.",
        reporter=None, actor=clerk, now=now - timedelta(days=2),
    )  # fmt: skip
    services.refer_for_investigation(referred, note="Possible breach of confidentiality.",
                                     actor=clerk)  # fmt: skip

    group = services.save_group(council, name="Events team", platform="whatsapp",
                                purpose="Arranging the summer fete and the Christmas lights.",
                                members=[clerk_p, sam, priya], actor=clerk)  # fmt: skip
    services.acknowledge_group_rule(group.members.get(person=clerk_p), actor=clerk)
    services.acknowledge_group_rule(group.members.get(person=priya), actor=actor)

"""Social media (A "Social Media", A "What's App and Group Chat", B 9.1.3 to 9.1.5): official
accounts, press enquiries routed to the clerk, reported posts triaged into no action, a removal
(with its follow-up clock) or a referral, group chats whose rule members acknowledge, and
permission to post photographs as an approval of its own."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.contributions import Urgency
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.devices.approvals import decide
from councilguard.devices.models import ApprovalRequest
from councilguard.socialmedia import services
from councilguard.socialmedia.models import (
    MAX_SCREENSHOT_BYTES,
    GroupMember,
    PhotoPermission,
    PostReport,
    RemovalRequest,
)
from councilguard.socialmedia.screenshots import ScreenshotRefused, read_screenshot
from councilguard.socialmedia.testing import (
    make_account,
    make_enquiry,
    make_group,
    make_report,
    png,
)
from councilguard.socialmedia.waiting import waiting_items
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

pytestmark = pytest.mark.django_db


def _member(w, role=Role.CLERK) -> Membership:
    return Membership.objects.get(user=w.users[role], council=w.council)


def _waiting(w, role=Role.CLERK, *, person=True, now=None):
    items = waiting_items(_member(w, role), w.people[role] if person else None,
                          now or timezone.now())  # fmt: skip
    return {i.title: i for i in items}


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


# --- screenshots ---


def test_a_screenshot_up_to_5_mb_is_kept_and_one_byte_more_is_refused():
    picture = png()
    at_limit = picture + b"\0" * (MAX_SCREENSHOT_BYTES - len(picture))
    assert len(at_limit) == 5 * 1024 * 1024
    assert read_screenshot(at_limit).content_type == "image/png"
    with pytest.raises(ScreenshotRefused, match="larger than 5 MB"):
        read_screenshot(at_limit + b"\0")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"This is a text file, not a picture.", "not a picture"),
        (b"%PDF-1.7\n", "not a picture"),
    ],
)
def test_a_screenshot_that_is_not_a_picture_is_refused(content, message):
    with pytest.raises(ScreenshotRefused, match=message):
        read_screenshot(content)


def test_a_gif_is_refused_as_a_type_not_kept():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="GIF")
    with pytest.raises(ScreenshotRefused, match="PNG, JPEG or WebP"):
        read_screenshot(out.getvalue())


def test_the_report_page_refuses_a_screenshot_that_is_not_an_image_and_keeps_nothing(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.staff)
    response = client.post(
        reverse("socialmedia:report_add", kwargs={"council": world.council.slug}),
        {"url": "https://social.example/p/1", "platform": "facebook", "concern": "Insults.",
         "screenshot": SimpleUploadedFile("post.png", b"not really a picture")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The screenshot is not a picture: use PNG, JPEG or WebP" in response.content.decode()
    assert not PostReport.objects.exists()


def test_the_screenshot_opens_for_the_clerk_and_the_opening_is_audited(client, world):
    report = make_report(world)
    client.force_login(world.clerk)
    url = reverse("socialmedia:report_screenshot",
                  kwargs={"council": world.council.slug, "pk": report.pk})  # fmt: skip
    with assert_audited(world.council, Event.SOCIAL_SCREENSHOT_VIEWED):
        response = client.get(url)
    assert response["Content-Type"] == "image/png" and response.content == png()


# --- reports, triage and removals ---


def test_a_reported_post_goes_to_a_removal_whose_clock_goes_overdue_then_to_closure(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(world)
    assert mail.outbox[-1].to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    assert "A post on Facebook that may breach the policy was reported" in mail.outbox[-1].body
    assert "Decide what happens to a reported post on Facebook" in _waiting(world)
    asked = timezone.localdate()
    with assert_audited(world.council, Event.SOCIAL_REMOVAL_REQUESTED):
        removal = services.request_removal(report, asked_of="The poster", asked_on=asked,
                                           actor=SETUP)  # fmt: skip
    assert removal.follow_up_on == asked + timedelta(days=7)
    title = "Check whether the post was removed (asked of The poster)"
    # Due soon from two days before; overdue only once the follow-up day is over.
    assert _waiting(world, now=_at(asked + timedelta(days=4)))[title].urgency == Urgency.WAITING
    assert _waiting(world, now=_at(asked + timedelta(days=5)))[title].urgency == Urgency.SOON
    assert _waiting(world, now=_at(asked + timedelta(days=7)))[title].urgency == Urgency.SOON
    assert _waiting(world, now=_at(asked + timedelta(days=8)))[title].urgency == Urgency.OVERDUE
    assert "Decide what happens to a reported post on Facebook" not in _waiting(world)
    with assert_audited(world.council, Event.SOCIAL_REMOVAL_CLOSED):
        services.close_removal(removal, removed=True, outcome="Taken down.",
                               closed_on=asked + timedelta(days=8), actor=SETUP,
                               today=asked + timedelta(days=8))  # fmt: skip
    assert title not in _waiting(world, now=_at(asked + timedelta(days=9)))
    with pytest.raises(services.SocialMediaError, match="already closed"):
        services.close_removal(removal, removed=True, outcome="Again.", closed_on=asked,
                               actor=SETUP)  # fmt: skip


@pytest.mark.parametrize(("days", "accepted"), [(0, False), (1, True), (90, True), (91, False)])
def test_a_removal_is_followed_up_within_1_to_90_days(world, days, accepted):
    report = make_report(world)
    call = lambda: services.request_removal(  # noqa: E731
        report, asked_of="The poster", asked_on=timezone.localdate(), follow_up_days=days,
        actor=SETUP,
    )  # fmt: skip
    if accepted:
        assert call().follow_up_on == timezone.localdate() + timedelta(days=days)
    else:
        with pytest.raises(services.SocialMediaError, match="1 to 90 days"):
            call()
        report.refresh_from_db()
        assert report.status == "new" and not RemovalRequest.objects.exists()


def test_a_removal_cannot_be_asked_before_the_report_or_in_the_future(world):
    report = make_report(world)
    today = timezone.localdate()
    for day, words in ((today - timedelta(days=1), "before the post was reported"),
                       (today + timedelta(days=1), "in the future")):  # fmt: skip
        with pytest.raises(services.SocialMediaError, match=words):
            services.request_removal(report, asked_of="The poster", asked_on=day, actor=SETUP)
    assert not RemovalRequest.objects.exists()


def test_a_report_is_triaged_once_and_a_referral_leaves_the_case_to_be_opened(world):
    report = make_report(world)
    with assert_audited(world.council, Event.SOCIAL_POST_TRIAGED):
        services.refer_for_investigation(report, note="Possible harassment.", actor=SETUP)
    report.refresh_from_db()
    assert report.get_status_display() == "Referred for investigation"
    assert report.case_reference == ""
    with pytest.raises(services.SocialMediaError, match="already been triaged"):
        services.triage_no_action(report, note="Nothing.", actor=SETUP)


def test_a_bad_link_is_refused_in_words(world):
    with pytest.raises(services.SocialMediaError, match="link to the post"):
        services.report_post(world.council, url="javascript:alert(1)", platform="facebook",
                             concern="x", reporter=None, actor=SETUP)  # fmt: skip
    assert not PostReport.objects.exists()


# --- press enquiries ---


def test_a_press_enquiry_reaches_the_clerk_by_email_and_waits_for_its_answer(
    world, django_capture_on_commit_callbacks
):
    received = timezone.now() - timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = services.record_enquiry(world.council, services.EnquiryData(
            outlet="Ashby Gazette", journalist="Kim Parry", contact="kim@gazette.example",
            question="Why is the pavilion closed?", received_at=received,
        ), actor=Actor.for_user(world.staff))  # fmt: skip
    message = mail.outbox[-1]
    assert message.to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    assert message.subject == "councilguard: press enquiry from Ashby Gazette (Ashby Town Council)"
    assert "Why is the pavilion closed?" in message.body
    # No deadline given: two days after it came in.
    assert enquiry.answer_by == timezone.localdate(received) + timedelta(days=2)
    title = "Answer the press enquiry from Ashby Gazette"
    late = _at(enquiry.answer_by + timedelta(days=1), 0)
    assert _waiting(world, now=late)[title].urgency == Urgency.OVERDUE
    assert title not in _waiting(world, Role.STAFF)
    with pytest.raises(services.SocialMediaError, match="before the enquiry came in"):
        services.answer_enquiry(enquiry, answer="No.", actor=SETUP,
                                answered_on=timezone.localdate(received) - timedelta(days=1))  # fmt: skip
    with assert_audited(world.council, Event.SOCIAL_ENQUIRY_ANSWERED):
        services.answer_enquiry(enquiry, answer="Repairs; open Saturday.", actor=SETUP,
                                answered_on=timezone.localdate())  # fmt: skip
    assert title not in _waiting(world)


def test_an_enquiry_from_the_future_changes_nothing(world):
    from councilguard.socialmedia.models import Enquiry

    with pytest.raises(services.SocialMediaError, match="in the future"):
        services.record_enquiry(world.council, services.EnquiryData(
            outlet="X", journalist="Y", contact="Z", question="Q",
            received_at=timezone.now() + timedelta(hours=1),
        ), actor=SETUP)  # fmt: skip
    assert not Enquiry.objects.exists()


# --- group chats ---


def test_members_acknowledge_that_decisions_are_not_taken_in_the_group(client, world):
    group = make_group(world, Role.CLERK, Role.STAFF)
    title = f"Acknowledge that no decisions are taken in {group.name}"
    assert title in _waiting(world, Role.STAFF)
    assert title not in _waiting(world, Role.STAFF, person=False)
    assert title not in _waiting(world, Role.COUNCILLOR)
    client.force_login(world.staff)
    page = client.get(reverse("socialmedia:my_groups", kwargs={"council": world.council.slug}))
    assert f"I understand no decisions are taken in {group.name}" in page.content.decode()
    member = GroupMember.objects.get(person=world.people[Role.STAFF])
    # Someone else's membership is not theirs to acknowledge.
    clerks = GroupMember.objects.get(person=world.people[Role.CLERK])
    url = reverse("socialmedia:group_acknowledge", kwargs={"council": world.council.slug})
    assert client.post(url, {"member": clerks.pk}).status_code == 404
    with assert_audited(world.council, Event.SOCIAL_GROUP_RULE_ACKNOWLEDGED):
        client.post(url, {"member": member.pk})
    assert title not in _waiting(world, Role.STAFF)
    clerks.refresh_from_db()
    assert clerks.acknowledged_at is None


def test_changing_members_adds_and_removes_them(world):
    group = make_group(world, Role.CLERK, Role.STAFF)
    services.save_group(world.council, name=group.name, platform="whatsapp",
                        purpose=group.purpose, group=group, actor=SETUP,
                        members=[world.people[Role.CLERK], world.people[Role.COUNCILLOR]])  # fmt: skip
    names = sorted(m.person.full_name for m in group.members.all())
    assert names == ["Clerk of Ashby", "Councillor of Ashby"]
    with pytest.raises(services.SocialMediaError, match="members"):
        services.save_group(world.council, name="Empty", platform="whatsapp", purpose="x",
                            members=[], actor=SETUP)  # fmt: skip


# --- official accounts and photographs ---


def test_an_account_names_who_may_post_and_where_its_password_is(world, other_world):
    from councilguard.testing.vault import make_entry

    theirs = make_entry(other_world)
    with pytest.raises(services.SocialMediaError, match="vault entry must be this council's"):
        services.save_account(world.council, services.AccountData(
            platform="facebook", handle="Ashby TC", purpose="News.", vault_entry=theirs,
        ), actor=SETUP)  # fmt: skip
    account = make_account(world)
    with pytest.raises(services.SocialMediaError, match="already on the register"):
        services.save_account(world.council, services.AccountData(
            platform="facebook", handle=account.handle.upper(), purpose="News."), actor=SETUP)  # fmt: skip


def test_permission_to_post_photographs_is_an_approval_the_clerk_decides(world):
    account = make_account(world)
    args = {"account": account, "activity": "The summer fete", "taken_on": timezone.localdate(),
            "children_pictured": True, "reason": "To show the fete.", "actor": SETUP}  # fmt: skip
    with pytest.raises(services.SocialMediaError, match="agreement"):
        services.request_photo_permission(world.people[Role.STAFF], everyone_agreed=False, **args)
    assert not ApprovalRequest.objects.exists()
    with assert_audited(world.council, Event.APPROVAL_REQUESTED,
                        Event.SOCIAL_PHOTO_PERMISSION_REQUESTED):  # fmt: skip
        permission = services.request_photo_permission(world.people[Role.STAFF],
                                                       everyone_agreed=True, **args)  # fmt: skip
    approval = permission.approval
    assert approval.get_kind_display() == "Post photographs of a council activity"
    with pytest.raises(Exception, match="do not decide"):
        decide(approval, approve=True, note="", role="manager",
               actor=Actor.for_user(world.manager))  # fmt: skip
    decide(approval, approve=True, note="", role="clerk", actor=Actor.for_user(world.clerk))
    assert PhotoPermission.objects.get().approval.status == "approved"


def test_a_leaver_is_to_be_taken_out_of_groups_and_off_the_accounts_after_leaving(world):
    from councilguard.people.models import Person

    staff = world.people[Role.STAFF]
    group = make_group(world, Role.CLERK, Role.STAFF)
    services.save_account(world.council, services.AccountData(
        platform="x", handle="@AshbyTC", purpose="News.", posters=[staff]), actor=SETUP)  # fmt: skip
    group_title = f"Take {staff.full_name}, who has left, out of {group.name}"
    poster_title = f"Stop {staff.full_name}, who has left, posting as @AshbyTC"
    today = timezone.localdate()
    # On the leaving day itself they are still there; the day after, the clerk is told.
    Person.objects.filter(pk=staff.pk).update(leave_date=today)
    assert group_title not in _waiting(world) and poster_title not in _waiting(world)
    Person.objects.filter(pk=staff.pk).update(leave_date=today - timedelta(days=1))
    items = _waiting(world)
    assert items[group_title].urgency == Urgency.OVERDUE
    assert items[poster_title].urgency == Urgency.OVERDUE
    services.save_group(world.council, name=group.name, platform="whatsapp",
                        purpose=group.purpose, group=group, actor=SETUP,
                        members=[world.people[Role.CLERK]])  # fmt: skip
    assert group_title not in _waiting(world)


def test_the_registers_download_as_csv_in_words(client, world):
    from councilguard.audit.models import AuditEntry

    make_report(world)
    make_enquiry(world)
    client.force_login(world.dp_lead)
    url = reverse("socialmedia:reports_export", kwargs={"council": world.council.slug})
    lines = client.get(url).content.decode().splitlines()
    assert lines[0] == ("Reported,Platform,Link,What may breach the policy,Decision,Decided on,"
                        "Removal asked of,Asked on,Follow up by,Removal outcome,Closed on")  # fmt: skip
    assert ",Facebook,https://social.example/post/" in lines[1]
    assert "A member of staff is named and insulted.,Waiting for the clerk," in lines[1]
    url = reverse("socialmedia:enquiries_export", kwargs={"council": world.council.slug})
    lines = client.get(url).content.decode().splitlines()
    assert lines[0] == ("Came in,Publication or programme,Journalist,What they asked,Answer by,"
                        "Answer,Answered on")  # fmt: skip
    assert ",Ashby Gazette,Reporter " in lines[1]
    events = {Event.SOCIAL_REPORTS_EXPORTED, Event.SOCIAL_ENQUIRIES_EXPORTED}
    assert AuditEntry.objects.filter(event__in=events).count() == 2

"""Social media rows for tests and the permission matrix, made through the real services."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from councilguard.core.roles import Role
from councilguard.socialmedia import services
from councilguard.socialmedia.models import Account, Enquiry, GroupChat, PostReport, RemovalRequest
from councilguard.socialmedia.screenshots import read_screenshot
from councilguard.testing.world import SETUP, World

_n = itertools.count(1)


def png(width: int = 4, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def make_account(world: World) -> Account:
    return services.save_account(world.council, services.AccountData(
        platform="facebook", handle=f"Ashby Town Council {next(_n)}",
        purpose="News and events.", posters=[world.people[Role.CLERK]],
    ), actor=SETUP)  # fmt: skip


def make_enquiry(world: World) -> Enquiry:
    return services.record_enquiry(world.council, services.EnquiryData(
        outlet="Ashby Gazette", journalist=f"Reporter {next(_n)}", contact="news@gazette.example",
        question="Why is the pavilion closed?", received_at=timezone.now() - timedelta(hours=1),
    ), actor=SETUP)  # fmt: skip


def make_report(world: World, *, screenshot: bool = True) -> PostReport:
    return services.report_post(
        world.council, url=f"https://social.example/post/{next(_n)}", platform="facebook",
        concern="A member of staff is named and insulted.", reporter=world.people[Role.STAFF],
        screenshot=read_screenshot(png()) if screenshot else None, actor=SETUP,
    )  # fmt: skip


def make_removal(world: World) -> RemovalRequest:
    return services.request_removal(make_report(world), asked_of="The person who posted it",
                                    asked_on=timezone.localdate(), actor=SETUP)  # fmt: skip


def make_group(world: World, *roles: Role) -> GroupChat:
    members = [world.people[r] for r in roles or (Role.CLERK, Role.STAFF, Role.COUNCILLOR)]
    return services.save_group(world.council, name=f"Events team {next(_n)}",
                               platform="whatsapp", purpose="Arranging the fete.",
                               members=members, actor=SETUP)  # fmt: skip

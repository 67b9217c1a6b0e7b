"""E-mails of the display screen register, sent once the change that calls for them commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from councilguard.core.models import Membership
from councilguard.dse.models import EyeTest, EyeTestReason


def _link(name: str, council) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"council": council.slug})


def eye_test_offered(test_pk: int) -> None:
    """Tell the person an eye test is offered and where to answer (B 3.1.1)."""
    test = EyeTest.objects.select_related("council", "person").filter(pk=test_pk).first()
    if test is None:
        return
    address = test.person.emails.filter(is_primary=True).values_list("address", flat=True).first()
    if not address:
        return
    send_mail(
        f"councilguard: {test.council} offers you an eye test",
        "\n".join(
            [
                f"Dear {test.person.full_name},",
                "",
                f"As you use a screen for your work, {test.council} offers you an eye and "
                "eyesight test by an optician, paid for by the council (policy B 3.1.1).",
                "Please say whether you would like it on your screen work page:",
                _link("dse:mine", test.council),
            ]
        ),
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )


def eye_test_requested(test_pk: int) -> None:
    """Tell the clerks at once that someone asked for an eye test: the council must arrange it
    as soon as practicable (reg 5(1)), sooner still for eye trouble from screen work."""
    test = EyeTest.objects.select_related("council", "person").filter(pk=test_pk).first()
    if test is None:
        return
    recipients = Membership.objects.clerks_office(test.council).emails()
    if not recipients:
        return
    urgent = test.reason == EyeTestReason.VISUAL_DIFFICULTY
    send_mail(
        f"councilguard: {test.person.full_name} asks for an eye test"
        + (" (eye trouble)" if urgent else ""),
        "\n".join(
            [
                f"{test.person.full_name} asks for an eye and eyesight test: "
                f"{test.get_reason_display().lower()}.",
                "The council arranges it as soon as it can (B 3.1.1).",
                "",
                _link("dse:register", test.council),
            ]
        ),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )

"""A demo council with people and accounts of every role, so a newcomer can try everything.

All names and addresses are invented; the .example domain is reserved for examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from councilguard.accounts.models import User
from councilguard.accounts.services import grant_role, set_committee_chair
from councilguard.audit.actors import Actor
from councilguard.core.models import Council, Membership
from councilguard.core.roles import PRIVILEGED_ROLES, Role
from councilguard.core.services import create_council
from councilguard.people.models import Person
from councilguard.people.services import PersonData, create_person

DEMO_SLUG = "ashcombe"
DEMO_PASSWORD = "amber kettle harbour"  # three random words (B 4.1.1)
OFFICE_HOURS = "Mon-Fri 09:00-17:00"

# (name, kind, e-mail, job, manager e-mail, peer group, pattern, dse, account role)
PEOPLE = [
    (
        "Helen Marsh",
        "staff",
        "clerk@ashcombe.example",
        "Town Clerk",
        "",
        "office",
        OFFICE_HOURS,
        True,
        Role.CLERK,
    ),
    (
        "Owen Pryce",
        "staff",
        "deputy@ashcombe.example",
        "Deputy Town Clerk",
        "clerk@ashcombe.example",
        "office",
        "Mon-Thu 08:30-16:30",
        True,
        Role.DP_LEAD,
    ),
    (
        "Nadia Okafor",
        "staff",
        "nadia.okafor@ashcombe.example",
        "Assistant Town Clerk",
        "clerk@ashcombe.example",
        "office",
        OFFICE_HOURS,
        False,
        Role.DEPUTY_CLERK,
    ),
    (
        "Grace Ilori",
        "staff",
        "operations@ashcombe.example",
        "Operations Manager",
        "clerk@ashcombe.example",
        "office",
        OFFICE_HOURS,
        True,
        Role.MANAGER,
    ),
    (
        "Sam Tully",
        "staff",
        "sam.tully@ashcombe.example",
        "Groundsman",
        "operations@ashcombe.example",
        "grounds staff",
        "Mon-Fri 07:30-15:30",
        False,
        Role.STAFF,
    ),
    (
        "Priya Nair",
        "staff",
        "priya.nair@ashcombe.example",
        "Grounds Operative",
        "operations@ashcombe.example",
        "grounds staff",
        "Mon-Fri 07:30-15:30",
        False,
        None,
    ),
    (
        "Dan Kemp",
        "staff",
        "dan.kemp@ashcombe.example",
        "Grounds Operative",
        "operations@ashcombe.example",
        "grounds staff",
        "Tue-Sat 07:30-15:30",
        False,
        None,
    ),
    (
        "Lucy Ferris",
        "staff",
        "admin@ashcombe.example",
        "Administration Assistant",
        "deputy@ashcombe.example",
        "office",
        "Mon,Wed 09:00-13:00; Fri 09:00-12:30",
        True,
        None,
    ),
    (
        "Cllr Margaret Oduya",
        "councillor",
        "m.oduya@ashcombe.example",
        "Mayor",
        "",
        "",
        "",
        False,
        Role.COMMITTEE,
    ),
    (
        "Cllr Tom Bright",
        "councillor",
        "t.bright@ashcombe.example",
        "Chair, Staffing Committee",
        "",
        "",
        "",
        False,
        Role.COUNCILLOR,
    ),
    ("Cllr Aisha Rahman", "councillor", "a.rahman@ashcombe.example", "", "", "", "", False, None),
    ("Cllr Peter Lowe", "councillor", "p.lowe@ashcombe.example", "", "", "", "", False, None),
    (
        "Jo Whitfield",
        "other",
        "jo@fixitsupport.example",
        "IT support (Fixit Support Ltd)",
        "",
        "",
        "",
        False,
        Role.IT_PROVIDER,
    ),
]
SECOND_COUNCIL = ("Brinmoor Parish Council", "brinmoor", "clerk@brinmoor.example")


@dataclass
class DemoAccount:
    email: str
    role: str
    council: str
    totp_secret: str = ""
    recovery_codes: tuple[str, ...] = ()


def demo_loaded() -> bool:
    return Council.objects.filter(slug=DEMO_SLUG).exists()


def load_demo() -> None:
    # The demo's people have invented addresses: the reminders its publishing sets off are
    # recorded but not printed over the sign-in details.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load_demo()


@transaction.atomic
def _load_demo() -> None:
    actor = Actor.system("demo")
    council = create_council("Ashcombe Town Council", slug=DEMO_SLUG, actor=actor)
    people: dict[str, Person] = {}
    for name, kind, email, job, manager, group, pattern, dse, _ in PEOPLE:
        people[email] = create_person(
            council,
            PersonData(
                full_name=name,
                kind=kind,
                emails=[email],
                job_title=job,
                line_manager=people.get(manager),
                peer_group=group,
                start_date=date(2023, 4, 1),
                working_pattern=pattern,
                uses_display_screen=dse,
            ),
            actor=actor,
        )
    for name, _, email, *_, role in PEOPLE:
        if role is not None:
            _account(council, email, name, role, actor)
    # The Mayor chairs the oversight committee (B 1.1.6, 2.1.4, 8.2.1): with no deputy clerk,
    # she would decide the clerk's own requests; Nadia Okafor, the deputy clerk, does today.
    set_committee_chair(
        Membership.objects.get(council=council, user__email="m.oduya@ashcombe.example"),
        chair=True,
        actor=actor,
    )
    name, slug, clerk = SECOND_COUNCIL
    second = create_council(name, slug=slug, actor=actor)
    _account(second, clerk, "Rhys Hale", Role.CLERK, actor)
    _account(second, "jo@fixitsupport.example", "Jo Whitfield", Role.IT_PROVIDER, actor)
    # Each app's own demo data, in the order of INSTALLED_APPS (DESIGN 17): an app declares
    # ``demo``, the dotted path of a loader taking (council, people by e-mail, actor).
    for config in apps.get_app_configs():
        if path := getattr(config, "demo", None):
            import_string(path)(council, people, actor)


def _account(council: Council, email: str, name: str, role: Role, actor: Actor) -> None:
    grant_role(council, email=email, role=role, full_name=name, actor=actor)
    user = User.objects.get(email=email)
    if user.has_usable_password():
        return
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, primary=True, verified=True)
    if role in PRIVILEGED_ROLES:
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)


def demo_accounts() -> list[DemoAccount]:
    """Sign-in details of the demo accounts, for the console (never shown on a page)."""
    accounts = []
    users = User.objects.filter(email__endswith=".example").prefetch_related("memberships__council")
    for user in users.order_by("email"):
        secret, codes = "", ()
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp:
            secret = decrypt(totp.data["secret"])
            rc = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES)
            codes = tuple(RecoveryCodes(rc.first()).get_unused_codes()) if rc.exists() else ()
        for membership in user.memberships.all():
            accounts.append(
                DemoAccount(
                    user.email,
                    membership.get_role_display(),
                    membership.council.slug,
                    secret,
                    codes,
                )
            )
    return accounts

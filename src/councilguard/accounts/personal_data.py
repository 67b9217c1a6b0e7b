"""The accounts app's personal data: the sign-in account, its second factors and sessions."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from councilguard.accounts.models import User
from councilguard.core.models import Membership
from councilguard.core.personal_data import Identifier, Section, Subject

PURPOSE = "To let you sign in securely and keep others out (B 4.1.1)."


def provide(subject: Subject) -> list[Section]:
    if subject.user_id is None:
        return []
    user = User.objects.get(pk=subject.user_id)
    factors = Authenticator.objects.filter(user=user)
    sessions = UserSession.objects.filter(user=user)
    return [
        Section(
            key="account",
            title="Your sign-in account",
            columns=["What", "Held"],
            rows=[
                ("E-mail address (your user name)", user.email),
                ("Name", user.full_name),
                ("Active", user.is_active),
                ("Created", user.date_joined),
                ("Last signed in", user.last_login),
                ("Second factors", ", ".join(f.get_type_display() for f in factors) or "none"),
                ("Password", "held only as a one-way hash, which cannot be turned back into it"),
            ],
            purpose=PURPOSE,
            recipients="The clerk.",
            retention="While you hold a role; the account is disabled when you leave.",
            origin="The clerk, and you (password, second factors).",
        ),
        Section(
            key="account-sessions",
            title="Where your account is signed in",
            columns=["Signed in", "Last seen", "Address", "Browser"],
            rows=[(s.created_at, s.last_seen_at, s.ip, s.user_agent) for s in sessions],
            purpose=PURPOSE,
            recipients="You, on your account page.",
            retention="Until the session ends.",
            origin="Your browser, when you sign in.",
        ),
    ]


def identifiers(council) -> list[Identifier]:
    members = Membership.objects.filter(council=council).select_related("user")
    found = []
    for m in members:
        found.append(Identifier(m.user.email, None, m.user_id))
        if m.user.full_name:
            found.append(Identifier(m.user.full_name, None, m.user_id))
    return found

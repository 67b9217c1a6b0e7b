"""Count failed sign-ins (issue 7: repeated failed sign-ins against one account open an
incident). allauth signs in through Django's ``authenticate``, which sends ``user_login_failed``
with the password already masked; its MFA stage sends ``authentication_failed`` for a wrong
code after the right password (issue 12: the clearest sign of a stolen password)."""

from __future__ import annotations

import logging

from allauth.mfa.signals import authentication_failed
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from councilguard.accounts.models import User

logger = logging.getLogger(__name__)


@receiver(user_login_failed, dispatch_uid="councilguard.incidents.failed_sign_in")
def count_failed_sign_in(sender, credentials=None, request=None, **kwargs) -> None:
    from councilguard.incidents.services import note_failed_sign_in

    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not isinstance(login, str) or not login.strip():
        return
    user = User.objects.filter(email__iexact=login.strip()).first()
    if user is None:
        return  # no account to protect; allauth's per-address limit still applies
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    note_failed_sign_in(user, ip_address=ip)


@receiver(authentication_failed, dispatch_uid="councilguard.incidents.failed_second_factor")
def count_failed_second_factor(
    sender, request=None, user=None, reauthentication=False, **kwargs
) -> None:
    """A wrong authenticator code at sign-in, the password having been right. A wrong code when
    confirming it is you (already signed in) is not a sign-in and is not counted."""
    from councilguard.incidents.models import SignInStage
    from councilguard.incidents.services import note_failed_sign_in

    if reauthentication or user is None or not getattr(user, "pk", None):
        return
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    note_failed_sign_in(user, ip_address=ip, stage=SignInStage.SECOND_FACTOR)

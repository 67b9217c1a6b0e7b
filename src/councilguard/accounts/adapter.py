"""allauth adapters: nobody signs themselves up; a clerk gives access (C3)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return "councilguard"

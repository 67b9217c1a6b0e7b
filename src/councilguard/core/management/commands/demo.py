from django.conf import settings
from django.core.management.base import BaseCommand

from councilguard.core.demo import DEMO_PASSWORD, demo_accounts, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo councils (once) and print how to sign in to them."

    def handle(self, *args, **options) -> None:
        if demo_loaded():
            self.stdout.write("The demo councils are already loaded.")
        else:
            load_demo()
            self.stdout.write("Loaded the demo councils: Ashcombe Town Council and Brinmoor.")
        self.stdout.write("")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(
            f"Sign in at {site}/ (or wherever you serve it) with any of these accounts."
        )
        self.stdout.write(f"Every demo password is: {DEMO_PASSWORD}")
        self.stdout.write("")
        seen = set()
        for account in demo_accounts():
            self.stdout.write(f"  {account.email:<32} {account.role} ({account.council})")
            if account.totp_secret and account.email not in seen:
                seen.add(account.email)
                self.stdout.write(f"      authenticator app secret: {account.totp_secret}")
                codes = " ".join(account.recovery_codes[:3])
                self.stdout.write(f"      or a recovery code: {codes}")
        self.stdout.write("")
        self.stdout.write(
            "Clerk, IT provider and data protection lead accounts ask for a code: add the secret "
            "to an authenticator app (or run: .venv/bin/python -m councilguard.totp SECRET)."
        )

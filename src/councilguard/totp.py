"""Print the current code for a TOTP secret: ``python -m councilguard.totp SECRET``.

For trying the demo without an authenticator app; it uses allauth's own TOTP code.
"""

import os
import sys
import time


def current_code(secret: str, *, valid_for: int = 0) -> str:
    """The code for now; with ``valid_for``, wait for the next period if this one ends sooner
    (so a script or a test does not type a code that expires on the way)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < valid_for:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    django.setup()
    if len(sys.argv) != 2:
        sys.exit("usage: python -m councilguard.totp SECRET")
    print(current_code(sys.argv[1]))

"""Error reports that never show a secret, in debug (demo) mode too."""

from __future__ import annotations

from django.views.debug import SafeExceptionReporterFilter


class AlwaysSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter only hides ``sensitive_variables`` and ``sensitive_post_parameters`` when
    DEBUG is off; the demo runs with DEBUG on and takes real-looking secrets, so hide them
    always."""

    def is_active(self, request) -> bool:
        return True

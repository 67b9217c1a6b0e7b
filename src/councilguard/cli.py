"""The ``councilguard`` console command: Django's management commands under the project's name.

``councilguard serve``, ``worker``, ``demo``, ``council create``, ``people import``,
``audit verify`` and every Django command (``migrate``, ``createsuperuser``...). Bad input ends
with one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        if argv is None:
            # The process's own command line: it ends now. Python's last act is a collection
            # that walks every object Django, Polars and the command made, a quarter of a
            # second for nothing (issue 19 times whole processes); frozen objects are not
            # walked, and files and connections are still closed as their last references go.
            gc.freeze()


def _main(argv: list[str] | None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    args = sys.argv[1:] if argv is None else argv
    from councilguard.env import ConfigError

    try:
        import django
        from django.core.management import execute_from_command_line
        from django.db.utils import OperationalError, ProgrammingError

        django.setup()
    except ConfigError as exc:
        print(f"councilguard: configuration: {exc}", file=sys.stderr)
        return 2
    try:
        execute_from_command_line(["councilguard", *(args or ["help"])])
    except (OperationalError, ProgrammingError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"councilguard: database error: {first_line} (has 'councilguard migrate' been run?)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Which tests use the database. CI runs the whole suite on SQLite, then on PostgreSQL only the
tests that touch a database (``--database-tests-only``, in the root conftest): a parser, a
calculation or a command run on its own SQLite file gives the same answer either way, and
running it twice cost CI minutes."""

from __future__ import annotations

import pytest

# pytest-django's database fixtures; a module's shared world asks for django_db_setup, and a
# test marked django_db gets the database without naming a fixture.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
    }
)


def uses_database(item: pytest.Item) -> bool:
    named = DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    return bool(named) or item.get_closest_marker("django_db") is not None

"""`--database-tests-only` (CI's run on PostgreSQL) keeps every test that can reach the
database and leaves out only those that cannot: each case below is a real test item."""

from __future__ import annotations

import pytest

from councilguard.testing.databases import uses_database


def test_a_test_asking_for_the_database_is_kept(request, db):
    assert uses_database(request.node)


def test_a_test_with_the_world_is_kept(request, world):
    assert uses_database(request.node)


@pytest.mark.django_db(transaction=True)
def test_a_test_marked_for_the_database_is_kept(request):
    assert uses_database(request.node)


def test_a_test_sharing_a_module_database_is_kept(request, django_db_setup):
    assert uses_database(request.node)


def test_a_test_of_a_browser_against_the_live_server_is_kept(request, live_server):
    assert uses_database(request.node)


def test_a_test_with_no_database_is_left_to_the_first_run(request, tmp_path, settings):
    assert not uses_database(request.node)

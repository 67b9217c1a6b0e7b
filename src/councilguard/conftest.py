import pytest

from councilguard.testing.databases import uses_database
from councilguard.testing.world import make_world


@pytest.fixture
def world(db):
    """Ashby Town Council, with one signed-up account per role."""
    return make_world("ashby")


@pytest.fixture
def other_world(db):
    """Another council, whose people must never see Ashby's data."""
    return make_world("burton")


@pytest.fixture(autouse=True)
def _fast_hashing_and_a_clean_cache(settings):
    # Argon2 is deliberately slow; tests don't need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Sign-in rate limits and used TOTP codes live in the cache; each test starts with none.
    # (The database cache table outlives the rows a test rolls back.) Shared by the live
    # server's threads, as the real one is by processes.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "councilguard-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _monitoring_data_in_a_temporary_folder(settings, tmp_path):
    # The event store and category lists are files under DATA_DIR: never the developer's var/.
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture(scope="session")
def spark_session():
    """One local Spark session per test process, shared by every DuckDB and Spark parity test
    (C31): starting Spark's JVM costs seconds, once per module it cost minutes of the suite."""
    import logging

    from councilguard.testing.needs import require_pyspark

    require_pyspark()
    from pyspark.sql import SparkSession

    # py4j logs its own shut-down after pytest has closed the output streams.
    logging.getLogger("py4j").setLevel(logging.ERROR)
    session = (
        SparkSession.builder.master("local[1]")
        .appName("councilguard-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="only the tests that use the database (CI's run on PostgreSQL: the others give "
        "the same answer on any database and have run on SQLite)",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept, left = [], []
    for item in items:
        (kept if uses_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept

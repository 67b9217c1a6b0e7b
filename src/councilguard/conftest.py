import pytest

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

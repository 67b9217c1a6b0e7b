import pytest

from councilguard.vault import crypto

TEST_KEY = "mDxkX2cI0h3L3Qv4bq3rUOkNwA3mVnT8p6Q1yS0aF2E="


@pytest.fixture(autouse=True)
def _vault_key(settings):
    """A fixed vault key for these tests (the suite's default is the one generated in var/)."""
    settings.VAULT_KEY = TEST_KEY
    # Never let a test's key change touch the demo key file in var/.
    settings.VAULT_KEY_DEMO_FILE = None
    assert len(crypto.parse_key(TEST_KEY)) == 32

import pytest

from councilguard.monitoring.tests.conftest import monitored  # noqa: F401 (a fixture)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR

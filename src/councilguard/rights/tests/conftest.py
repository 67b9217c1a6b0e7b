import pytest

from councilguard.rights.testing import seed_everything


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def seeded(world, data_dir, tmp_path):
    """The staff member of Ashby with data in every app, among other people."""
    return {"world": world, **seed_everything(world, tmp_path)}

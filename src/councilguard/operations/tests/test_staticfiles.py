"""Production static files: GOV.UK's footer crest, which councilguard does not ship, is left
as the stylesheet names it instead of stopping `collectstatic`; any other missing file still
stops it."""

from __future__ import annotations

import pytest

from councilguard.operations.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "logo.svg").write_text("<svg/>")
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_the_unshipped_crest_keeps_its_name(storage):
    name = "dist/govuk/assets/images/govuk-crest.svg"
    assert storage.hashed_name(name) == name


def test_files_that_are_shipped_are_hashed(storage):
    assert storage.hashed_name("dist/logo.svg").startswith("dist/logo.")
    assert storage.hashed_name("dist/logo.svg") != "dist/logo.svg"


def test_any_other_missing_file_still_stops_collectstatic(storage):
    with pytest.raises(ValueError, match="could not be found"):
        storage.hashed_name("dist/missing.svg")

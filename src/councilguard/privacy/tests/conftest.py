from councilguard.monitoring.tests.conftest import data_dir, monitored  # noqa: F401

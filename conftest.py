# Shared fixtures that live in the package, so every app's tests can use them.
pytest_plugins = ["councilguard.testing.browser"]

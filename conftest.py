# Shared fixtures that live in the package, so every app's tests can use them; testing.needs
# makes a test that lacks Chromium, Java, PySpark or the shared data fail under CI=true.
pytest_plugins = ["councilguard.testing.needs", "councilguard.testing.browser"]

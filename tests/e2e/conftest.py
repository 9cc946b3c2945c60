"""Browser fixtures live in tests/browser.py (registered for the whole tree in tests/conftest.py)."""

import pytest

from tests.browser import axe_pruefen, browser, seite  # noqa: F401 (shared fixtures)
from tests.people import personen_anlegen


@pytest.fixture
def personen(db):
    """Partner of A, colleague in A, partner of B, council member, staff (tests/people.py)."""
    return personen_anlegen()


@pytest.fixture(autouse=True)
def _statische_dateien_ohne_manifest(settings):
    """Pages render {% static %} without collectstatic (the manifest exists only in builds)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _schnelles_passwort_hashing(settings):
    """Tests create many accounts; the production hasher costs seconds each on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _leerer_cache():
    """Each test starts with an empty cache (API throttling counters, cached reports)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

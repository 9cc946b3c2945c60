import pytest

from tests.browser import axe_pruefen, browser, seite  # noqa: F401 (shared fixtures)
from tests.people import personen_anlegen


@pytest.fixture
def personen(db):
    """Partner of A, colleague in A, partner of B, council member, staff (tests/people.py)."""
    return personen_anlegen()


@pytest.fixture(autouse=True)
def _statische_dateien_ohne_manifest(request, settings):
    """Pages render {% static %} without collectstatic (the manifest exists only in builds).

    ``@pytest.mark.echte_statische_dateien`` opts out: the test runs with the storage the
    settings module itself chose.
    """
    if request.node.get_closest_marker("echte_statische_dateien"):
        return
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

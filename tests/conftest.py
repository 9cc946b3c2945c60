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


@pytest.fixture(autouse=True)
def _force_login_mit_zweitem_faktor(monkeypatch):
    """``client.force_login(buero)`` means fully logged in, second factor included.

    Staff must confirm a TOTP code before the admin opens (konten/zwei_faktor.py). Dozens of
    tests log staff in with force_login and then use the admin; for them this gives the account
    a real TOTP device and marks the session as confirmed with it, as django_otp.login does.
    The tests of the second factor itself log in through the forms (tests/konten/).
    """
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from konten.zwei_faktor import braucht_zweiten_faktor

        if braucht_zweiten_faktor(user):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            geraet = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            geraet = geraet or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
            sitzung = self.session
            sitzung[DEVICE_ID_SESSION_KEY] = geraet.persistent_id
            sitzung.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def _aufgaben_sofort(request, settings):
    """Tasks run at once, in the test's process, when their enqueueing commit happens.

    Mail is enqueued on commit (versand/mail.py); a test inside a rolled-back transaction sees it
    sent only within ``django_capture_on_commit_callbacks(execute=True)``. Tests of the real
    database backend and worker opt out with ``@pytest.mark.echte_aufgaben``.
    """
    if request.node.get_closest_marker("echte_aufgaben"):
        return
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }


@pytest.fixture(scope="session", autouse=True)
def _eigene_ordner_je_testprozess(tmp_path_factory):
    """Each test process (``-n auto`` starts one per core) has its own attachment and report
    folders: two processes must not see each other's files nor leave files in the project's
    var/."""
    from django.conf import settings

    settings.ANHANG_ROOT = tmp_path_factory.mktemp("anhaenge")
    settings.BERICHT_ROOT = tmp_path_factory.mktemp("berichte")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """An SQLite test database in a file when a test runs a worker in another process.

    The in-memory database of the test run cannot be shared with a subprocess (the
    ``db_worker_prozess`` fixture of tests/versand/); other runs keep the faster in-memory one.
    """
    from django.conf import settings

    datenbank = settings.DATABASES["default"]
    braucht_datei = any(
        "db_worker_prozess" in getattr(item, "fixturenames", ()) for item in request.session.items
    )
    if braucht_datei and datenbank["ENGINE"] == "django.db.backends.sqlite3":
        ordner = request.getfixturevalue("tmp_path_factory").mktemp("testdb")
        datenbank.setdefault("TEST", {})["NAME"] = str(ordner / "test.sqlite3")
        # A throwaway file: no sync to disk per commit, nearly as fast as the one in memory.
        datenbank.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"

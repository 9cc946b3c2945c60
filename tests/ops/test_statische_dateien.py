"""Static files: pages render without collectstatic in the default settings; where the hashed
manifest storage is configured (the production profile) and collectstatic never ran, /healthz
fails, ``check --deploy`` says so, and the 500 page still renders."""

import importlib
import json

import pytest
from django.core import checks
from django.test import Client

from tests.ops.test_check_deploy import PRODUKTION, manage_check

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def standardeinstellungen(monkeypatch, settings):
    """The static file settings the default settings module chooses when nothing is set."""
    for name in ["DEBUG", "STATIC_MANIFEST", "WHITENOISE_USE_FINDERS", "STATIC_ROOT"]:
        monkeypatch.delenv(name, raising=False)
    modul = importlib.reload(importlib.import_module("integration_portal.settings"))
    settings.STORAGES = modul.STORAGES
    settings.WHITENOISE_USE_FINDERS = modul.WHITENOISE_USE_FINDERS
    settings.STATIC_ROOT = modul.STATIC_ROOT
    yield modul
    importlib.reload(modul)


@pytest.fixture
def manifest_ohne_collectstatic(settings, tmp_path):
    """The production profile's storage, but collectstatic never ran."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.WHITENOISE_USE_FINDERS = False
    return settings.STATIC_ROOT


def manifest_schreiben(static_root):
    static_root.mkdir(parents=True, exist_ok=True)
    (static_root / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "paths": {"css/portal.css": "css/portal.0123456789ab.css"},
                "hash": "x",
            }
        )
    )


@pytest.mark.echte_statische_dateien
@pytest.mark.django_db
def test_default_settings_serve_pages_with_debug_off(standardeinstellungen, settings):
    """``runserver`` after ``make demo`` without DEBUG=1: pages and their style sheet load."""
    assert settings.DEBUG is False
    browser = Client(raise_request_exception=False)
    antwort = browser.get("/")
    assert antwort.status_code == 200
    assert 'href="/static/css/portal.css"' in antwort.content.decode()
    assert browser.get("/static/css/portal.css").status_code == 200
    assert browser.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_fails_when_pages_cannot_render(manifest_ohne_collectstatic):
    antwort = Client().get("/healthz")
    assert antwort.status_code == 503
    assert antwort.json() == {
        "status": "fehler",
        "datenbank": "ok",
        "seiten": "statische Dateien fehlen (collectstatic)",
    }


@pytest.mark.django_db
def test_healthz_is_fine_once_collectstatic_ran(manifest_ohne_collectstatic):
    manifest_schreiben(manifest_ohne_collectstatic)
    antwort = Client().get("/healthz")
    assert antwort.status_code == 200
    assert antwort.json() == {"status": "ok", "datenbank": "ok", "seiten": "ok"}


@pytest.mark.django_db
def test_the_500_page_does_not_need_the_manifest(manifest_ohne_collectstatic):
    """The page itself fails on its style sheet; the error page still says what happened."""
    antwort = Client(raise_request_exception=False).get("/")
    assert antwort.status_code == 500
    inhalt = antwort.content.decode()
    assert "Interner Fehler" in inhalt
    assert 'href="/static/css/portal.css"' in inhalt


@pytest.mark.django_db
def test_the_503_page_does_not_need_the_manifest(manifest_ohne_collectstatic, monkeypatch):
    from tests.ops.test_fehlerseiten import datenbank_weg

    datenbank_weg(monkeypatch)
    antwort = Client(raise_request_exception=False).get("/massnahmen/")
    assert antwort.status_code == 503
    assert "Vorübergehend nicht verfügbar" in antwort.content.decode()


def fehler_der_pruefung():
    return [
        meldung
        for meldung in checks.run_checks(include_deployment_checks=True)
        if meldung.id == "integration_portal.E001"
    ]


def test_check_deploy_says_collectstatic_is_missing(manifest_ohne_collectstatic):
    (fehler,) = fehler_der_pruefung()
    assert fehler.level == checks.ERROR
    assert "collectstatic" in fehler.msg
    assert str(manifest_ohne_collectstatic) in fehler.msg
    assert "collectstatic" in fehler.hint


def test_check_deploy_is_quiet_once_collectstatic_ran(manifest_ohne_collectstatic):
    manifest_schreiben(manifest_ohne_collectstatic)
    assert fehler_der_pruefung() == []


def test_check_deploy_is_quiet_without_the_manifest_storage():
    """The default settings serve files from the app folders: nothing to collect."""
    assert fehler_der_pruefung() == []


def test_check_deploy_of_the_production_profile_before_collectstatic(tmp_path):
    ergebnis = manage_check(**PRODUKTION, STATIC_ROOT=str(tmp_path / "leer"))
    assert ergebnis.returncode != 0
    ausgabe = ergebnis.stdout + ergebnis.stderr
    assert "integration_portal.E001" in ausgabe
    assert "collectstatic" in ausgabe

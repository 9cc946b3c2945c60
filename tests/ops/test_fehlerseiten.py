"""Error pages: German, no traceback, and a database outage answers 503 (try again) not 500."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def datenbank_weg(monkeypatch):
    """Every query from now on fails as if PostgreSQL were restarting."""
    from django.db.backends.utils import CursorWrapper

    def kaputt(self, sql, params=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", kaputt)


@pytest.fixture
def ohne_datenbank(monkeypatch):
    datenbank_weg(monkeypatch)


@pytest.fixture
def browser():
    # Like a browser: an error becomes a page, not an exception in the test.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("pfad", ["/", "/massnahmen/", "/akteure/", "/best-practice/"])
def test_database_outage_is_a_german_503_page(browser, ohne_datenbank, pfad):
    antwort = browser.get(pfad)
    assert antwort.status_code == 503
    assert antwort["Retry-After"] == "30"
    inhalt = antwort.content.decode()
    assert "Vorübergehend nicht verfügbar" in inhalt
    assert "Traceback" not in inhalt and "OperationalError" not in inhalt
    assert '<html lang="de">' in inhalt


@pytest.mark.parametrize("pfad", ["/massnahmen/", "/admin/"])
def test_database_outage_on_a_logged_in_page(browser, personen, monkeypatch, pfad):
    """The session lookup itself fails: still the 503 page."""
    browser.force_login(personen.buero)
    datenbank_weg(monkeypatch)
    assert browser.get(pfad).status_code == 503


def test_api_outage_answers_json(browser, ohne_datenbank):
    antwort = browser.get("/api/v1/massnahmen/")
    assert antwort.status_code == 503
    assert antwort.json()["code"] == "nicht_verfuegbar"


def test_interface_error_counts_as_outage_too(browser, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def kaputt(self, sql, params=None):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(CursorWrapper, "execute", kaputt)
    assert browser.get("/massnahmen/").status_code == 503


def test_other_errors_are_a_german_500_page(browser, monkeypatch):
    from portal.views import OverviewView

    def kaputt(self, *args, **kwargs):
        raise ValueError("Programmierfehler")

    monkeypatch.setattr(OverviewView, "get", kaputt)
    antwort = browser.get("/")
    assert antwort.status_code == 500
    inhalt = antwort.content.decode()
    assert "Interner Fehler" in inhalt
    assert "Programmierfehler" not in inhalt


def test_not_found_is_a_german_404_page(client):
    antwort = client.get("/gibt-es-nicht/")
    assert antwort.status_code == 404
    inhalt = antwort.content.decode()
    assert "Seite nicht gefunden" in inhalt
    assert 'href="/massnahmen/"' in inhalt  # the way back

"""Error pages: German, no traceback, and a database outage answers 503 (try again) not 500."""

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.test.signals import template_rendered

from tests import builders as b

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


@contextmanager
def verbindung_reisst_ab_beim_rendern(vorlage):
    """The database connection breaks just before ``vorlage`` renders (its lazy querysets).

    PostgreSQL: the server ends the session (``pg_terminate_backend``), as a restart does.
    SQLite has no server: the connection object is closed under Django's feet (the in-memory
    test database itself must survive, so the real one is put back afterwards).
    """
    zustand = {}

    def abreissen(sender, template, **kwargs):
        if template.name != vorlage or zustand:
            return
        if connection.vendor == "postgresql":
            import psycopg2

            s = connection.settings_dict
            andere = psycopg2.connect(
                host=s["HOST"], port=s["PORT"], user=s["USER"], dbname=s["NAME"]
            )
            andere.autocommit = True
            with andere.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
                )
            andere.close()
            zustand["abgerissen"] = True
        else:
            zustand["echte"] = connection.connection
            kaputt = sqlite3.connect(":memory:")
            kaputt.close()
            connection.connection = kaputt

    template_rendered.connect(abreissen)
    try:
        yield zustand
    finally:
        template_rendered.disconnect(abreissen)
        if "echte" in zustand:
            connection.connection = zustand["echte"]
        else:
            connection.close()  # the next query connects anew


@pytest.mark.django_db(transaction=True)
def test_connection_lost_while_a_page_renders_is_a_503(browser):
    """Measured in ``make loadtest``: 1 × 500 among 1,019 × 503 while PostgreSQL restarted."""
    b.akteur("Amt für Jugend, Soziales und Asyl")
    with verbindung_reisst_ab_beim_rendern("portal/akteure.html") as zustand:
        antwort = browser.get("/akteure/")
    assert zustand, "the connection did not break"
    assert antwort.status_code == 503
    assert antwort["Retry-After"] == "30"
    assert "Vorübergehend nicht verfügbar" in antwort.content.decode()


def test_a_programming_error_on_a_working_connection_stays_a_500(browser, monkeypatch):
    """Only a lost connection is an outage; bad SQL on a live one is our bug."""
    from django.db import ProgrammingError

    from portal.views import AkteurListeView

    def kaputt(self):
        raise ProgrammingError('relation "gibt_es_nicht" does not exist')

    monkeypatch.setattr(AkteurListeView, "get_queryset", kaputt)
    assert browser.get("/akteure/").status_code == 500

"""The warm-up of the gunicorn master and of each new worker (integration_portal/aufwaermen.py),
in this process: what gunicorn_conf.py's hooks call (tests/ops/test_start_worker.py runs them in
a real gunicorn on PostgreSQL)."""

import gc

import pytest
from django.db import OperationalError, connections
from django.template import engines

from integration_portal import aufwaermen as a

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def geschlossen(monkeypatch):
    """Counts ``connections.close_all()``: SQLite's in-memory test database is never really
    closed by Django (it would lose its data), so the call is what can be checked there."""
    aufrufe = []
    original = connections.close_all

    def zaehlen():
        aufrufe.append(True)
        original()

    monkeypatch.setattr(connections, "close_all", zaehlen)
    return aufrufe


def _keine_offen():
    if connections["default"].vendor != "sqlite":
        assert all(verbindung.connection is None for verbindung in connections.all())


@pytest.fixture(autouse=True)
def _ohne_freeze():
    yield
    gc.unfreeze()  # aufwaermen() freezes what exists, for the workers' copy-on-write
    a._seiten_bereit = False


def test_every_step_runs_and_no_connection_stays_open(geschlossen):
    ergebnis = a.aufwaermen()
    assert set(ergebnis) == {name for name, _schritt in a.SCHRITTE}
    assert ergebnis["Module"] > 50
    assert ergebnis["Vorlagen"] > 50
    assert ergebnis["Übersetzungen"] == 2
    assert ergebnis["Seiten"] == len(a.SEITEN)
    assert a._seiten_bereit
    assert geschlossen
    _keine_offen()
    # The templates are compiled into the cached loader the workers inherit.
    lader = engines["django"].engine.template_loaders[0]
    assert "portal/uebersicht.html" in {str(k).split(":")[0] for k in lader.get_template_cache}


def test_a_failing_step_is_logged_and_the_others_run(caplog, geschlossen):
    def kaputt():
        raise OperationalError("Datenbank weg")

    ergebnis = a.aufwaermen((("Seiten", kaputt), ("URLs", a.urls_aufloesen)))
    assert "Seiten" not in ergebnis
    assert ergebnis["URLs"] > 0
    assert "Aufwärmen: Seiten fehlgeschlagen: Datenbank weg" in caplog.text
    assert geschlossen
    _keine_offen()


def test_the_new_worker_connects_and_asks_for_the_pages():
    from django.core.signals import request_started

    a.seiten_abrufen()
    anfragen = []

    def gezaehlt(**kwargs):
        anfragen.append(kwargs["environ"]["PATH_INFO"])

    request_started.connect(gezaehlt)
    try:
        a.worker_aufwaermen()
    finally:
        request_started.disconnect(gezaehlt)
    assert anfragen == list(a.SEITEN)


def test_a_worker_without_database_starts_all_the_same(monkeypatch, caplog):
    def weg():
        raise OperationalError("keine Verbindung")

    monkeypatch.setattr(connections["default"], "ensure_connection", weg)
    a._seiten_bereit = True
    a.worker_aufwaermen()
    assert "Worker ohne Datenbankverbindung gestartet: keine Verbindung" in caplog.text


def test_the_worker_skips_the_pages_the_master_could_not_get(django_assert_num_queries):
    a._seiten_bereit = False
    connections.close_all()
    with django_assert_num_queries(0):
        a.worker_aufwaermen()

"""Fixtures the report tests share (the global conftest already empties the cache per test)."""

import pytest

from berichte.render import Ergebnis
from tests.berichte.bericht_szenario import szenario_anlegen


@pytest.fixture
def s(personen):
    return szenario_anlegen(personen)


@pytest.fixture
def gerendert(monkeypatch):
    """WeasyPrint replaced by a stand-in that records which reports were rendered."""
    berichte = []

    def pdf_erzeugen(bericht, **grenzen):
        berichte.append(bericht)
        return Ergebnis(pdf=b"%PDF-1.7 Attrappe", seiten=1, sekunden=0, speicher_kb=0, zuwachs_kb=0)

    monkeypatch.setattr("berichte.render.pdf_erzeugen", pdf_erzeugen)
    return berichte


@pytest.fixture
def holen(client, django_capture_on_commit_callbacks):
    """GET a report as a browser would: the first answer (202 while it is made), the worker's
    task (run at the commit), then the page's refresh. Returns ``(first, after refresh)``."""

    def laden(url, daten=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            erste = client.get(url, daten, **extra)
        if erste.status_code != 202:
            return erste, erste
        return erste, client.get(url, daten, **extra)

    return laden


def inhalt(antwort):
    """The bytes of a served report (a streamed FileResponse)."""
    return b"".join(antwort.streaming_content)


@pytest.fixture
def db_worker_prozess(transactional_db, monkeypatch):
    """``manage.py db_worker --batch`` in its own process on the test database (committed data),
    writing report files where this test process reads them (BERICHT_ROOT)."""
    from django.conf import settings

    from tests.smtp_sink import SmtpSink
    from tests.worker_prozess import db_worker

    monkeypatch.setenv("BERICHT_ROOT", str(settings.BERICHT_ROOT))
    with SmtpSink() as smtp:
        yield lambda: db_worker(smtp)

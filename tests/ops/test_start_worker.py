"""Warm workers: gunicorn preloads and warms the application in the master (issue 16).

integration_portal/gunicorn_conf.py (``preload_app``, hooks) and integration_portal/aufwaermen.py.
Real gunicorn processes with the production profile on port 8311:

- workers recycled after every request (max_requests=1) still serve every request, and no
  connection to PostgreSQL is ever held by two processes (the master closes its own before
  forking; each worker opens its own);
- a database that is down, or not migrated, does not stop the master: it warns and serves.
"""

import re
import subprocess
import time

import pytest
from django.db import connection

from tests import builders as b
from tests.bench.start import anfrage, gunicorn_laeuft, gunicorn_umgebung, manifest_schreiben

PORT = 8311


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The production profile's pages need a static manifest (tests/bench/start.py)."""
    ordner = tmp_path_factory.mktemp("static")
    manifest_schreiben(ordner)
    return ordner


def pg_verbindungen(pids):
    """{local port: pids} of the TCP connections to PostgreSQL held by the processes ``pids``."""
    ausgabe = subprocess.run(
        ["ss", "-tnpH", "state", "established", "dport", "=", ":5432"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    verbindungen = {}
    for zeile in ausgabe.splitlines():
        halter = {int(p) for p in re.findall(r"pid=(\d+)", zeile)} & pids
        if halter:
            lokal = zeile.split()[2]
            verbindungen[lokal] = halter
    return verbindungen


def prozessgruppe(master_pid):
    """The master and its workers (gunicorn runs in a session of its own)."""
    ausgabe = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout
    return {master_pid, *(int(p) for p in ausgabe.split())}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the workers need a server database to share"
)
@pytest.mark.django_db(transaction=True)
def test_recycelte_worker_bedienen_weiter_und_teilen_keine_verbindung(static_root, tmp_path):
    b.plan_mit_massnahmen(3)
    datenbank = connection.settings_dict
    url = f"postgres://{datenbank['USER']}@{datenbank['HOST']}:{datenbank['PORT']}/"
    env = gunicorn_umgebung(
        url + datenbank["NAME"],
        static_root,
        PORT,
        WEB_CONCURRENCY="2",
        GUNICORN_MAX_REQUESTS="1",
        GUNICORN_PRELOAD="1",
        LOG_LEVEL="INFO",
    )
    with gunicorn_laeuft(env, tmp_path / "zugriffe.log") as server:
        status = []
        for _ in range(6):
            status.append(anfrage(server.port, "/")[0])
            time.sleep(0.3)
        time.sleep(1.5)  # the last recycled worker is up and connected
        pids = prozessgruppe(server.prozess.pid)
        verbindungen = pg_verbindungen(pids)
        worker_pids = {p for p in pids if p != server.prozess.pid}
        fehler = server.fehlerausgabe()

    assert status == [200] * 6, fehler[-3000:]
    # The master warmed up (integration_portal/aufwaermen.py), its page requests all answered.
    assert re.search(r"Aufgewärmt in .*Seiten 5", fehler), fehler[-3000:]
    # Each of the two workers recycled three times: six fresh workers served the six requests.
    bediente = {z["status"] for z in server.zugriffe("/")}
    assert bediente == {200}
    # Not vacuous: the workers alive now hold their own connections.
    assert verbindungen, fehler[-3000:]
    assert all(len(halter) == 1 for halter in verbindungen.values()), verbindungen
    assert all(halter <= worker_pids for halter in verbindungen.values()), (
        "the master holds a connection",
        verbindungen,
    )


def test_master_startet_ohne_datenbank_und_warnt(static_root, tmp_path):
    # Nothing listens on port 8319 (one of ours): the database is "down".
    env = gunicorn_umgebung(
        "postgres://postgres@127.0.0.1:8319/gibt_es_nicht",
        static_root,
        PORT,
        WEB_CONCURRENCY="1",
        GUNICORN_PRELOAD="1",
    )
    with gunicorn_laeuft(env, tmp_path / "zugriffe.log", bereit=(503,)) as server:
        status, _dauer = anfrage(server.port, "/healthz")
        laeuft = server.prozess.poll() is None
        fehler = server.fehlerausgabe()
    assert status == 503 and laeuft
    assert "Aufwärmen: Seiten fehlgeschlagen" in fehler
    assert "Worker ohne Datenbankverbindung" in fehler


def test_master_startet_mit_nicht_migrierter_datenbank_und_warnt(static_root, tmp_path):
    leer = tmp_path / "leer.sqlite3"
    env = gunicorn_umgebung(
        f"sqlite:///{leer}",
        static_root,
        PORT,
        WEB_CONCURRENCY="1",
        GUNICORN_PRELOAD="1",
        LOG_LEVEL="INFO",
    )
    with gunicorn_laeuft(env, tmp_path / "zugriffe.log") as server:
        status, _dauer = anfrage(server.port, "/healthz")
        fehler = server.fehlerausgabe()
    assert status == 200
    assert "Migrationen nicht angewandt" in fehler
    # Neither the master nor the worker tried the pages on it (each would log a 503 error).
    assert '"logger": "django.request"' not in fehler
    assert "Aufgewärmt" in fehler

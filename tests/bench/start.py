"""Benchmark of starting: a command, ``manage.py demo`` and a fresh gunicorn worker (issue 16).

Called by ``tests/bench/__main__.py`` (``make bench BENCH=start``). Every figure is measured in
new processes, beside a floor measured in the same run on the same (shared) machine:

- the start of ``manage.py check`` (``django.setup()`` plus the URLconf, measured inside the
  process, and the whole command's wall-clock time), median of 5, against a bare
  ``django.setup()`` with empty settings;
- whether WeasyPrint is imported once the URLconf is loaded;
- ``manage.py demo`` on a scratch SQLite file, fresh and repeated, against one bare Django
  start-up (aim ≤ 3 s repeated);
- the first request of a fresh gunicorn worker (production profile, the demo's SQLite file,
  port 8312, one worker recycled after every request) against a later request of a worker
  that is not recycled, median of several, as gunicorn's access log times them in the worker
  (aim ≤ 50 ms).

Python writes its bytecode caches as in ordinary use (``PYTHONDONTWRITEBYTECODE`` is dropped
for the measured processes) and an unmeasured run comes first.
"""

import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
BASIS = Path(settings.BASE_DIR)
PORT = 8312
WIEDERHOLUNGEN = 5
ANFRAGEN = 7

# In the measured process: the start up to a loaded URLconf, and whether WeasyPrint came with it.
START = """
import os, sys, time
t = time.perf_counter()
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(time.perf_counter() - t, "weasyprint" in sys.modules)
"""
LEER = """
import time
t = time.perf_counter()
import django
django.setup()
print(time.perf_counter() - t)
"""


def _umgebung(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTHONDONTWRITEBYTECODE"))
    }
    env.update(extra)
    return env


def _median_wand(befehl, env, n=WIEDERHOLUNGEN):
    """Median wall-clock seconds of ``befehl`` and the median of what it printed first."""
    subprocess.run(befehl, cwd=BASIS, env=env, check=True, capture_output=True)  # caches
    wand, gedruckt = [], []
    for _ in range(n):
        start = time.perf_counter()
        ergebnis = subprocess.run(
            befehl, cwd=BASIS, env=env, check=True, capture_output=True, text=True
        )
        wand.append(time.perf_counter() - start)
        gedruckt.append(ergebnis.stdout.split())
    return statistics.median(wand), gedruckt


def start_messen(ausgabe, leer_verzeichnis):
    projekt = _umgebung(DJANGO_SETTINGS_MODULE="integration_portal.settings")
    leer = _umgebung(DJANGO_SETTINGS_MODULE="leer_settings", PYTHONPATH=str(leer_verzeichnis))
    check_s, _ = _median_wand([PYTHON, "manage.py", "check"], projekt)
    _wand, start = _median_wand([PYTHON, "-c", START], projekt)
    leer_wand_s, leer_start = _median_wand([PYTHON, "-c", LEER], leer)
    start_s = statistics.median(float(z[0]) for z in start)
    leer_s = statistics.median(float(z[0]) for z in leer_start)
    weasyprint = any(z[1] == "True" for z in start)
    ausgabe(f"Start (Median aus {WIEDERHOLUNGEN} Prozessen):")
    ausgabe(
        f"  django.setup() + URLconf      {start_s * 1000:6.0f} ms   leere Einstellungen "
        f"{leer_s * 1000:5.0f} ms   {start_s / leer_s:4.1f}×"
    )
    ausgabe(
        f"  manage.py check (Prozess)     {check_s * 1000:6.0f} ms   leerer Prozess     "
        f"{leer_wand_s * 1000:5.0f} ms   {check_s / leer_wand_s:4.1f}×"
    )
    ausgabe(f"  WeasyPrint nach dem URLconf geladen: {'ja' if weasyprint else 'nein'}")
    return leer_wand_s


def demo_messen(ausgabe, verzeichnis, boden_s):
    env = _umgebung(
        DJANGO_SETTINGS_MODULE="integration_portal.settings",
        DATABASE_URL=f"sqlite:///{verzeichnis / 'demo.sqlite3'}",
        DEBUG="1",
    )
    zeiten = []
    for _ in range(2):
        start = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "demo"], cwd=BASIS, env=env, check=True, capture_output=True
        )
        zeiten.append(time.perf_counter() - start)
    wiederholt = [zeiten[1]]
    for _ in range(2):
        start = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "demo"], cwd=BASIS, env=env, check=True, capture_output=True
        )
        wiederholt.append(time.perf_counter() - start)
    wieder_s = statistics.median(wiederholt)
    ausgabe("manage.py demo (SQLite, ein Prozess):")
    ausgabe(f"  neue Datenbank                {zeiten[0]:6.2f} s")
    ausgabe(
        f"  wiederholt (Median aus 3)     {wieder_s:6.2f} s   ein leerer Django-Start "
        f"{boden_s:5.2f} s   {wieder_s / boden_s:4.1f}×   (Ziel ≤ 3 s)"
    )
    return env["DATABASE_URL"]


def gunicorn_umgebung(datenbank, static_root, port, **extra):
    return _umgebung(
        **{
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings_production",
            "DATABASE_URL": datenbank,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_MAX_REQUESTS_JITTER": "0",
            "BIND": f"127.0.0.1:{port}",
            **extra,
        }
    )


def manifest_schreiben(static_root):
    """A manifest naming every static file as itself, in place of a collectstatic run.

    The production profile's storage renders ``{% static %}`` only from a manifest; a real
    collectstatic (hashing and compressing everything) takes a minute on these machines and
    changes nothing about how fast a page is built.
    """
    from django.contrib.staticfiles import finders

    pfade = {pfad: pfad for finder in finders.get_finders() for pfad, _speicher in finder.list([])}
    Path(static_root).mkdir(parents=True, exist_ok=True)
    (Path(static_root) / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": pfade, "hash": ""})
    )


def anfrage(port, pfad, timeout=30):
    verbindung = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        start = time.perf_counter()
        verbindung.request("GET", pfad)
        antwort = verbindung.getresponse()
        antwort.read()
        return antwort.status, time.perf_counter() - start
    finally:
        verbindung.close()


def warten_bis_bereit(port, frist=60, bereit=(200,)):
    ende = time.monotonic() + frist
    while time.monotonic() < ende:
        try:
            if anfrage(port, "/healthz", timeout=10)[0] in bereit:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn auf Port {port} wird nicht bereit")


def gunicorn_laeuft(env, log_pfad, bereit=(200,)):
    """A running gunicorn (``with``), its access log in ``log_pfad``; ready when /healthz
    answers with a status in ``bereit``."""
    return _Gunicorn(env, log_pfad, bereit)


class _Gunicorn:
    def __init__(self, env, log_pfad, bereit):
        self.env = {**env, "GUNICORN_ACCESSLOG": str(log_pfad)}
        self.log_pfad = Path(log_pfad)
        self.port = int(env["BIND"].rsplit(":", 1)[1])
        self.bereit = bereit

    def __enter__(self):
        self.fehler = tempfile.TemporaryFile()
        self.prozess = subprocess.Popen(
            [GUNICORN, "-c", "integration_portal/gunicorn_conf.py", "integration_portal.wsgi"],
            cwd=BASIS,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.fehler,
            start_new_session=True,
        )
        try:
            warten_bis_bereit(self.port, bereit=self.bereit)
        except BaseException:
            self.__exit__()
            raise
        return self

    def fehlerausgabe(self):
        self.fehler.seek(0)
        return self.fehler.read().decode(errors="replace")

    def zugriffe(self, pfad):
        """The access log's lines for ``pfad``, as dicts."""
        zeilen = self.log_pfad.read_text().splitlines() if self.log_pfad.exists() else []
        return [z for z in map(json.loads, zeilen) if z["pfad"] == pfad]

    def __exit__(self, *exc):
        if self.prozess.poll() is None:
            self.prozess.send_signal(signal.SIGTERM)
            try:
                self.prozess.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.prozess.pid, signal.SIGKILL)
                self.prozess.wait()


def erste_anfragen(env, verzeichnis, pfad="/", anzahl=ANFRAGEN, pause=2.5):
    """Server-side ms of ``pfad`` on fresh workers (one per request) and on a warm worker."""
    frisch_env = {**env, "GUNICORN_MAX_REQUESTS": "1"}
    with gunicorn_laeuft(frisch_env, verzeichnis / f"frisch-{uuid.uuid4().hex}.log") as server:
        for _ in range(anzahl):
            time.sleep(pause)  # the recycled worker's successor is up (and idle) by then
            status, _s = anfrage(server.port, pfad)
            assert status == 200, (status, server.fehlerausgabe()[-2000:])
        time.sleep(0.5)
        frisch = [z["dauer_ms"] for z in server.zugriffe(pfad)]
    warm_env = {**env, "GUNICORN_MAX_REQUESTS": "0"}
    with gunicorn_laeuft(warm_env, verzeichnis / f"warm-{uuid.uuid4().hex}.log") as server:
        for _ in range(anzahl + 2):
            time.sleep(pause)  # as above: only the worker's age differs
            status, _s = anfrage(server.port, pfad)
            assert status == 200, status
        time.sleep(0.5)
        warm = [z["dauer_ms"] for z in server.zugriffe(pfad)][2:]
    return frisch, warm


def worker_messen(ausgabe, verzeichnis, datenbank):
    static_root = verzeichnis / "static"
    env = gunicorn_umgebung(datenbank, static_root, PORT)
    manifest_schreiben(static_root)
    ausgabe("Erste Anfrage eines frischen gunicorn-Workers (Produktionsprofil, SQLite, GET /):")
    for titel, preload in (("mit preload_app", "1"), ("ohne (GUNICORN_PRELOAD=0)", "0")):
        frisch, warm = erste_anfragen({**env, "GUNICORN_PRELOAD": preload}, verzeichnis)
        ausgabe(f"  {titel}:")
        ausgabe(
            f"    frischer Worker (Median aus {len(frisch)}) {statistics.median(frisch):6.0f} ms"
            f"   (min {min(frisch)}, max {max(frisch)}; Ziel ≤ 50 ms)"
        )
        ausgabe(
            f"    späte Anfrage (Median aus {len(warm)})   {statistics.median(warm):6.0f} ms"
            f"   {statistics.median(frisch) / max(statistics.median(warm), 1):4.1f}×"
        )


def run(ausgabe=print):
    with tempfile.TemporaryDirectory(prefix="bench-start-") as verzeichnis:
        verzeichnis = Path(verzeichnis)
        (verzeichnis / "leer_settings.py").write_text('SECRET_KEY = "bench"\n')
        boden_s = start_messen(ausgabe, verzeichnis)
        datenbank = demo_messen(ausgabe, verzeichnis, boden_s)
        worker_messen(ausgabe, verzeichnis, datenbank)

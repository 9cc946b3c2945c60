"""Benchmark "seitencache": a page-cache hit and a 304 through Django's whole WSGI handler,
with the hit answered in SeitencacheMiddleware (now) and after the whole middleware stack in
the view decorator (before), in the same run.

Called by ``tests/bench/__main__.py`` (``make bench BENCH=seitencache``); runs itself in a
process of its own on the production profile (``settings_production``, persistent database
connections as ``CONN_MAX_AGE`` in production, a scratch SQLite file unless ``DATABASE_URL``
names PostgreSQL; the local memory cache unless ``REDIS_URL`` is set). In a throw-away
database with the 2020 concept (tests/bench/wegwerf.py); two ``WSGIHandler`` in this process,
one with the production middleware list and one without ``SeitencacheMiddleware``; requests
are WSGI environs as gunicorn passes them (no network, no server: the figures are Django's
share). Per path and handler: requests per second for the stored page, a 304 for its ETag, and
for the indicator download the full file against its 304 (integration_portal/bedingt.py).
Rounds alternate between the two handlers so that the machine's load hits both alike; the
median of the rounds is printed, never asserted.
"""

import os
import secrets
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory, override_settings

from tests.bench.wegwerf import wegwerf_datenbank

MIDDLEWARE = "integration_portal.seitencache.SeitencacheMiddleware"
RUNDEN = 7
JE_RUNDE = 60
PFADE = ["/", "/massnahmen/", "/handlungsfelder/5.2/", "/indikatoren/"]
DOWNLOAD = "/indikatoren/daten.csv"


def _antwort(handler, umgebung):
    """One request through the handler: status and the headers, the body read and closed."""
    ergebnis = {}

    def start_response(status, kopf, exc_info=None):
        ergebnis["status"] = int(status.split()[0])
        ergebnis["kopf"] = dict(kopf)

    antwort = handler(dict(umgebung), start_response)
    try:
        for _stueck in antwort:
            pass
    finally:
        antwort.close()
    return ergebnis


def _umgebung(pfad, **kopf):
    return RequestFactory().get(pfad, HTTP_ACCEPT_ENCODING="gzip", **kopf).environ


def _pro_sekunde(handler, umgebung, erwartet):
    start = time.perf_counter()
    for _ in range(JE_RUNDE):
        status = _antwort(handler, umgebung)["status"]
        if status != erwartet:
            raise RuntimeError(f"{umgebung['PATH_INFO']}: {status} statt {erwartet}")
    return JE_RUNDE / (time.perf_counter() - start)


def _vergleichen(handler, umgebung, erwartet):
    """Median requests/s of every handler, measured in alternating rounds."""
    werte = {name: [] for name in handler}
    for _ in range(RUNDEN):
        for name, h in handler.items():
            werte[name].append(_pro_sekunde(h, umgebung, erwartet))
    return {name: statistics.median(liste) for name, liste in werte.items()}


def _handler():
    # Pages render {% static %} without a collectstatic run (as in the tests).
    ohne_manifest = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    ohne = [eintrag for eintrag in settings.MIDDLEWARE if eintrag != MIDDLEWARE]
    with override_settings(MIDDLEWARE=ohne):
        vorher = WSGIHandler()
    return {"vorher": vorher, "jetzt": WSGIHandler()}, ohne_manifest


def _zeile(ausgabe, name, werte):
    faktor = werte["jetzt"] / werte["vorher"] if werte["vorher"] else float("inf")
    ausgabe(f"  {name:<34} {werte['vorher']:>9.0f} {werte['jetzt']:>9.0f} {faktor:>7.2f}×")


def run():
    """Entry of ``python -m tests.bench``: this benchmark on the production profile."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="integration_portal.settings_production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver,localhost",
        SECURE_SSL_REDIRECT="false",
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "60"),
        LOG_LEVEL="WARNING",
    )
    subprocess.run([sys.executable, "-m", "tests.bench.seitencache"], env=env, check=True)


def messen(ausgabe=print):
    from django.core.cache import cache
    from django.db import connection

    with wegwerf_datenbank("bench-seitencache-") as test_db:
        handler, speicher = _handler()
        with override_settings(STORAGES=speicher, ALLOWED_HOSTS=["*"]):
            cache.clear()
            ausgabe(
                f"Seitencache: Anfragen je Sekunde durch den ganzen WSGI-Handler, Median aus "
                f"{RUNDEN} Runden à {JE_RUNDE} (Datenbank {test_db}, {connection.vendor}); "
                f"vorher = Treffer im View-Dekorator nach allen Middleware, jetzt = in "
                f"SeitencacheMiddleware:"
            )
            ausgabe(f"  {'Anfrage':<34} {'vorher/s':>9} {'jetzt/s':>9} {'Faktor':>8}")
            for pfad in PFADE:
                erste = _antwort(handler["jetzt"], _umgebung(pfad))
                if erste["status"] != 200:
                    ausgabe(f"  {pfad}: Status {erste['status']}, übersprungen")
                    continue
                _zeile(ausgabe, f"Treffer {pfad}", _vergleichen(handler, _umgebung(pfad), 200))
                etag = erste["kopf"]["ETag"]
                bedingt = _umgebung(pfad, HTTP_IF_NONE_MATCH=etag)
                _zeile(ausgabe, f"304 {pfad}", _vergleichen(handler, bedingt, 304))
            datei = _antwort(handler["jetzt"], _umgebung(DOWNLOAD))
            _zeile(ausgabe, f"Datei {DOWNLOAD}", _vergleichen(handler, _umgebung(DOWNLOAD), 200))
            bedingt = _umgebung(DOWNLOAD, HTTP_IF_NONE_MATCH=datei["kopf"]["ETag"])
            _zeile(ausgabe, f"304 {DOWNLOAD}", _vergleichen(handler, bedingt, 304))


if __name__ == "__main__":
    import django

    django.setup()
    messen()

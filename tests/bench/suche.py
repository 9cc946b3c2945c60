"""Benchmark of the site-wide search over the whole 2020 concept (``make bench BENCH=suche``).

Prints, per query (a word, a stem, a compound, an Akteur, a typo, a reference), the median time
of the search itself (all kinds, ``suche.abfragen.suchen``: the SQL and building the hits) and of
the whole uncached page, with the number of queries. Aim on PostgreSQL: under 50 ms for the
search. On SQLite the figures are for orientation only (typos are a PostgreSQL feature).
"""

import statistics
import time

from django.db import connection
from django.test import Client, override_settings

from tests.bench.wegwerf import wegwerf_datenbank

ANFRAGEN = [
    ("Wort", "Sprachmittlung"),
    ("Stamm", "Sprachmittler"),
    ("Faltung", "Strasse"),
    ("Akteur", "Hanse-Jobcenter"),
    ("zwei Wörter", "Beratung Familien"),
    ("Tippfehler", "Sprachmitlung"),
    ("Referenz", "5.2 / 1 a"),
]
WIEDERHOLUNGEN = 15


def _zaehlen(abfragen):
    """Records (sql, seconds) of every query: how much of the time is the database's."""

    def wrapper(execute, sql, params, many, context):
        beginn = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            abfragen.append((sql, time.perf_counter() - beginn))

    return wrapper


def _median_ms(aufruf):
    zeiten = []
    for _ in range(WIEDERHOLUNGEN):
        beginn = time.perf_counter()
        aufruf()
        zeiten.append((time.perf_counter() - beginn) * 1000)
    return statistics.median(zeiten)


def run():
    from suche.abfragen import suchen

    with wegwerf_datenbank("bench-suche-"):
        # A logged-in look would differ; a fresh client without cookies, and no page cache, so
        # every request searches.
        client = Client()
        print(f"Suche über das ganze Konzept ({connection.vendor}), Median aus {WIEDERHOLUNGEN}:")
        print(
            f"{'Anfrage':<32} {'Treffer':>7} {'Abfr.':>5} {'DB ms':>7} {'Suche ms':>9} "
            f"{'Seite ms':>9}"
        )
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        ):
            for art, eingabe in ANFRAGEN:
                client.get("/suche/", {"q": eingabe})  # warm: compiled patterns, templates
                abfragen = []
                with connection.execute_wrapper(_zaehlen(abfragen)):
                    antwort = client.get("/suche/", {"q": eingabe})
                if antwort.status_code == 302:
                    treffer = "→"
                    suche_ms = _median_ms(lambda e=eingabe: client.get("/suche/", {"q": e}))
                else:
                    treffer = str(suchen(eingabe).anzahl)
                    suche_ms = _median_ms(lambda e=eingabe: suchen(e))
                seite_ms = _median_ms(lambda e=eingabe: client.get("/suche/", {"q": e}))
                name = f"{art}: {eingabe}"
                db_ms = sum(dauer for _sql, dauer in abfragen) * 1000
                print(
                    f"{name:<32} {treffer:>7} {len(abfragen):>5} {db_ms:>7.1f} {suche_ms:>9.1f} "
                    f"{seite_ms:>9.1f}"
                )
        print("DB ms: Zeit in der Datenbank für eine ganze Seite (ein Lauf, mit Round-Trips).")

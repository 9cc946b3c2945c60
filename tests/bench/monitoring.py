"""Benchmark of the monitoring with 100 000 Messwerte: import time, page queries and times.

Called by ``tests/bench/__main__.py`` (``make bench``). Works in a throw-away database (a scratch
SQLite file when the portal runs on SQLite): loads the concept and its figures if the fixtures
are there, builds a CSV of 100 000 values in the long format (10 indicators × 35 years × total,
21 Stadtbereiche, 2 Geschlechter, 10 Altersgruppen and their crossings), imports it, imports it
again (nothing changes), and renders every monitoring page, printing queries, time and size.
"""

import time

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.bench.wegwerf import wegwerf_datenbank

ANZAHL = 100_000
INDIKATOREN = 10
JAHRE = range(1990, 2025)
STADTBEREICHE = [f"Stadtbereich {i:02d}" for i in range(1, 22)]
GESCHLECHTER = ["weiblich", "männlich"]
ALTERSGRUPPEN = [f"{a} bis unter {a + 10} Jahre" for a in range(0, 100, 10)]


def _kombinationen():
    """Breakdowns of one year: (stadtbereich, geschlecht, altersgruppe), "" where not split."""
    yield "", "", ""
    for s in STADTBEREICHE:
        yield s, "", ""
    for g in GESCHLECHTER:
        yield "", g, ""
    for a in ALTERSGRUPPEN:
        yield "", "", a
    for s in STADTBEREICHE:
        for g in GESCHLECHTER:
            yield s, g, ""
        for a in ALTERSGRUPPEN:
            yield s, "", a


def csv_datei(anzahl=ANZAHL):
    """The long-format CSV of ``anzahl`` values (German decimal commas, ``;`` as Excel writes)."""
    zeilen = ["indikator;datum;wert;stadtbereich;geschlecht;altersgruppe;quelle;status"]
    n = 0
    for i in range(INDIKATOREN):
        for jahr in JAHRE:
            for k, (s, g, a) in enumerate(_kombinationen()):
                if n == anzahl:
                    return "\n".join(zeilen) + "\n"
                wert = f"{(jahr - 1980) * 0.25 + k % 17 + i:.2f}".replace(".", ",")
                zeilen.append(f"bench-{i:02d};{jahr};{wert};{s};{g};{a};Benchmark;endgültig")
                n += 1
    return "\n".join(zeilen) + "\n"


def _indikatoren_anlegen():
    from concept.models import Handlungsfeld
    from monitoring.models import Indikator

    handlungsfeld = Handlungsfeld.objects.filter(nummer="4.2.3").first()
    for i in range(INDIKATOREN):
        indikator, _neu = Indikator.objects.get_or_create(
            kennung=f"bench-{i:02d}",
            defaults={
                "name": f"Benchmark-Indikator {i + 1}",
                "kurzdefinition": "Erzeugte Werte für den Benchmark.",
                "einheit": "prozent",
                "nachkommastellen": 2,
                "datenquelle": "Benchmark",
                "richtung": "hoeher_besser",
            },
        )
        if handlungsfeld:
            indikator.handlungsfelder.add(handlungsfeld)


def _seite(client, url, ausgabe):
    with CaptureQueriesContext(connection) as abfragen:
        start = time.perf_counter()
        antwort = client.get(url)
        inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
        dauer = time.perf_counter() - start
    ausgabe(
        f"  {url:<58} {antwort.status_code}  {len(abfragen):3d} Abfragen  "
        f"{dauer * 1000:8.1f} ms  {len(inhalt) / 1024:8.0f} KiB"
    )


def run(ausgabe=print):
    from monitoring.importing import importieren
    from monitoring.models import Dimension, Messwert

    with wegwerf_datenbank("bench-monitoring-") as test_db:
        for slug, name in (("altersgruppe", "Altersgruppe"), ("stadtbereich", "Stadtbereich")):
            Dimension.objects.get_or_create(slug=slug, defaults={"name": name})
        _indikatoren_anlegen()
        datei = csv_datei().encode()

        ausgabe(f"Monitoring mit {ANZAHL:,} Messwerten (Datenbank {test_db}):".replace(",", "."))
        for titel, anwenden in (
            ("Vorschau (Prüfung)", False),
            ("Import", True),
            ("erneuter Import", True),
        ):
            start = time.perf_counter()
            ergebnis = importieren(datei, "bench.csv", anwenden=anwenden)
            dauer = time.perf_counter() - start
            ausgabe(f"  {titel:<20} {dauer:6.2f} s  {ergebnis.zusammenfassung()}")
            reset_queries()
        ausgabe(f"  Messwerte in der Datenbank: {Messwert.objects.count():,}".replace(",", "."))

        client = Client()
        # Pages render {% static %} without a collectstatic run, as in the tests.
        ohne_manifest = override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        )
        ohne_manifest.enable()
        client.get("/indikatoren/")  # warm-up: first-request imports are not the page's cost
        for url in (
            "/indikatoren/",
            "/indikatoren/auslaenderanteil/",
            "/indikatoren/bench-00/",
            "/indikatoren/bench-00/?nach=stadtbereich",
            "/indikatoren/bench-00/?nach=altersgruppe%3Bstadtbereich",
            "/indikatoren/bench-00.csv",
            "/indikatoren/bench-00.json",
            "/indikatoren/daten.csv",
            "/indikatoren/daten.json",
        ):
            _seite(client, url, ausgabe)
        ohne_manifest.disable()

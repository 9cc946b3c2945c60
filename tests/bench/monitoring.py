"""Benchmark of the monitoring with 100,000 Messwerte: import, indicator page, Datenlage.

Called by ``tests/bench/__main__.py`` (``make bench``), or alone with a smaller count:
``python -m tests.bench.monitoring --anzahl 2000 -n 3`` (tests/ops/test_bench_monitoring.py).
Works in a throw-away database (a scratch SQLite file when the portal runs on SQLite; PostgreSQL
or SQLite as ``DATABASE_URL`` says). Prints, in one run:

(a) the import of ``anzahl`` new values into one indicator (1990–2024, the total and 3,166
    breakdowns a year – 21 Stadtbereiche, 2 Geschlechter, 10 Altersgruppen, 10 Herkunftsgruppen
    and their crossings – cut at ``anzahl``), the re-import of the same file (nothing changes)
    and an import that changes a tenth of the values; on PostgreSQL beside it the baseline – a
    plain ``COPY`` of the same rows into fresh, indexed copies of ``monitoring_messwert`` and
    ``monitoring_historicalmesswert`` – and the ratio (aim: import ≤ 3 s and ≤ 3× the baseline);
(b) the indicator page with those values, 8 series shown (``?nach=stadtbereich``: 8 of 21),
    p50 of ``-n`` renders with an empty page cache, and its queries beside the same page of an
    indicator with a tenth of the data (three years), which must be equal (aim: < 50 ms,
    constant queries);
(c) the Datenlage page (``monitoring:datenlage``, "nicht vorhanden" before it exists) and the
    other monitoring pages and downloads, once each.

The machine (cores, load average) is printed beside the figures: the machine is shared, so a
figure without its load is not comparable. Nothing here is asserted; figures go to README.
"""

import argparse
import io
import itertools
import os
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from tests.bench.wegwerf import wegwerf_datenbank

ANZAHL = 100_000
WIEDERHOLUNGEN = 7
GROSS = "bench-gross"
KLEIN = "bench-klein"  # the same breakdowns for one year: the 1× run of the query count
JAHRE = range(1990, 2025)
STADTBEREICHE = [f"Stadtbereich {i:02d}" for i in range(1, 22)]
GESCHLECHTER = ["weiblich", "männlich"]
ALTERSGRUPPEN = [f"{a} bis unter {a + 10} Jahre" for a in range(0, 100, 10)]
HERKUNFT = [f"Herkunftsgruppe {i}" for i in range(1, 11)]
DIMENSIONEN = ("stadtbereich", "geschlecht", "altersgruppe", "herkunft")
KOPF = f"indikator;datum;wert;{';'.join(DIMENSIONEN)};quelle;status;fallzahl"


def _kombinationen():
    """Breakdowns as ``{dimension: Ausprägung}``: the total, each dimension alone, their pairs,
    Stadtbereich × Geschlecht × Altersgruppe and Stadtbereich × Altersgruppe × Herkunft
    (3,166 a year; the last ones are cut at ``anzahl``)."""
    dimensionen = {
        "stadtbereich": STADTBEREICHE,
        "geschlecht": GESCHLECHTER,
        "altersgruppe": ALTERSGRUPPEN,
        "herkunft": HERKUNFT,
    }
    gruppen = [()]
    gruppen += [(d,) for d in dimensionen]
    gruppen += list(itertools.combinations(dimensionen, 2))
    gruppen += [("stadtbereich", "geschlecht", "altersgruppe")]
    gruppen += [("stadtbereich", "altersgruppe", "herkunft")]
    for gruppe in gruppen:
        for werte in itertools.product(*(dimensionen[d] for d in gruppe)):
            yield dict(zip(gruppe, werte, strict=True))


def csv_datei(anzahl=ANZAHL, kennung=GROSS, jahre=JAHRE, geaendert_jede=0):
    """The long-format CSV of ``anzahl`` values of one indicator (decimal commas, ``;``), each
    breakdown for all ``jahre``; with ``geaendert_jede`` every so-manieth value is 0.5 higher
    (a file of corrections)."""
    zeilen = [KOPF]
    for k, kombination in enumerate(_kombinationen()):
        zellen = ";".join(kombination.get(d, "") for d in DIMENSIONEN)
        for jahr in jahre:
            if len(zeilen) > anzahl:
                return "\n".join(zeilen) + "\n"
            versatz = 0.5 if geaendert_jede and len(zeilen) % geaendert_jede == 0 else 0
            wert = f"{(jahr - 1980) * 0.25 + k % 17 + versatz:.2f}".replace(".", ",")
            fallzahl = 2 + (jahr + k) % 40  # some cells below the threshold, as in real data
            zeilen.append(f"{kennung};{jahr};{wert};{zellen};Benchmark;endgültig;{fallzahl}")
    return "\n".join(zeilen) + "\n"


def _indikatoren_anlegen():
    from concept.models import Handlungsfeld
    from monitoring.models import Dimension, Indikator

    for slug, name in (
        ("altersgruppe", "Altersgruppe"),
        ("stadtbereich", "Stadtbereich"),
        ("geschlecht", "Geschlecht"),
        ("herkunft", "Herkunft"),
    ):
        Dimension.objects.get_or_create(slug=slug, defaults={"name": name})
    handlungsfeld = Handlungsfeld.objects.filter(nummer="4.2.3").first()
    for kennung in (GROSS, KLEIN):
        indikator, _neu = Indikator.objects.get_or_create(
            kennung=kennung,
            defaults={
                "name": f"Benchmark-Indikator {kennung}",
                "kurzdefinition": "Erzeugte Werte für den Benchmark.",
                "einheit": "prozent",
                "nachkommastellen": 2,
                "datenquelle": "Benchmark",
                "richtung": "hoeher_besser",
            },
        )
        if handlungsfeld:
            indikator.handlungsfelder.add(handlungsfeld)


def maschine():
    eins, fuenf, _fuenfzehn = os.getloadavg()
    datenbank = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    return (
        f"Maschine: {os.cpu_count()} Kerne, Last {eins:.2f} (1 min) {fuenf:.2f} (5 min); "
        f"{datenbank}"
    )


# --- (a) import -------------------------------------------------------------------------------


def _importieren(datei, titel, ausgabe, anwenden=True):
    from monitoring.importing import importieren

    start, cpu = time.perf_counter(), time.process_time()
    ergebnis = importieren(datei, "bench.csv", anwenden=anwenden, grund="Benchmark")
    dauer, cpu = time.perf_counter() - start, time.process_time() - cpu
    reset_queries()
    # The CPU of this process (Python: reading, checking, building the COPY rows) beside the
    # wall time: on a shared machine the wall time grows with the load, the CPU much less.
    ausgabe(f"  {titel:<24} {dauer:6.2f} s (CPU {cpu:5.2f} s)  {ergebnis.zusammenfassung()}")
    return dauer


def copy_basis():
    """Seconds of a plain COPY of the bench indicator's rows into fresh indexed copies of the
    value and history tables (PostgreSQL only); the rows are read out before the clock runs."""
    from monitoring.models import Indikator, Messwert

    messwert = Messwert._meta.db_table
    historie = Messwert.history.model._meta.db_table
    indikator = Indikator.objects.get(kennung=GROSS).pk
    spalten_h = [
        f.column for f in Messwert.history.model._meta.concrete_fields if f.name != "history_id"
    ]
    puffer_m, puffer_h = io.StringIO(), io.StringIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY (SELECT * FROM {messwert} WHERE indikator_id = {indikator}) TO STDOUT",
            puffer_m,
        )
        cursor.copy_expert(
            f"COPY (SELECT {', '.join(spalten_h)} FROM {historie} "
            f"WHERE indikator_id = {indikator} AND history_type = '+') TO STDOUT",
            puffer_h,
        )
        for tabelle in (messwert, historie):
            cursor.execute(
                f"CREATE TABLE bench_{tabelle} (LIKE {tabelle} INCLUDING ALL)"  # indexes too
            )
    puffer_m.seek(0)
    puffer_h.seek(0)
    try:
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(f"COPY bench_{messwert} FROM STDIN", puffer_m)
            cursor.copy_expert(
                f"COPY bench_{historie} ({', '.join(spalten_h)}) FROM STDIN", puffer_h
            )
        return time.perf_counter() - start
    finally:
        with connection.cursor() as cursor:
            for tabelle in (messwert, historie):
                cursor.execute(f"DROP TABLE bench_{tabelle}")


def import_messen(anzahl, ausgabe):
    datei = csv_datei(anzahl).encode()
    _importieren(datei, "Vorschau (Prüfung)", ausgabe, anwenden=False)
    neu = _importieren(datei, "Import (neu)", ausgabe)
    _importieren(datei, "erneuter Import", ausgabe)
    # Django's bulk_update (the ORM path, SQLite) needs seconds per thousand rows: a file of
    # corrections changes a tenth, not everything.
    _importieren(csv_datei(anzahl, geaendert_jede=10).encode(), "Import (10 % geändert)", ausgabe)
    if connection.vendor != "postgresql":
        ausgabe("  COPY-Basis               nicht gemessen (COPY gibt es nur auf PostgreSQL)")
        return
    basis = copy_basis()
    ziel = "ja" if neu <= 3 and neu <= 3 * basis else "nein"
    ausgabe(
        f"  COPY-Basis {basis:6.2f} s (beide Tabellen, indiziert); Import (neu) = "
        f"{neu / basis:.1f}× (Ziel ≤ 3 s und ≤ 3×: {ziel})"
    )


# --- (b), (c) pages ---------------------------------------------------------------------------


def messen(client, url, wiederholungen):
    """``(status, queries, p50 ms, KiB)`` of renders after one warm-up, each with an empty
    page cache (integration_portal/seitencache.py would answer with stored bytes otherwise)."""
    client.get(url)
    zeiten = []
    for _ in range(wiederholungen):
        cache.clear()
        with CaptureQueriesContext(connection) as abfragen:
            start = time.perf_counter()
            antwort = client.get(url)
            inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
            zeiten.append((time.perf_counter() - start) * 1000)
    return antwort.status_code, len(abfragen), statistics.median(zeiten), len(inhalt) / 1024


def _zeile(titel, url, werte, ausgabe, extra=""):
    status, abfragen, p50, kib = werte
    ausgabe(
        f"  {titel:<34} {status}  {abfragen:3d} Abfragen  p50 {p50:8.1f} ms  {kib:7.0f} KiB"
        f"{extra}  {url}"
    )


def seiten_messen(anzahl, wiederholungen, ausgabe):
    client = Client()
    client.get("/indikatoren/")  # warm-up: first-request imports are not the page's cost
    ausgabe(f"Indikatorseite ({anzahl:,} Werte; 8 von 21 Reihen gezeigt):".replace(",", "."))
    for titel, anhang in (
        ("Gesamtreihe", ""),
        ("nach Stadtbereich (8 Reihen)", "?nach=stadtbereich"),
    ):
        gross = messen(client, f"/indikatoren/{GROSS}/{anhang}", wiederholungen)
        klein = messen(client, f"/indikatoren/{KLEIN}/{anhang}", wiederholungen)
        gleich = "gleich" if gross[1] == klein[1] else "NICHT gleich"
        _zeile(
            titel,
            f"/indikatoren/{GROSS}/{anhang}",
            gross,
            ausgabe,
            extra=f"  (1×-Daten: {klein[1]} Abfragen, {klein[2]:.1f} ms – {gleich}; "
            f"Ziel < 50 ms: {'ja' if gross[2] < 50 else 'nein'})",
        )
    ausgabe("Datenlage und weitere Seiten:")
    try:
        datenlage = reverse("monitoring:datenlage")
    except NoReverseMatch:
        ausgabe("  Datenlage                          nicht vorhanden (monitoring:datenlage)")
    else:
        _zeile("Datenlage", datenlage, messen(client, datenlage, wiederholungen), ausgabe)
    for titel, url in (
        ("Übersicht", "/indikatoren/"),
        (
            "nach Altersgruppe × Stadtbereich",
            f"/indikatoren/{GROSS}/?nach=altersgruppe%3Bstadtbereich",
        ),
        ("CSV des Indikators", f"/indikatoren/{GROSS}.csv"),
        ("JSON des Indikators", f"/indikatoren/{GROSS}.json"),
        ("CSV aller Indikatoren", "/indikatoren/daten.csv"),
    ):
        _zeile(titel, url, messen(client, url, 1), ausgabe)


def run(ausgabe=print, anzahl=ANZAHL, wiederholungen=WIEDERHOLUNGEN):
    from monitoring.models import Messwert

    with wegwerf_datenbank("bench-monitoring-") as test_db:
        _indikatoren_anlegen()
        ausgabe(f"Monitoring mit {anzahl:,} Messwerten (Datenbank {test_db}):".replace(",", "."))
        ausgabe(maschine())
        import_messen(anzahl, ausgabe)
        # 1× data (a tenth): three years of the same breakdowns, for the same page's queries.
        klein = csv_datei(anzahl, kennung=KLEIN, jahre=range(2022, 2025))
        _importieren(klein.encode(), "Import 1×-Daten", ausgabe)
        gesamt = Messwert.objects.count()
        ausgabe(f"  Messwerte in der Datenbank: {gesamt:,}".replace(",", "."))

        # Pages render {% static %} without a collectstatic run, as in the tests.
        with override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ):
            seiten_messen(anzahl, wiederholungen, ausgabe)
        ausgabe(maschine())


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anzahl", type=int, default=ANZAHL)
    parser.add_argument("-n", type=int, default=WIEDERHOLUNGEN, help="Renders je Seite")
    argumente = parser.parse_args()
    run(anzahl=argumente.anzahl, wiederholungen=argumente.n)

"""Benchmark of the main pages and API lists: render time and query count at 1× and 10× data.

Called by ``tests/bench/__main__.py`` (``make bench``). Works in a throw-away test database (a
scratch SQLite file when the portal runs on SQLite): loads the 2020 concept and its monitoring
figures (1×), gives every measure an approved Sachstand and a partner account, measures every
page, then multiplies the measures tenfold (nine copies of every Teilziel with its measures,
responsibilities and Sachstände) and measures again. The query count must stay the same from
1× to 10× and the SQL time within 2× (DESIGN.md, quality bars); times are the median of five
renders through Django's test client (no network, no gunicorn). SQL time is the sum of the real
durations of one render's queries (``connection.execute_wrapper``), so it tells the database's
share from the Python and template share of the render time. Printed, never asserted.
"""

import statistics
import time
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.bench.wegwerf import wegwerf_datenbank

WIEDERHOLUNGEN = 5
FAKTOR = 10
# Quality bar: at 10× data a page's SQL may take at most twice as long as at 1×.
SQL_GRENZE = 2.0


def seiten(daten):
    """``(name, url, who)`` of every main page and API list; who: None, "partner", "buero"."""
    hf, massnahme, akteur = daten["handlungsfeld"], daten["massnahme"], daten["akteur"]
    liste = [
        ("Übersicht", "/", None),
        ("Handlungsfeld", f"/handlungsfelder/{hf}/", None),
        ("Maßnahmen", "/massnahmen/", None),
        ("Maßnahmen gefiltert", f"/massnahmen/?status=nicht_begonnen&handlungsfeld={hf}", None),
        ("Maßnahme", f"/massnahmen/{massnahme}/", None),
        ("Akteure", "/akteure/", None),
        ("Akteur", f"/akteure/{akteur}/", None),
        ("Best Practice", "/best-practice/", None),
        ("Indikatoren", "/indikatoren/", None),
        ("Berichte", "/berichte/", None),
        ("Meine Maßnahmen (Partner)", "/meine-massnahmen/", "partner"),
        ("Meine Sachstände (Partner)", "/meine-sachstaende/", "partner"),
        ("Admin: Maßnahmen", "/admin/measures/massnahme/", "buero"),
        ("Admin: Sachstände", "/admin/measures/sachstand/", "buero"),
        ("Admin: Startseite", "/admin/", "buero"),
        ("API Maßnahmen", "/api/v1/massnahmen/", None),
        ("API Maßnahmen gefiltert", f"/api/v1/massnahmen/?handlungsfeld={hf}", None),
        ("API Handlungsfelder", "/api/v1/handlungsfelder/", None),
        ("API Handlungsfeld", f"/api/v1/handlungsfelder/{hf}/", None),
        ("API Teilziele", "/api/v1/teilziele/", None),
        ("API Akteure", "/api/v1/akteure/", None),
        ("API Sachstände", "/api/v1/sachstaende/", None),
        ("API Indikatoren", "/api/v1/indikatoren/", None),
    ]
    return liste


class SqlUhr:
    """An execute wrapper adding up how long the database took for the queries it passes on."""

    def __init__(self):
        self.sekunden = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sekunden += time.perf_counter() - start


def messen(client, url):
    """``(queries, median ms, median SQL ms, status)`` of ``WIEDERHOLUNGEN`` renders after one
    warm-up, each with an empty cache."""
    from django.core.cache import cache

    client.get(url)
    zeiten, sql_zeiten = [], []
    for _ in range(WIEDERHOLUNGEN):
        # Each render as right after a change: the page cache (integration_portal/seitencache.py)
        # would otherwise answer the anonymous pages with its stored bytes (tests/bench/datei.py
        # measures those).
        cache.clear()
        uhr = SqlUhr()
        with CaptureQueriesContext(connection) as abfragen, connection.execute_wrapper(uhr):
            start = time.perf_counter()
            antwort = client.get(url, HTTP_ACCEPT="text/html,application/json")
            zeiten.append((time.perf_counter() - start) * 1000)
        sql_zeiten.append(uhr.sekunden * 1000)
    return (
        len(abfragen),
        statistics.median(zeiten),
        statistics.median(sql_zeiten),
        antwort.status_code,
    )


def beispieldaten():
    """Konten, one approved Sachstand per measure; the pages' parameters."""
    from measures.choices import Pruefstatus, Status
    from measures.models import Akteur, Massnahme, Sachstand, Zustaendigkeit
    from measures.roles import BUERO, NETZWERKPARTNER

    buero = User.objects.create_user("bench-seiten-buero", is_staff=True, is_superuser=True)
    buero.groups.add(Group.objects.get_or_create(name=BUERO)[0])
    akteur = (
        Akteur.objects.filter(zustaendigkeiten__federfuehrend=True)
        .order_by("-zustaendigkeiten__massnahme__teilziel__handlungsfeld__sortierung", "name")
        .first()
    )
    partner = User.objects.create_user("bench-seiten-partner")
    partner.groups.add(Group.objects.get_or_create(name=NETZWERKPARTNER)[0])
    akteur.mitglieder.add(partner)
    erste_akteure = dict(
        Zustaendigkeit.objects.order_by("massnahme", "-federfuehrend").values_list(
            "massnahme", "akteur"
        )
    )
    Sachstand.objects.bulk_create(
        Sachstand(
            massnahme_id=m,
            akteur_id=a,
            datum=date(2025, 6, 30),
            status=Status.IN_UMSETZUNG,
            ampel="im_plan",
            fortschritt=50,
            text="Die Maßnahme läuft wie geplant.",
            eingereicht_von=partner,
            pruefstatus=Pruefstatus.FREIGEGEBEN,
            geprueft_von=buero,
        )
        for m, a in erste_akteure.items()
    )
    massnahme = Massnahme.objects.filter(zustaendigkeiten__akteur=akteur).first()
    return {
        "buero": buero,
        "partner": partner,
        "akteur": akteur.slug,
        "massnahme": massnahme.oeffentliche_kennung,
        "handlungsfeld": massnahme.teilziel.handlungsfeld.nummer,
    }


def verzehnfachen():
    """Nine copies of every Teilziel with its measures, responsibilities and Sachstände."""
    from concept.models import Teilziel
    from measures.models import Massnahme, Sachstand, Zustaendigkeit

    teilziele = list(Teilziel.objects.all())
    massnahmen = list(Massnahme.objects.all())
    zustaendigkeiten = list(Zustaendigkeit.objects.all())
    sachstaende = list(Sachstand.objects.all())
    for kopie in range(1, FAKTOR):
        neu_tz = {}
        for tz in teilziele:
            neu_tz[tz.pk] = Teilziel(
                handlungsfeld_id=tz.handlungsfeld_id, nummer=tz.nummer + 100 * kopie, text=tz.text
            )
        Teilziel.objects.bulk_create(neu_tz.values())
        neu_m = {}
        for m in massnahmen:
            neu_m[m.pk] = Massnahme(
                teilziel=neu_tz[m.teilziel_id],
                kennung=m.kennung,
                text=m.text,
                status=m.status,
                ampel=m.ampel,
                fortschritt=m.fortschritt,
                zieldatum=m.zieldatum,
            )
        Massnahme.objects.bulk_create(neu_m.values())
        Zustaendigkeit.objects.bulk_create(
            Zustaendigkeit(
                massnahme=neu_m[z.massnahme_id],
                akteur_id=z.akteur_id,
                seite=z.seite,
                federfuehrend=z.federfuehrend,
                hinweis=z.hinweis,
            )
            for z in zustaendigkeiten
        )
        Sachstand.objects.bulk_create(
            Sachstand(
                massnahme=neu_m[s.massnahme_id],
                akteur_id=s.akteur_id,
                datum=s.datum,
                status=s.status,
                ampel=s.ampel,
                fortschritt=s.fortschritt,
                text=s.text,
                eingereicht_von_id=s.eingereicht_von_id,
                pruefstatus=s.pruefstatus,
                geprueft_von_id=s.geprueft_von_id,
            )
            for s in sachstaende
        )


def statistik_auffrischen():
    """Fresh planner statistics after the bulk inserts, as autovacuum keeps them in production.

    Right after ``bulk_create`` PostgreSQL still plans with the statistics of the empty tables
    (nested loops over thousands of rows); a running server has had ``autoanalyze`` long before a
    visitor comes. SQLite is left as it runs: Django never runs ``ANALYZE`` there.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def alle_messen(daten):
    # Pages render {% static %} without a collectstatic run (as in the tests).
    ohne_manifest = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    with ohne_manifest:
        return _alle_messen(daten)


def _alle_messen(daten):
    clients = {None: Client()}
    clients["partner"] = Client()
    clients["partner"].force_login(daten["partner"])
    clients["buero"] = Client()
    clients["buero"].force_login(daten["buero"])
    return {name: messen(clients[wer], url) for name, url, wer in seiten(daten)}


def run(ausgabe=print):
    from django.core.cache import cache

    from measures.models import Massnahme

    with wegwerf_datenbank("bench-seiten-") as test_db:
        daten = beispieldaten()
        anzahl_1 = Massnahme.objects.count()
        statistik_auffrischen()
        cache.clear()
        einfach = alle_messen(daten)
        verzehnfachen()
        anzahl_10 = Massnahme.objects.count()
        statistik_auffrischen()
        cache.clear()
        zehnfach = alle_messen(daten)

        ausgabe(
            f"Seiten und API-Listen: Abfragen, Renderzeit und SQL-Zeit (Median aus "
            f"{WIEDERHOLUNGEN}), 1× = {anzahl_1} Maßnahmen, 10× = {anzahl_10} Maßnahmen "
            f"(Datenbank {test_db}, {connection.vendor}):"
        )
        ausgabe(
            f"  {'Seite':<30} {'Abfr. 1×':>9} {'ms 1×':>8} {'SQL 1×':>8} "
            f"{'Abfr. 10×':>10} {'ms 10×':>8} {'SQL 10×':>8} {'SQL ×':>6}"
        )
        wachsend, langsam = [], []
        for name, _url, _wer in seiten(daten):
            q1, t1, sql1, s1 = einfach[name]
            q10, t10, sql10, s10 = zehnfach[name]
            verhaeltnis = sql10 / sql1 if sql1 else float("inf")
            hinweis = "" if s1 == s10 == 200 else f"  (Status {s1}/{s10})"
            if q10 > q1:
                wachsend.append(name)
                hinweis += "  ← Abfragen wachsen mit den Daten"
            if verhaeltnis > SQL_GRENZE:
                langsam.append(name)
                hinweis += f"  ← SQL bei 10× über {SQL_GRENZE:g}× von 1×"
            ausgabe(
                f"  {name:<30} {q1:>9} {t1:>8.1f} {sql1:>8.1f} "
                f"{q10:>10} {t10:>8.1f} {sql10:>8.1f} {verhaeltnis:>6.1f}{hinweis}"
            )
        if wachsend:
            ausgabe(f"  Abfragen wachsen auf: {', '.join(wachsend)}")
        if langsam:
            ausgabe(f"  SQL-Zeit bei 10× über {SQL_GRENZE:g}× von 1×: {', '.join(langsam)}")

"""Benchmark of the round form (``make bench BENCH=rundenformular``): queries and time for an
Akteur that owes 5 and 40 measures, for showing the form (GET) and submitting every row (POST).

Works in a throw-away database (tests/bench/wegwerf.py) with a small plan built for it. GET is
the median of five renders; POST submits all rows of a fresh round, three times, median.
"""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.bench.wegwerf import wegwerf_datenbank

WIEDERHOLUNGEN = 5
POST_WIEDERHOLUNGEN = 3
GROESSEN = (5, 40)


def _messen(aufruf):
    with CaptureQueriesContext(connection) as abfragen:
        start = time.perf_counter()
        antwort = aufruf()
        dauer = (time.perf_counter() - start) * 1000
    return len(abfragen), dauer, antwort.status_code


def _runde(akteur, nummer):
    from measures import berichtsrunden
    from measures.models import Berichtsrunde
    from tests import builders as b

    Berichtsrunde.objects.filter(status="offen").update(status="geschlossen")
    runde = b.berichtsrunde(titel=f"Bench {nummer}")
    berichtsrunden.oeffnen(runde, mails=False)
    return runde


def _alle_zeilen(runde, akteur):
    from measures.models import Berichtsanfrage

    daten = {"einreichen": "1"}
    for pk in Berichtsanfrage.objects.filter(berichtsrunde=runde, akteur=akteur).values_list(
        "pk", flat=True
    ):
        daten.update(
            {
                f"z{pk}-status": "in_umsetzung",
                f"z{pk}-ampel": "im_plan",
                f"z{pk}-fortschritt": "50",
                f"z{pk}-text": "Es geht voran.",
                f"z{pk}-notiz_an_buero": "",
            }
        )
    return daten


def messen(anzahl):
    from django.contrib.auth.models import User

    from measures.rundenzugaenge import rundenformular_url
    from tests import builders as b

    akteur = b.akteur(f"Bench-Akteur {anzahl}")
    anderer = b.akteur(f"Bench-Partner {anzahl}")
    b.plan_mit_massnahmen(anzahl, [akteur, anderer])
    user = User.objects.create_user(f"bench-runde-{anzahl}")
    akteur.mitglieder.add(user)
    client = Client()
    client.force_login(user)

    runde = _runde(akteur, f"{anzahl}-get")
    url = rundenformular_url(runde, akteur)
    client.get(url)  # warm-up
    get = [_messen(lambda: client.get(url)) for _ in range(WIEDERHOLUNGEN)]
    post = []
    for i in range(POST_WIEDERHOLUNGEN):
        runde = _runde(akteur, f"{anzahl}-post-{i}")
        url, daten = rundenformular_url(runde, akteur), _alle_zeilen(runde, akteur)
        post.append(_messen(lambda url=url, daten=daten: client.post(url, daten)))
    return {
        "get": (get[-1][0], statistics.median(t for _, t, _ in get), get[-1][2]),
        "post": (post[-1][0], statistics.median(t for _, t, _ in post), post[-1][2]),
    }


def run(ausgabe=print):
    ohne_manifest = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )
    with wegwerf_datenbank("bench-rundenformular-", konzept=False) as test_db, ohne_manifest:
        ergebnisse = {anzahl: messen(anzahl) for anzahl in GROESSEN}
    ausgabe(f"Rundenformular: Abfragen und Zeit (Datenbank {test_db}):")
    ausgabe(f"  {'Schritt':<28} {'Maßnahmen':>9} {'Abfragen':>9} {'ms':>9} {'Status':>7}")
    for anzahl, werte in ergebnisse.items():
        for schritt, (abfragen, ms, status) in werte.items():
            name = "Formular zeigen (GET)" if schritt == "get" else "alle Zeilen einreichen (POST)"
            ausgabe(f"  {name:<28} {anzahl:>9} {abfragen:>9} {ms:>9.1f} {status:>7}")
    klein, gross = ergebnisse[GROESSEN[0]], ergebnisse[GROESSEN[-1]]
    if klein["get"][0] == gross["get"][0]:
        ausgabe("  GET: gleich viele Abfragen für 5 und 40 Maßnahmen.")
    else:
        ausgabe("  GET: Abfragen wachsen mit den Maßnahmen!")
    je_zeile = (gross["post"][0] - klein["post"][0]) / (GROESSEN[-1] - GROESSEN[0])
    ausgabe(f"  POST: {je_zeile:.1f} Abfragen mehr je Zeile (Ziel: 0).")

"""The round form needs the same number of queries for 5 and for 40 measures.

Budgets in tests/query_counts.json ("rundenformular": a member, "rundenzugang": a contact by
its personal link). The data grows in every part the page reads: Anfragen, answered,
returned and attached Sachstände, the draft, and the measures' Meilensteine (two each; the
submitted rows report one done and propose a new one).
"""

import json
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures import berichtsrunden, rundenzugaenge
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import (
    Anhang,
    Ansprechperson,
    Berichtsanfrage,
    Meilenstein,
    RundenEntwurf,
    Sachstand,
)
from tests import builders as b
from tests.measures.rundenhilfen import formular_url, zeile, zugang_url

BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())


def aufbauen(anzahl, personen):
    """An open round asking Akteur A about ``anzahl`` measures; a quarter answered, some
    returned, one with a file, and a draft."""
    b.plan_mit_massnahmen(anzahl, [personen.akteur_a, personen.akteur_b])
    runde = b.berichtsrunde(titel=f"Runde {anzahl}")
    berichtsrunden.oeffnen(runde, mails=False)
    anfragen = list(
        Berichtsanfrage.objects.filter(berichtsrunde=runde, akteur=personen.akteur_a).order_by("pk")
    )
    assert len(anfragen) == anzahl
    for anfrage in anfragen:
        for titel, faellig in (("Konzept", date(2026, 3, 1)), ("Start", date(2027, 1, 1))):
            Meilenstein.objects.create(massnahme=anfrage.massnahme, titel=titel, faellig_am=faellig)
    for i, anfrage in enumerate(anfragen[: anzahl // 2]):
        s = b.sachstand(
            anfrage.massnahme,
            personen.akteur_a,
            personen.partner_a,
            berichtsrunde=runde,
            pruefstatus=Pruefstatus.EINGEREICHT if i % 2 else Pruefstatus.ZURUECKGEGEBEN,
            pruefkommentar="" if i % 2 else "Bitte genauer.",
        )
        if i == 1:
            Anhang.objects.create(
                sachstand=s, datei="x/y", dateiname="a.pdf", inhaltstyp="application/pdf", groesse=1
            )
    RundenEntwurf.objects.create(
        berichtsrunde=runde,
        akteur=personen.akteur_a,
        daten={str(a.pk): {"text": "Entwurf"} for a in anfragen[anzahl // 2 :]},
    )
    return runde, anfragen


def _zaehlen(client, methode, url, daten=None):
    if methode == "get":
        client.get(url)  # warm-up: session, caches of the first request
    with CaptureQueriesContext(connection) as abfragen:
        antwort = getattr(client, methode)(url, daten or {})
    assert antwort.status_code in (200, 302), antwort.status_code
    return len(abfragen)


def _offene_zeilen(anfragen):
    daten = {"einreichen": "1"}
    for anfrage in anfragen[len(anfragen) // 2 :]:
        daten.update(zeile(anfrage, text="Neu", status=Status.IN_UMSETZUNG, ampel=Ampel.IM_PLAN))
        erster = anfrage.massnahme.meilensteine.order_by("faellig_am").first()
        daten[f"z{anfrage.pk}-meilenstein_{erster.pk}"] = "2026-03-02"
        daten[f"z{anfrage.pk}-neu_0_titel"] = "Abschluss"
        daten[f"z{anfrage.pk}-neu_0_faellig_am"] = "2028-01-01"
    return daten


@pytest.fixture
def kontakt_token(personen):
    def machen(runde):
        person, _ = Ansprechperson.objects.get_or_create(
            akteur=personen.akteur_a, email="ohne@example.org", defaults={"name": "Ohne"}
        )
        ((_zugang, token),) = rundenzugaenge.ausstellen([person], runde)
        return token

    return machen


def test_the_form_page_is_constant_for_5_and_40_measures(client, personen, kontakt_token):
    client.force_login(personen.partner_a)
    zahlen = {}
    for anzahl in (5, 40):
        runde, _anfragen = aufbauen(anzahl, personen)
        zahlen[anzahl] = (
            _zaehlen(client, "get", formular_url(runde, personen.akteur_a)),
            _zaehlen(client, "get", zugang_url(kontakt_token(runde))),
        )
        runde.status = "geschlossen"
        runde.save()
    assert zahlen[5] == zahlen[40], zahlen
    assert zahlen[5][0] <= BUDGETS["rundenformular"]["partner_a"], zahlen
    assert zahlen[5][1] <= BUDGETS["rundenzugang"]["ohne_konto"], zahlen


def test_submitting_costs_the_same_for_5_and_40_rows(client, personen):
    """One INSERT for the Sachstände and one for their history; the model's date rule gets the
    Konzepts' adoption dates for all rows in one query (``Sachstand.beschlussdaten``)."""
    client.force_login(personen.partner_a)
    zahlen = {}
    for anzahl in (5, 40):
        runde, anfragen = aufbauen(anzahl, personen)
        zahlen[anzahl] = _zaehlen(
            client, "post", formular_url(runde, personen.akteur_a), _offene_zeilen(anfragen)
        )
        neu = Sachstand.objects.filter(berichtsrunde=runde, text="Neu")
        assert neu.count() == anzahl - anzahl // 2
        assert all(len(s.meilenstein_meldungen) == 2 for s in neu)
        runde.status = "geschlossen"
        runde.save()
    assert zahlen[40] == zahlen[5], zahlen

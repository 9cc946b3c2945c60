"""Closing a Berichtsrunde keeps the full state of each measure (issue 15) and says so."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures import berichtsrunden, sachstaende, signale
from measures.choices import Ampel, Status
from measures.models import Berichtsrunde, Berichtsstand, Meilenstein
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


def _runde():
    return b.berichtsrunde(
        titel="Sachstandsbericht 2026", stichtag=date(2026, 6, 30), faellig_am=date(2026, 7, 31)
    )


def _melden(personen, massnahme, datum, text):
    s = sachstaende.einreichen(
        personen.partner_a,
        massnahme,
        datum=datum,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.GEFAEHRDET,
        fortschritt=70,
        text=text,
    )
    sachstaende.freigeben(s, personen.buero)
    return s


def test_schliessen_haelt_wortlaut_zustaendigkeiten_und_sachstand_fest(personen, plan):
    runde = _runde()
    plan.a.text, plan.a.zieldatum = "Wortlaut beim Schließen", date(2026, 5, 1)
    plan.a.save()
    Meilenstein.objects.create(
        massnahme=plan.a, titel="Auftakt", faellig_am=date(2026, 4, 1), notiz="mit Presse"
    )
    berichtsrunden.oeffnen(runde, mails=False)
    gezeigt = _melden(personen, plan.a, "2026-06-15", "Im Juni gemeldet")
    berichtsrunden.schliessen(runde)

    stand = Berichtsstand.objects.get(berichtsrunde=runde, massnahme=plan.a)
    assert stand.vollstaendig
    assert (stand.status, stand.ampel, stand.fortschritt) == (
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        70,
    )
    assert (stand.text, stand.zieldatum, stand.ueberfaellig) == (
        "Wortlaut beim Schließen",
        date(2026, 5, 1),
        True,
    )
    assert [(z["name"], z["federfuehrend"]) for z in stand.zustaendigkeiten] == [
        ("Amt A", True),
        ("Verein B", False),
    ]
    assert stand.zustaendigkeiten[0]["akteur"] == personen.akteur_a.pk
    assert stand.meilensteine == [
        {"titel": "Auftakt", "faellig_am": "2026-04-01", "erledigt_am": None, "notiz": "mit Presse"}
    ]
    assert (stand.sachstand, stand.sachstand_text, stand.sachstand_datum) == (
        gezeigt,
        "Im Juni gemeldet",
        date(2026, 6, 15),
    )
    assert stand.sachstand_akteur == "Amt A"
    ohne = Berichtsstand.objects.get(berichtsrunde=runde, massnahme=plan.b)
    assert ohne.sachstand is None and ohne.sachstand_text == "" and ohne.vollstaendig

    # What the round knew stays, whatever happens to the measure and its Akteur later.
    plan.a.text = "Später geändert"
    plan.a.save()
    personen.akteur_a.name = "Amt A (neu)"
    personen.akteur_a.save()
    stand.refresh_from_db()
    assert stand.text == "Wortlaut beim Schließen"
    assert stand.zustaendigkeiten[0]["name"] == "Amt A"


def test_schliessen_zeigt_keinen_sachstand_nach_dem_stichtag(personen, plan):
    runde = _runde()
    berichtsrunden.oeffnen(runde, mails=False)
    _melden(personen, plan.a, "2026-06-30", "Am Stichtag")
    berichtsrunden.schliessen(runde)
    assert Berichtsstand.objects.get(massnahme=plan.a).sachstand_text == "Am Stichtag"


def test_schliessen_sendet_das_signal_einmal(plan):
    runde = _runde()
    berichtsrunden.oeffnen(runde, mails=False)
    empfangen = []

    def empfaenger(sender, runde, **kwargs):
        empfangen.append(
            (sender, runde.pk, Berichtsstand.objects.filter(berichtsrunde=runde).count())
        )

    signale.berichtsrunde_geschlossen.connect(empfaenger)
    try:
        berichtsrunden.schliessen(runde)
    finally:
        signale.berichtsrunde_geschlossen.disconnect(empfaenger)
    # Sent after the Berichtsstände exist, for exactly this round.
    assert empfangen == [(Berichtsrunde, runde.pk, 4)]


def _abfragen_beim_schliessen(personen, anzahl):
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "9.9"), 1)
    for i in range(anzahl):
        m = b.massnahme(tz, f"z{i}")
        b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
        Meilenstein.objects.create(massnahme=m, titel="S", faellig_am=date(2026, 1, 1))
    runde = _runde()
    berichtsrunden.oeffnen(runde, mails=False)
    with CaptureQueriesContext(connection) as abfragen:
        berichtsrunden.schliessen(runde)
    return len(abfragen)


@pytest.mark.django_db
def test_schliessen_braucht_gleich_viele_abfragen(personen):
    wenige = _abfragen_beim_schliessen(personen, 2)
    Berichtsstand.objects.all().delete()
    Berichtsrunde.objects.all().delete()
    viele = _abfragen_beim_schliessen(personen, 12)
    assert viele == wenige

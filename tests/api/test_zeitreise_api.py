"""The Maßnahmen API "as of" a Stichtag (issue 15): ``?stichtag=`` shows yesterday's values."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measures.choices import Status
from tests import builders as b
from tests.zeitreise_szenario import (
    ALTER_WORTLAUT,
    AMT_ALT,
    AMT_NEU,
    NEUER_WORTLAUT,
    NEUES_AMT,
    VEREIN,
    gestern_um,
    heute_aendern,
    zeitreise_anlegen,
)
from tests.zwei_ausgaben import zwei_ausgaben_anlegen

BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())
LISTE = "/api/v1/massnahmen/"
DETAIL = "/api/v1/massnahmen/5.2-1a/"


@pytest.fixture
def z(db):
    z = zeitreise_anlegen()
    heute_aendern(z)
    return z


def _zustaendig(daten):
    return [(x["akteur"], x["federfuehrend"]) for x in daten["zustaendigkeiten"]]


def test_detail_von_gestern(client, z):
    daten = client.get(DETAIL, {"stichtag": z.gestern.isoformat()}).json()
    assert (daten["status"], daten["fortschritt"], daten["text"]) == (
        Status.IN_PLANUNG,
        30,
        ALTER_WORTLAUT,
    )
    assert _zustaendig(daten) == [(AMT_ALT, True), (VEREIN, False)]
    assert daten["geaendert_am"].startswith(z.gestern.isoformat())
    heute = client.get(DETAIL).json()
    assert (heute["status"], heute["text"]) == (Status.UMGESETZT, NEUER_WORTLAUT)
    assert sorted(_zustaendig(heute)) == [(AMT_NEU, True), (NEUES_AMT, True)]


def test_liste_von_gestern(client, z):
    daten = client.get(LISTE, {"stichtag": z.gestern.isoformat()}).json()
    zeilen = (
        {m["kennung"]: m for m in daten["results"]}
        if "results" in daten
        else {m["kennung"]: m for m in daten}
    )
    assert zeilen["5.2-1a"]["text"] == ALTER_WORTLAUT
    assert _zustaendig(zeilen["5.2-1b"]) == [(VEREIN, True)]


def test_vor_dem_anlegen_gibt_es_die_massnahme_nicht(client, z):
    vorgestern = (z.gestern - timedelta(days=1)).isoformat()
    assert client.get(DETAIL, {"stichtag": vorgestern}).status_code == 404
    daten = client.get(LISTE, {"stichtag": vorgestern}).json()
    assert (daten.get("results", daten) if isinstance(daten, dict) else daten) == []


@pytest.mark.parametrize("wert", ["morgen", "2026-13-01", "x" * 500, "FUTURE"])
def test_falscher_stichtag_400_mit_feldfehler(client, z, wert):
    if wert == "FUTURE":
        wert = (timezone.localdate() + timedelta(days=1)).isoformat()
    for url in (LISTE, DETAIL):
        antwort = client.get(url, {"stichtag": wert})
        assert antwort.status_code == 400
        fehler = antwort.json()["felder"]["stichtag"]
        assert fehler and all(isinstance(t, str) for t in fehler)
        assert "Stichtag" in fehler[0]


def test_heute_als_stichtag_ist_der_heutige_stand(client, z):
    daten = client.get(DETAIL, {"stichtag": timezone.localdate().isoformat()}).json()
    assert daten["text"] == NEUER_WORTLAUT


def test_zwei_ausgaben_nur_die_aktuelle(client, personen):
    with time_machine.travel(gestern_um(10), tick=False):
        zwei = zwei_ausgaben_anlegen(personen)
    zwei.m_neu.text = "Heute geändert"
    zwei.m_neu.save()
    daten = client.get(DETAIL, {"stichtag": gestern_um().date().isoformat()}).json()
    assert (daten["id"], daten["text"]) == (zwei.m_neu.pk, "Maßnahme von 2020")


def _abfragen(client, url, **params):
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url, params).status_code == 200
    return len(abfragen)


def test_abfragen_mit_stichtag_wachsen_nicht(client, z):
    gestern = z.gestern.isoformat()
    wenige = _abfragen(client, LISTE, stichtag=gestern)
    assert wenige <= BUDGETS["api_massnahmen_stichtag"]["anonymous"]
    with time_machine.travel(gestern_um(9), tick=False):
        tz = z.m_a.teilziel
        for i in range(12):
            m = b.massnahme(tz, f"z{i}", text=f"Mehr {i}")
            b.zustaendigkeit(m, z.verein, federfuehrend=True)
    assert _abfragen(client, LISTE, stichtag=gestern) == wenige
    # Today's list plus the four queries of the rebuilt state (and one to narrow the list).
    assert wenige <= _abfragen(client, LISTE) + 5


HF_LISTE = "/api/v1/handlungsfelder/"
HF_DETAIL = "/api/v1/handlungsfelder/5.2/"


def test_handlungsfeld_von_gestern(client, z):
    """Yesterday 1 a stood at 30 % and 1 b at 60 %: Teilziel and Handlungsfeld 45 %; today 80 %.
    A measure added today is not in yesterday's answer."""
    with time_machine.travel(timezone.now(), tick=False):
        b.massnahme(z.m_a.teilziel, "c", text="Heute neu", fortschritt=0)
    gestern = client.get(HF_DETAIL, {"stichtag": z.gestern.isoformat()}).json()
    (teilziel,) = gestern["teilziele"]
    assert (gestern["fortschritt"], teilziel["fortschritt"]) == (45, 45)
    massnahmen = {m["kennung"]: m for m in teilziel["massnahmen"]}
    assert sorted(massnahmen) == ["5.2-1a", "5.2-1b"]
    assert (massnahmen["5.2-1a"]["status"], massnahmen["5.2-1a"]["text"]) == (
        Status.IN_PLANUNG,
        ALTER_WORTLAUT,
    )
    heute = client.get(HF_DETAIL).json()
    assert heute["fortschritt"] != 45 and len(heute["teilziele"][0]["massnahmen"]) == 3

    liste = client.get(HF_LISTE, {"stichtag": z.gestern.isoformat()}).json()
    zeilen = liste["results"] if isinstance(liste, dict) else liste
    assert [(h["nummer"], h["fortschritt"]) for h in zeilen] == [("5.2", 45)]


@pytest.mark.parametrize("tag", ["gestern", "2999-01-01"])
def test_handlungsfeld_mit_falschem_stichtag_ist_400(client, z, tag):
    for url in (HF_LISTE, HF_DETAIL):
        antwort = client.get(url, {"stichtag": tag})
        assert antwort.status_code == 400
        assert "stichtag" in json.dumps(antwort.json())

"""The Maßnahme and Handlungsfeld pages "as of" a Stichtag (issue 15): ``?stichtag=``."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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

MASSNAHME = reverse("measures:massnahme", kwargs={"kennung": "5.2-1a"})
HANDLUNGSFELD = reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"})
BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())
BUDGET = {MASSNAHME: "massnahme_stichtag", HANDLUNGSFELD: "handlungsfeld_stichtag"}


@pytest.fixture
def z(db):
    z = zeitreise_anlegen()
    heute_aendern(z)
    return z


def _text(antwort):
    return " ".join(re.sub(r"<[^>]+>", " ", antwort.content.decode()).split())


def test_massnahme_von_gestern(client, z):
    antwort = client.get(MASSNAHME, {"stichtag": z.gestern.isoformat()})
    assert antwort.status_code == 200
    text = _text(antwort)
    assert ALTER_WORTLAUT in text and NEUER_WORTLAUT not in text
    assert AMT_ALT in text and VEREIN in text
    assert AMT_NEU not in text and NEUES_AMT not in text
    assert "in Planung" in text and "umgesetzt" not in text
    assert "30 %" in text or "30 %" in text
    # Visibly "Stand am …", with the way back to today.
    assert "Stand am " in text
    assert f'href="{MASSNAHME}"' in antwort.content.decode()

    heute = _text(client.get(MASSNAHME))
    assert NEUER_WORTLAUT in heute and "Stand am " not in heute


def test_handlungsfeld_von_gestern(client, z):
    antwort = client.get(HANDLUNGSFELD, {"stichtag": z.gestern.isoformat()})
    assert antwort.status_code == 200
    text = _text(antwort)
    assert ALTER_WORTLAUT in text and NEUER_WORTLAUT not in text
    assert AMT_NEU not in text
    assert "Stand am " in text
    # Progress as it stood: (30 + 60) / 2 = 45 %, today (100 + 60) / 2 = 80 %.
    assert re.search(r"Fortschritt des Handlungsfelds:\s*45\s*%", text)
    assert re.search(r"Fortschritt des Handlungsfelds:\s*80\s*%", _text(client.get(HANDLUNGSFELD)))


def test_vor_dem_anlegen(client, z):
    vorgestern = (z.gestern - timedelta(days=1)).isoformat()
    assert client.get(MASSNAHME, {"stichtag": vorgestern}).status_code == 404
    text = _text(client.get(HANDLUNGSFELD, {"stichtag": vorgestern}))
    assert ALTER_WORTLAUT not in text and NEUER_WORTLAUT not in text


@pytest.mark.parametrize("wert", ["gestern", "2026-02-30", "<script>", "ZUKUNFT"])
@pytest.mark.parametrize("url", [MASSNAHME, HANDLUNGSFELD])
def test_falscher_stichtag_hinweis_und_heutiger_stand(client, z, url, wert):
    if wert == "ZUKUNFT":
        wert = (timezone.localdate() + timedelta(days=3)).isoformat()
    antwort = client.get(url, {"stichtag": wert})
    assert antwort.status_code == 400
    text = _text(antwort)
    assert "Stichtag" in text and "Gezeigt wird der heutige Stand." in text
    assert NEUER_WORTLAUT in text
    assert "<script>" not in antwort.content.decode().split("<main", 1)[-1]


def test_zwei_ausgaben(client, personen):
    with time_machine.travel(gestern_um(10), tick=False):
        zwei_ausgaben_anlegen(personen)
    gestern = gestern_um().date().isoformat()
    text = _text(client.get(MASSNAHME, {"stichtag": gestern}))
    assert "Maßnahme von 2020" in text and "Maßnahme von 2014" not in text


def _abfragen(client, url, **params):
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url, params).status_code == 200
    return len(abfragen)


@pytest.mark.parametrize("url", [MASSNAHME, HANDLUNGSFELD])
def test_abfragen_mit_stichtag_wachsen_nicht(client, z, url):
    gestern = z.gestern.isoformat()
    wenige = _abfragen(client, url, stichtag=gestern)
    assert wenige <= BUDGETS[BUDGET[url]]["anonymous"]
    with time_machine.travel(gestern_um(9), tick=False):
        tz2 = b.teilziel(z.hf, 2, "Noch ein Teilziel")
        for i in range(10):
            m = b.massnahme(tz2 if i % 2 else z.m_a.teilziel, f"z{i}", text=f"Mehr {i}")
            b.zustaendigkeit(m, z.verein, federfuehrend=True)
            b.zustaendigkeit(m, z.amt)
    assert _abfragen(client, url, stichtag=gestern) == wenige
    # The rebuilt state costs a few queries beyond today's page (tests/query_counts.json).
    assert wenige <= _abfragen(client, url) + 5


def test_meilenstein_und_verzug_von_gestern(client, db):
    """Milestones and lateness on the page and in the API as of the Stichtag, not as of today."""
    from measures.models import Meilenstein

    z = zeitreise_anlegen()
    with time_machine.travel(gestern_um(11), tick=False):
        Meilenstein.objects.create(
            massnahme=z.m_a, titel="Träger beauftragt", faellig_am=z.gestern - timedelta(days=5)
        )
    # Today the milestone is reached (back-dated to before yesterday: the date alone would
    # say "done" yesterday too, but the history knows it was still open then).
    stein = Meilenstein.objects.get()
    stein.erledigt_am = timezone.localdate()
    stein.save()

    gestern = client.get(MASSNAHME, {"stichtag": z.gestern.isoformat()})
    assert "überfällig" in _text(gestern)
    assert "Träger beauftragt" in _text(gestern)
    heute = client.get(MASSNAHME)
    assert "überfällig" not in _text(heute)

    api = "/api/v1/massnahmen/5.2-1a/"
    damals = client.get(api, {"stichtag": z.gestern.isoformat()}).json()
    assert damals["ueberfaellig"] is True
    assert [m["erledigt_am"] for m in damals["meilensteine"]] == [None]
    assert client.get(api).json()["ueberfaellig"] is False

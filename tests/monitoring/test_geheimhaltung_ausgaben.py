"""Small-number protection holds in every output, for every reader (issue 18's done criterion).

The example (tests/monitoring/geheim_beispiel.py): Einbürgerungen 2019 by Stadtbereich, Nord 2
(primary), Mitte 137 (secondary), Süd 861 (published), total 1000. The public outputs hide Nord
and Mitte from everyone – anonymous, partner, council, Büro, also with an API token; only the
admin shows the Büro the true values, with the mark „geheim gehalten“.
"""

import csv
import io
import json
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from berichte.data import HANDLUNGSFELD, Berichtsauftrag, sammeln
from berichte.render import pdf_erzeugen
from konten.tokens import token_erstellen
from monitoring.choices import Einheit
from monitoring.importing import importieren
from monitoring.models import Messwert
from tests import builders as b
from tests.monitoring.conftest import BUDGET
from tests.monitoring.geheim_beispiel import GEHEIM_PRIMAER, GEHEIM_SEKUNDAER, OFFEN, beispiel

pytestmark = pytest.mark.django_db

LEGENDE = "• = Wert geheim gehalten (weniger als 3 Fälle)"
ROLLEN = [None, "partner_a", "partner_b", "buergerschaft", "buero"]


@pytest.fixture
def daten(db):
    kap = b.kapitel(b.konzept(), "4.2", "Leben und Wohnen im Stadtteil")
    hf = b.handlungsfeld(kap, "4.2.3", "Integration im Stadtteil")
    return {"indikator": beispiel([hf]), "hf": hf}


@pytest.fixture
def leser(client, personen):
    def anmelden(rolle):
        if rolle:
            client.force_login(getattr(personen, rolle))
        return client

    return anmelden


def inhalt(antwort):
    assert antwort.status_code == 200, antwort
    return b"".join(antwort.streaming_content) if antwort.streaming else antwort.content


def _zeilen_2019(text, trenner=","):
    zeilen = list(csv.DictReader(io.StringIO(text), delimiter=trenner))
    return {
        z["stadtbereich"]: z for z in zeilen if z["datum"] == "2019-12-31" and z["stadtbereich"]
    }


def _tabelle(html):
    """``{row header: [cells]}`` of the page's value table."""
    teil = html.split('id="werte-tabelle"', 1)[1].split("</table>", 1)[0]
    zeilen = {}
    for kopf, zellen in re.findall(r'<th scope="row">([^<]*)</th>(.*?)</tr>', teil):
        zeilen[kopf] = re.findall(r"<td>([^<]*)</td>", zellen)
    return zeilen


def _desc(html):
    return re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S).group(1)


# --- Page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rolle", ROLLEN)
def test_seite_zeigt_zeichen_und_legende_statt_kleiner_zellen(daten, leser, rolle):
    html = inhalt(leser(rolle).get("/indikatoren/einbuergerungen/?nach=stadtbereich")).decode()

    tabelle = _tabelle(html)
    # columns: the headline series (insgesamt, published), then Mitte, Nord, Süd (by key)
    assert tabelle["2019"] == ["1.000", "•", "•", OFFEN]
    assert tabelle["2018"][1:] == ["250", "300", "350"]
    assert LEGENDE in html
    # Two dates: the page shows figures instead of a line (monitoring/kennzahlen.py), the
    # withheld cells as the symbol.
    assert re.findall(r'<dd class="kennzahl-wert">([^<]*)</dd>', html).count("•") == 2
    assert GEHEIM_SEKUNDAER not in html  # nowhere on the page


def test_diagramm_zeichnet_gesperrte_zellen_nicht_und_sagt_es(daten):
    """With enough dates for a line chart: no point, the text alternative says so."""
    from monitoring import reihen

    indikator = daten["indikator"]
    serien, _weitere = reihen.serien(indikator, "stadtbereich")
    desc = reihen.diagramm(indikator, serien).beschreibung
    assert "geheim gehalten" in desc.lower()
    assert f"2019: {GEHEIM_SEKUNDAER}" not in desc and f"2019: {GEHEIM_PRIMAER}" not in desc
    assert f"2019: {OFFEN}" in desc


def test_seite_ohne_kleine_zelle_hat_keine_legende(daten, client):
    html = inhalt(client.get("/indikatoren/einbuergerungen/")).decode()
    assert _tabelle(html)["2019"] == ["1.000"]
    assert "geheim gehalten" not in html


def test_seite_bleibt_im_abfragebudget(daten, client):
    with CaptureQueriesContext(connection) as abfragen:
        inhalt(client.get("/indikatoren/einbuergerungen/?nach=stadtbereich"))
    assert len(abfragen) <= BUDGET["monitoring:indikator?nach=geschlecht"]


# --- Downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize("rolle", ROLLEN)
@pytest.mark.parametrize("url", ["/indikatoren/einbuergerungen.csv", "/indikatoren/daten.csv"])
def test_csv_leere_wertzelle_und_gesperrt(daten, leser, rolle, url):
    text = inhalt(leser(rolle).get(url)).decode("utf-8-sig")
    zeilen = _zeilen_2019(text)

    assert (zeilen["Nord"]["wert"], zeilen["Nord"]["gesperrt"]) == ("", "ja")
    assert (zeilen["Mitte"]["wert"], zeilen["Mitte"]["gesperrt"]) == ("", "ja")
    assert (zeilen["Süd"]["wert"], zeilen["Süd"]["gesperrt"]) == (OFFEN, "")
    assert GEHEIM_SEKUNDAER not in text


@pytest.mark.parametrize(
    "url", ["/indikatoren/excel/einbuergerungen.csv", "/indikatoren/excel/daten.csv"]
)
def test_csv_fuer_deutsches_excel(daten, client, url):
    text = inhalt(client.get(url)).decode("utf-8-sig")
    zeilen = _zeilen_2019(text, trenner=";")
    assert (zeilen["Nord"]["wert"], zeilen["Nord"]["gesperrt"]) == ("", "ja")
    assert (zeilen["Mitte"]["wert"], zeilen["Mitte"]["gesperrt"]) == ("", "ja")
    assert zeilen["Süd"]["wert"] == OFFEN
    assert GEHEIM_SEKUNDAER not in text


@pytest.mark.parametrize("url", ["/indikatoren/einbuergerungen.json", "/indikatoren/daten.json"])
def test_json_wert_null_und_gesperrt(daten, leser, url):
    daten_json = json.loads(inhalt(leser("buero").get(url)))
    werte = {
        m["aufschluesselung"].get("stadtbereich"): m
        for m in daten_json["messwerte"]
        if m["datum"] == "2019"
    }
    assert (werte["Nord"]["wert"], werte["Nord"]["gesperrt"]) == (None, True)
    assert (werte["Mitte"]["wert"], werte["Mitte"]["gesperrt"]) == (None, True)
    assert (werte["Süd"]["wert"], werte["Süd"]["gesperrt"]) == (OFFEN, False)
    assert (werte[None]["wert"], werte[None]["gesperrt"]) == ("1000", False)


def test_filter_aendert_nicht_was_gesperrt_ist(daten, client):
    """Leaving out the total or the other cells by a filter must not un-suppress a cell."""
    text = inhalt(client.get("/indikatoren/einbuergerungen.csv?nach=stadtbereich&von=2019"))
    zeilen = _zeilen_2019(text.decode("utf-8-sig"))
    assert zeilen["Mitte"]["wert"] == "" and zeilen["Nord"]["wert"] == ""


def test_offene_daten_zip(daten, client):
    archiv = zipfile.ZipFile(io.BytesIO(inhalt(client.get("/offene-daten/alle-daten.zip"))))
    for name in archiv.namelist():
        if name.startswith("indikatoren") and name.endswith((".csv", ".json")):
            text = archiv.read(name).decode("utf-8-sig")
            assert GEHEIM_SEKUNDAER not in text, name
            assert "gesperrt" in text, name


@pytest.mark.parametrize("endung", ["csv", "json"])
def test_download_wieder_importiert_laesst_gesperrte_werte_unberuehrt(daten, client, endung):
    datei = inhalt(client.get(f"/indikatoren/einbuergerungen.{endung}"))
    vorher = sorted(Messwert.objects.values_list("aufschluesselung", "datum", "wert"))

    ergebnis = importieren(datei, f"einbuergerungen.{endung}", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert sorted(Messwert.objects.values_list("aufschluesselung", "datum", "wert")) == vorher
    assert ergebnis.unveraendert == 6  # the 8 values less the 2 suppressed rows


def test_gesperrte_zeile_wird_nie_als_null_gelesen(daten):
    datei = "indikator,datum,wert,stadtbereich,gesperrt\neinbuergerungen,2020,,Nord,ja\n"
    ergebnis = importieren(datei, "x.csv", anwenden=True)
    assert ergebnis.ok and not ergebnis.neu
    assert not Messwert.objects.filter(datum=date(2020, 12, 31)).exists()


# --- API -------------------------------------------------------------------------------------


def _api(client, url, **kopf):
    antwort = client.get(url, **kopf)
    assert antwort.status_code == 200, antwort.content
    daten = antwort.json()
    return daten["results"] if isinstance(daten, dict) and "results" in daten else daten


def _nach_schluessel(eintraege):
    return {
        (e["datum"], e["aufschluesselung"].get("stadtbereich")): e
        for e in (eintraege if isinstance(eintraege, list) else [eintraege])
    }


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_liste(daten, leser, rolle):
    werte = _nach_schluessel(_api(leser(rolle), "/api/v1/messwerte/?indikator=einbuergerungen"))
    assert (werte[("2019-12-31", "nord")]["wert"], werte[("2019-12-31", "nord")]["gesperrt"]) == (
        None,
        True,
    )
    assert werte[("2019-12-31", "mitte")]["wert"] is None
    assert werte[("2019-12-31", "sued")]["wert"] == OFFEN
    assert werte[("2019-12-31", None)]["wert"] == "1000"


def test_api_mit_token_des_bueros(daten, personen, client):
    _token, geheimnis = token_erstellen(personen.buero)
    werte = _nach_schluessel(
        _api(
            client,
            "/api/v1/messwerte/?indikator=einbuergerungen",
            HTTP_AUTHORIZATION=f"Token {geheimnis}",
        )
    )
    assert werte[("2019-12-31", "nord")]["wert"] is None
    assert werte[("2019-12-31", "mitte")]["wert"] is None


def test_api_detail(daten, client):
    nord = Messwert.objects.get(aufschluesselung="stadtbereich=nord", datum=date(2019, 12, 31))
    eintrag = _api(client, f"/api/v1/messwerte/{nord.pk}/")
    assert (eintrag["wert"], eintrag["gesperrt"]) == (None, True)


@pytest.mark.parametrize(
    "abfrage",
    [
        "aufschluesselung=stadtbereich%3Dnord",
        "aufschluesselung=stadtbereich%3Dmitte",
        "nach=stadtbereich",
        "insgesamt=false",
        "datum_von=2019-01-01&datum_bis=2019-12-31",
        "status=endgueltig",
        "wert__lt=3",
        "wert=2",
        "wert_min=1&wert_max=3",
    ],
)
def test_api_filter_verraten_nichts(daten, client, abfrage):
    eintraege = _api(client, f"/api/v1/messwerte/?indikator=einbuergerungen&{abfrage}")
    werte = _nach_schluessel(eintraege)
    for schluessel in [("2019-12-31", "nord"), ("2019-12-31", "mitte")]:
        if schluessel in werte:
            assert werte[schluessel]["wert"] is None
    # a filter on the value does not exist: it would find a suppressed cell by bisection
    if abfrage.startswith("wert"):
        assert len(eintraege) == 8


@pytest.mark.parametrize("sortierung", ["wert", "-wert", "datum,wert"])
def test_api_sortiert_nicht_nach_wert(daten, client, sortierung):
    antwort = client.get(f"/api/v1/messwerte/?indikator=einbuergerungen&ordering={sortierung}")
    assert antwort.status_code == 400
    assert "ordering" in antwort.json()["felder"]


# --- PDF -------------------------------------------------------------------------------------


def _pdf_text(auftrag):
    reader = PdfReader(io.BytesIO(pdf_erzeugen(sammeln(auftrag)).pdf))
    return " ".join(" ".join((seite.extract_text() or "") for seite in reader.pages).split())


def test_pdf_zeigt_gesperrten_gesamtwert_nicht(daten):
    """A group with one single small cell: its total is suppressed, in the report too."""
    divers = b.indikator(
        "beratungen",
        name="Beratungen divers",
        einheit=Einheit.ANZAHL,
        nachkommastellen=0,
        handlungsfelder=[daten["hf"]],
    )
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "divers")
    b.messwert(divers, 2019, "2", "geschlecht=divers")
    b.messwert(divers, 2019, "2")
    b.messwert(divers, 2018, "4711")

    text = _pdf_text(Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="4.2.3"))

    assert "Beratungen divers" in text and "4.711" in text
    assert "•" in text
    assert "geheim gehalten" in text
    # the report shows totals only: no breakdown cell of Einbürgerungen reaches it
    assert GEHEIM_SEKUNDAER not in text


# --- Lists of indicators, admin --------------------------------------------------------------


def test_listen_zeigen_gesperrten_letzten_gesamtwert_nicht(daten, client):
    i = b.indikator(
        "beratungen", einheit=Einheit.ANZAHL, nachkommastellen=0, handlungsfelder=[daten["hf"]]
    )
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "divers")
    b.messwert(i, 2019, "2", "geschlecht=divers")
    b.messwert(i, 2019, Decimal("4712"))

    html = inhalt(client.get("/indikatoren/")).decode()
    assert "4.712" not in html and "• (geheim gehalten)" in html
    api = _api(client, "/api/v1/indikatoren/beratungen/")
    assert api["letzter_wert"] is None
    seite = inhalt(client.get("/indikatoren/beratungen/")).decode()
    assert "4.712" not in seite
    assert _tabelle(seite)["2019"] == ["•"]


def test_admin_zeigt_dem_buero_die_wahren_werte_mit_vermerk(daten, client, personen):
    client.force_login(personen.buero)
    html = inhalt(
        client.get(f"/admin/monitoring/messwert/?indikator__id__exact={daten['indikator'].pk}")
    ).decode()
    zeilen = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    nord = next(z for z in zeilen if "stadtbereich=nord" in z and "2019" in z)
    sued = next(z for z in zeilen if "stadtbereich=sued" in z and "2019" in z)
    assert "field-wert" in nord and re.search(r'class="field-wert[^"]*">2[,.]?0*<', nord)
    assert 'alt="True"' in nord
    assert 'alt="False"' in sued

    messwert = Messwert.objects.get(aufschluesselung="stadtbereich=mitte", datum=date(2019, 12, 31))
    form = inhalt(client.get(f"/admin/monitoring/messwert/{messwert.pk}/change/")).decode()
    assert 'value="137' in form
    assert 'alt="True"' in form


def test_api_schreiben_braucht_einen_wert(daten, personen, client):
    """``wert`` is null in answers only; a write with null is a field error, nothing changes."""
    _token, geheimnis = token_erstellen(personen.buero)
    antwort = client.post(
        "/api/v1/messwerte/",
        {"indikator": "einbuergerungen", "datum": "2020", "wert": None},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {geheimnis}",
    )
    assert antwort.status_code == 400
    assert "wert" in antwort.json()["felder"]
    assert not Messwert.objects.filter(datum=date(2020, 12, 31)).exists()


def test_api_antwort_nach_schreiben_einer_kleinen_zelle_ist_geschuetzt(daten, personen, client):
    _token, geheimnis = token_erstellen(personen.buero)
    antwort = client.post(
        "/api/v1/messwerte/",
        {
            "indikator": "einbuergerungen",
            "datum": "2020",
            "wert": "1",
            "aufschluesselung": {"stadtbereich": "nord"},
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {geheimnis}",
    )
    assert antwort.status_code == 201, antwort.content
    assert (antwort.json()["wert"], antwort.json()["gesperrt"]) == (None, True)
    assert Messwert.objects.get(datum=date(2020, 12, 31)).wert == 1

"""Comparison series (Land, Bund) beside the city's (issue 18): in the chart in their own style and
labelled, in the table as columns, in CSV (column ``gebiet``) and JSON, read-only in the API; only
for the breakdown they match. And the PDF report read back: targets, breaks, comparison series,
footnotes."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from monitoring.choices import Richtung, Vergleichsgebiet
from monitoring.importing import importieren
from monitoring.models import Definitionsversion, Messwert, Vergleichswert
from tests import builders as b

pytestmark = pytest.mark.django_db

MV = "Mecklenburg-Vorpommern"


def vergleich(ind, gebiet, name, jahr, wert, aufschluesselung=""):
    return Vergleichswert.objects.create(
        indikator=ind,
        gebiet=gebiet,
        gebiet_name=name,
        datum=date(jahr, 12, 31),
        aufschluesselung=aufschluesselung,
        wert=Decimal(str(wert)),
        quelle="IntMK, Integrationsmonitoring der Länder",
    )


@pytest.fixture
def quote(db):
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    ind = b.indikator("sgb2-quote", name="SGB-II-Quote", nachkommastellen=1)
    for jahr, wert in [(2019, 10.0), (2020, 11.0), (2021, 12.0)]:
        b.messwert(ind, jahr, wert)
        b.messwert(ind, jahr, wert + 1, "geschlecht=weiblich")
        vergleich(ind, Vergleichsgebiet.LAND, MV, jahr, wert - 2)
        vergleich(ind, Vergleichsgebiet.BUND, "Deutschland", jahr, wert - 4)
    vergleich(ind, Vergleichsgebiet.LAND, MV, 2021, 9.5, "geschlecht=weiblich")
    return ind


def _svg(text):
    return text[text.index("<svg") : text.index("</svg>")]


def inhalt(antwort):
    return b"".join(antwort.streaming_content).decode("utf-8-sig")


def test_chart_draws_the_comparison_series_grey_dashed_and_labelled(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    svg = _svg(text)
    vergleiche = re.findall(
        r'<g class="reihe vergleich" fill="([^"]+)"[^>]*>\s*<path ([^>]+)>', svg
    )
    assert len(vergleiche) == 2
    for farbe, pfad in vergleiche:
        assert farbe == "#5c5c5c" and "stroke-dasharray" in pfad
    assert svg.count('class="punkt"') == 9  # 3 city values, 3 + 3 comparison values
    assert f"Vergleich: {MV}: 2019: 8,0\xa0%" in svg
    legende = text[text.index('<ul class="legende">') :]
    assert '<li lang="de" class="vergleich">' in legende
    assert f"Vergleich: {MV}</li>" in legende and "Vergleich: Deutschland</li>" in legende


def test_table_has_a_column_per_comparison_series(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    tabelle = text[text.index('id="werte-tabelle"') :]
    assert f'<th scope="col" lang="de">Vergleich: {MV}</th>' in tabelle
    assert (
        '<th scope="row">2020</th><td>11,0\xa0%</td><td>9,0\xa0%</td><td>7,0\xa0%</td>'
    ) in tabelle


def test_only_the_comparison_values_of_the_shown_breakdown(client, quote):
    # Only the breakdown series chosen (the headline series, shown by default, has its own).
    text = client.get(
        quote.get_absolute_url(), {"nach": "geschlecht", "reihe": ["geschlecht=weiblich"]}
    ).content.decode()
    svg = _svg(text)
    assert svg.count('class="reihe vergleich"') == 1
    assert f"Vergleich: {MV} – weiblich: 2021: 9,5\xa0%" in svg
    assert "Deutschland" not in svg


def test_csv_has_comparison_rows_named_in_gebiet_and_imports_again(client, quote):
    text = inhalt(client.get("/indikatoren/sgb2-quote.csv"))
    zeilen = list(csv.DictReader(io.StringIO(text)))
    stadt = [z for z in zeilen if not z["gebiet"]]
    land = [z for z in zeilen if z["gebiet"] == MV]
    assert len(stadt) == 6 and len(land) == 4
    assert {z["gebiet"] for z in zeilen} == {"", MV, "Deutschland"}
    assert ("2021-12-31", "9.5", "weiblich") in {
        (z["datum"], z["wert"], z["geschlecht"]) for z in land
    }
    vorher = sorted(Messwert.objects.values_list("datum", "aufschluesselung", "wert"))

    Messwert.objects.all().delete()
    ergebnis = importieren(text.encode(), "sgb2-quote.csv", anwenden=True)
    assert ergebnis.ok, ergebnis.fehler
    # The city's values come back; the comparison rows are read over (entered in the admin).
    assert sorted(Messwert.objects.values_list("datum", "aufschluesselung", "wert")) == vorher
    assert Vergleichswert.objects.count() == 7


def test_csv_filter_applies_to_comparison_rows(client, quote):
    text = inhalt(client.get("/indikatoren/sgb2-quote.csv", {"nach": "", "von": "2021"}))
    gebiete = [(z["gebiet"], z["datum"]) for z in csv.DictReader(io.StringIO(text))]
    assert sorted(gebiete) == [
        ("", "2021-12-31"),
        ("Deutschland", "2021-12-31"),
        (MV, "2021-12-31"),
    ]


def test_comparison_text_cells_are_safe_to_open_in_a_spreadsheet(client, quote):
    Vergleichswert.objects.filter(gebiet=Vergleichsgebiet.BUND).update(
        gebiet_name='=HYPERLINK("http://x.example","Bund")', quelle="@SUM(1)"
    )
    text = inhalt(client.get("/indikatoren/sgb2-quote.csv"))
    zeilen = [z for z in csv.DictReader(io.StringIO(text)) if "Bund" in z["gebiet"]]
    assert zeilen and all(z["gebiet"].startswith("'=") for z in zeilen)
    assert all(z["quelle"] == "'@SUM(1)" for z in zeilen)


def test_json_lists_the_comparison_values(client, quote):
    daten = json.loads(inhalt(client.get("/indikatoren/sgb2-quote.json")))
    eintraege = [v for v in daten["vergleichswerte"] if v["datum"] == "2019"]
    assert {(v["gebiet"], v["gebiet_name"], v["wert"]) for v in eintraege} == {
        ("land", MV, "8"),
        ("bund", "Deutschland", "6"),
    }
    assert len(daten["messwerte"]) == 6


def test_api_lists_comparison_values_read_only_and_hides_internal_ones(client, quote, personen):
    intern = b.indikator("intern", oeffentlich=False)
    vergleich(intern, Vergleichsgebiet.BUND, "Deutschland", 2020, 1)

    antwort = client.get("/api/v1/vergleichswerte/", {"indikator": "sgb2-quote", "gebiet": "land"})
    assert antwort.status_code == 200
    werte = antwort.json()["results"]
    assert sorted((w["datum"], w["wert"], str(w["aufschluesselung"])) for w in werte) == [
        ("2019-12-31", "8", "{}"),
        ("2020-12-31", "9", "{}"),
        ("2021-12-31", "10", "{}"),
        ("2021-12-31", "9.5", "{'geschlecht': 'weiblich'}"),
    ]
    assert {w["gebiet_name"] for w in werte} == {MV}
    alle = client.get("/api/v1/vergleichswerte/", {"page_size": 100}).json()["results"]
    assert "intern" not in {w["indikator"] for w in alle}
    assert client.post("/api/v1/vergleichswerte/", {}).status_code in (401, 403, 405)
    client.force_login(personen.buero)
    alle = client.get("/api/v1/vergleichswerte/", {"page_size": 100}).json()["results"]
    assert "intern" in {w["indikator"] for w in alle}
    assert (
        client.post("/api/v1/vergleichswerte/", {}, content_type="application/json").status_code
        == 405
    )


# --- The PDF report, read back --------------------------------------------------------------


@pytest.fixture(scope="module")
def bericht_pdf(django_db_setup, django_db_blocker):
    from berichte.data import Berichtsauftrag, sammeln
    from berichte.render import pdf_erzeugen
    from tests.berichte.bericht_szenario import szenario_anlegen
    from tests.berichte.test_reports_pdf import Pdf
    from tests.people import personen_anlegen

    with django_db_blocker.unblock(), transaction.atomic():
        s = szenario_anlegen(personen_anlegen())
        ind = b.indikator(
            "kitaquote",
            name="Betreuungsquote unter 3",
            nachkommastellen=1,
            richtung=Richtung.HOEHER_BESSER,
            ziele={2030: 50},
            handlungsfelder=[s.hf_sprache],
        )
        for jahr, wert in [(2019, 30.0), (2020, 32.0), (2021, 20.0), (2022, 22.0)]:
            b.messwert(ind, jahr, wert, anmerkung="Stichtag 1. März." if jahr == 2022 else "")
        vergleich(ind, Vergleichsgebiet.LAND, MV, 2022, 40.0)
        vergleich(ind, Vergleichsgebiet.LAND, MV, 2021, 39.0)
        Definitionsversion.objects.create(
            indikator=ind, gueltig_ab=date(2021, 1, 1), beschreibung="Neue Altersabgrenzung."
        )
        pdf = Pdf(pdf_erzeugen(sammeln(Berichtsauftrag())).pdf)
        transaction.set_rollback(True)
    return pdf


def test_pdf_report_has_targets_breaks_comparison_and_footnotes(bericht_pdf):
    # The footnotes as text below the chart.
    assert bericht_pdf.enthaelt("Definition geändert (01.01.2021): Neue Altersabgrenzung."), (
        bericht_pdf.fliesstext[-2000:]
    )
    assert bericht_pdf.enthaelt("Stichtag 1. März.")
    # The chart (drawn as vector graphics with its text) names target, break and comparison.
    assert bericht_pdf.enthaelt("Zielwert: 50,0 % bis 2030")
    assert bericht_pdf.enthaelt(f"Vergleich: {MV}")
    assert bericht_pdf.enthaelt("Definition geändert (01.01.2021)")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_page_with_targets_breaks_footnotes_and_comparisons_passes_axe(
    live_server, seite, axe_pruefen
):
    ind = b.indikator(
        "voll", name="Alles auf einer Seite", richtung=Richtung.HOEHER_BESSER, ziele={2020: 5}
    )
    for jahr, wert in [(2017, 3), (2018, 4), (2019, 2), (2020, 6)]:
        b.messwert(ind, jahr, wert, anmerkung="Geschätzt." if jahr == 2018 else "")
        vergleich(ind, Vergleichsgebiet.LAND, MV, jahr, wert + 1)
    Definitionsversion.objects.create(
        indikator=ind, gueltig_ab=date(2019, 1, 1), beschreibung="Neue Abgrenzung."
    )
    for pfad in (ind.get_absolute_url(), "/indikatoren/"):
        antwort = seite.goto(live_server.url + pfad)
        assert antwort.status == 200
        assert seite.get_by_text("Ziel erreicht").first.is_visible()
        verstoesse = axe_pruefen(seite)
        assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

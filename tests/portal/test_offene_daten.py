"""/offene-daten/ and its downloads: what the page promises is there, loads in pandas and Excel,
is neutralised against formulas, names its licence and is the same for everyone."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from concept import lizenz
from measures.choices import Seite
from measures.models import Zustaendigkeit
from portal.views.offene_daten import ZIP_DATEIEN
from tests import builders as b

pytestmark = pytest.mark.django_db

BOSHAFT = '=HYPERLINK("http://boese.example/","Klick")'
URLS = {
    "massnahmen_csv": "/offene-daten/massnahmen.csv",
    "massnahmen_excel": "/offene-daten/excel/massnahmen.csv",
    "massnahmen_xlsx": "/offene-daten/massnahmen.xlsx",
    "zustaendigkeiten_csv": "/offene-daten/zustaendigkeiten.csv",
    "zustaendigkeiten_excel": "/offene-daten/excel/zustaendigkeiten.csv",
    "zustaendigkeiten_xlsx": "/offene-daten/zustaendigkeiten.xlsx",
    "indikatoren_csv": "/indikatoren/daten.csv",
    "indikatoren_excel": "/indikatoren/excel/daten.csv",
    "indikatoren_json": "/indikatoren/daten.json",
    "zip": "/offene-daten/alle-daten.zip",
}


@pytest.fixture
def daten(plan, personen):
    """The public plan, a malicious Akteur on 5.1.1 / 1 a (beside others) and alone on 2 a (so
    that a cell starts with its name), an older edition that must not show,
    and indicators with a year, a month and a Stichtag (public) and one internal."""
    boese = b.akteur(BOSHAFT, seite=Seite.EXTERN, slug="boese")
    Zustaendigkeit.objects.create(massnahme=plan.m_1a, akteur=boese, seite=Seite.EXTERN)
    Zustaendigkeit.objects.create(
        massnahme=plan.m_2a, akteur=boese, seite=Seite.EXTERN, federfuehrend=True
    )
    plan.m_1a.zieldatum = date(2027, 6, 30)
    plan.m_1a.beginn = date(2021, 1, 1)
    plan.m_1a.save()
    alt = b.konzept(titel="1. Integrationskonzept", beschlossen_am=date(2014, 1, 1))
    b.massnahme(
        b.teilziel(b.handlungsfeld(b.kapitel(alt, "1", "Alt"), "1.1"), 1), "a", text="Alte Maßnahme"
    )
    anteil = b.indikator("auslaenderanteil", name="Ausländeranteil", einheit="prozent")
    b.messwert(anteil, 2014, Decimal("4.2"))
    b.messwert(anteil, 2019, Decimal("6.8"))
    from monitoring.choices import Zeitart

    b.messwert(anteil, date(2019, 6, 30), Decimal("6.9"), zeitart=Zeitart.MONAT)
    b.messwert(anteil, date(2020, 7, 1), Decimal("7.05"), quelle="=1+1")
    intern = b.indikator("leerstand", oeffentlich=False)
    b.messwert(intern, 2020, Decimal("3.5"))
    return plan


def inhalt(antwort):
    assert antwort.status_code == 200, antwort
    if antwort.streaming:
        return b"".join(antwort.streaming_content)
    return antwort.content


def lade(client, name):
    return inhalt(client.get(URLS[name]))


# --- The page ---------------------------------------------------------------------------------


def test_page_names_licence_api_and_links_every_download_that_works(client, daten):
    antwort = client.get("/offene-daten/")
    assert antwort.status_code == 200
    text = antwort.content.decode()
    assert lizenz.NAME in text and lizenz.TEXT_URL in text and lizenz.NAMENSNENNUNG in text
    assert "curl -s 'http://testserver/api/v1/massnahmen/?" in text
    assert 'href="/api/v1/docs/"' in text
    for url in [*URLS.values(), "/offene-daten/katalog.ttl", "/offene-daten/katalog.jsonld"]:
        assert f'href="{url}"' in text, url
        assert client.get(url).status_code == 200, url


def test_every_page_links_the_open_data_page_in_its_footer(client, daten):
    assert 'href="/offene-daten/"' in client.get("/").content.decode()


# --- CSV, Excel variant, XLSX -----------------------------------------------------------------


def test_massnahmen_csv_loads_in_pandas_with_dates_only_the_current_konzept(client, daten):
    tabelle = pd.read_csv(
        io.BytesIO(lade(client, "massnahmen_csv")), parse_dates=["beginn", "zieldatum"]
    )
    assert list(tabelle["kennung"]) == ["5.1.1-1a", "5.1.1-1b", "5.1.1-2a", "5.3-1a"]
    assert "Alte Maßnahme" not in set(tabelle["massnahme"])
    erste = tabelle.iloc[0]
    assert erste["referenz"] == "5.1.1 / 1 a"
    assert erste["handlungsfeld"] == "Frühkindliche Bildung"
    assert erste["teilziel"] == "Sprachförderung in allen Kitas"
    assert (erste["status"], erste["status_bezeichnung"]) == ("in_umsetzung", "in Umsetzung")
    assert (erste["ampel"], erste["fortschritt"]) == ("im_plan", 40)
    assert erste["zieldatum"] == pd.Timestamp("2027-06-30")
    assert str(tabelle["zieldatum"].dtype).startswith("datetime64")
    assert erste["federfuehrend"] == "Amt A"
    assert erste["akteure"].split("; ") == ["Amt A", BOSHAFT, "Verein B"]  # not a formula
    dritte = tabelle.iloc[2]
    assert dritte["federfuehrend"] == dritte["akteure"] == "'" + BOSHAFT


def test_german_excel_variant_has_the_same_rows(client, daten):
    roh = lade(client, "massnahmen_excel")
    assert roh.startswith("\ufeff".encode()) and b"\r\n" in roh
    assert roh.decode("utf-8-sig").split("\r\n")[0].startswith("referenz;kennung;")
    excel = pd.read_csv(io.BytesIO(roh), sep=";", decimal=",", encoding="utf-8-sig")
    komma = pd.read_csv(io.BytesIO(lade(client, "massnahmen_csv")))
    pd.testing.assert_frame_equal(excel, komma)


def test_zustaendigkeiten_csv_one_row_per_responsibility(client, daten):
    tabelle = pd.read_csv(io.BytesIO(lade(client, "zustaendigkeiten_csv")))
    zeilen = set(
        tabelle[["massnahme_kennung", "akteur_kennung", "seite", "federfuehrend"]].itertuples(
            index=False, name=None
        )
    )
    assert zeilen == {
        ("5.1.1-1a", "amt-a", "intern", True),
        ("5.1.1-1a", "verein-b", "extern", False),
        ("5.1.1-1a", "boese", "extern", False),
        ("5.1.1-1b", "verein-b", "extern", True),
        ("5.1.1-2a", "boese", "extern", True),
        ("5.3-1a", "wohnungsgesellschaft", "extern", False),
    }
    assert "'" + BOSHAFT in set(tabelle["akteur"])
    roh = lade(client, "zustaendigkeiten_excel")
    excel = pd.read_csv(io.BytesIO(roh), sep=";", decimal=",", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(excel, tabelle)


def test_xlsx_has_the_same_rows_as_the_csv_as_text_never_formulas_and_a_licence_sheet(
    client, daten
):
    mappe = openpyxl.load_workbook(io.BytesIO(lade(client, "massnahmen_xlsx")))
    blatt = mappe.worksheets[0]
    zeilen = list(blatt.iter_rows(values_only=True))
    csv = pd.read_csv(io.BytesIO(lade(client, "massnahmen_csv")), keep_default_na=False)
    assert list(zeilen[0]) == list(csv.columns)
    assert [z[1] for z in zeilen[1:]] == list(csv["kennung"])
    akteure = blatt.cell(row=4, column=list(csv.columns).index("akteure") + 1)
    assert akteure.data_type == "s" and akteure.value == "'" + BOSHAFT
    assert zeilen[1][list(csv.columns).index("zieldatum")].date() == date(2027, 6, 30)
    lizenzblatt = mappe.worksheets[1]
    assert lizenzblatt.title == "Lizenz"
    assert any(lizenz.NAME in (z[0] or "") for z in lizenzblatt.iter_rows(values_only=True))


def test_every_download_names_its_licence_in_a_link_header(client, daten):
    for url in [*URLS.values(), "/offene-daten/katalog.ttl", "/indikatoren/auslaenderanteil.csv"]:
        antwort = client.get(url)
        assert lizenz.TEXT_URL in antwort["Link"] and 'rel="license"' in antwort["Link"], url


# --- Indicator CSV ----------------------------------------------------------------------------


def test_indicator_csv_has_one_date_type_that_pandas_parses_and_the_period_label(client, daten):
    tabelle = pd.read_csv(
        io.BytesIO(lade(client, "indikatoren_csv")), parse_dates=["datum"], encoding="utf-8-sig"
    )
    assert str(tabelle["datum"].dtype).startswith("datetime64")
    assert set(tabelle["indikator"]) == {"auslaenderanteil"}  # the internal one is not there
    assert set(tabelle["indikator_name"]) == {"Ausländeranteil"}
    assert set(tabelle["einheit"]) == {"%"}
    zeilen = list(tabelle[["datum", "datumsart", "zeitraum", "wert"]].itertuples(index=False))
    assert [(str(d.date()), a, str(z), w) for d, a, z, w in zeilen] == [
        ("2014-12-31", "jahr", "2014", 4.2),
        ("2019-06-30", "monat", "2019-06", 6.9),
        ("2019-12-31", "jahr", "2019", 6.8),
        ("2020-07-01", "stichtag", "2020-07-01", 7.05),
    ]
    assert "'=1+1" in set(tabelle["quelle"])


def test_indicator_csv_for_german_excel_has_decimal_commas(client, daten):
    roh = lade(client, "indikatoren_excel")
    assert ";7,05;" in roh.decode("utf-8-sig")
    excel = pd.read_csv(
        io.BytesIO(roh), sep=";", decimal=",", parse_dates=["datum"], encoding="utf-8-sig"
    )
    komma = pd.read_csv(
        io.BytesIO(lade(client, "indikatoren_csv")), parse_dates=["datum"], encoding="utf-8-sig"
    )
    pd.testing.assert_frame_equal(excel, komma)
    assert client.get("/indikatoren/excel/auslaenderanteil.csv").status_code == 200
    assert client.get("/indikatoren/excel/leerstand.csv").status_code == 404


@pytest.mark.parametrize("name", ["indikatoren_csv", "indikatoren_excel"])
def test_both_indicator_csvs_import_again_unchanged(client, daten, name):
    from monitoring.importing import importieren
    from monitoring.models import Messwert

    felder = ("indikator__kennung", "datum", "zeitart", "wert", "quelle")
    vorher = sorted(Messwert.objects.filter(indikator__oeffentlich=True).values_list(*felder))
    datei = lade(client, name)
    Messwert.objects.all().delete()

    ergebnis = importieren(datei, "daten.csv", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert sorted(Messwert.objects.values_list(*felder)) == vorher


# --- The zip ----------------------------------------------------------------------------------


def test_zip_holds_what_the_page_promises_and_each_csv_loads(client, daten):
    archiv = zipfile.ZipFile(io.BytesIO(lade(client, "zip")))
    assert sorted(archiv.namelist()) == sorted(ZIP_DATEIEN)
    for name in ZIP_DATEIEN:
        if name.endswith("-excel.csv"):
            pd.read_csv(archiv.open(name), sep=";", decimal=",", encoding="utf-8-sig")
        elif name.endswith(".csv"):
            assert not pd.read_csv(archiv.open(name), encoding="utf-8-sig").empty
    assert lizenz.NAME in archiv.read("LIZENZ.txt").decode()
    assert archiv.read("massnahmen.csv") == lade(client, "massnahmen_csv")
    assert lizenz.URI in archiv.read("katalog.ttl").decode()
    assert b"Alte Ma" not in archiv.read("integrationskonzept.json")


# --- Same for everyone, nothing internal ------------------------------------------------------


@pytest.mark.parametrize("rolle", ["partner_a", "partner_b", "buergerschaft", "buero"])
def test_everyone_gets_the_same_public_data_as_anonymous(client, daten, personen, rolle):
    anonym = {n: lade(client, n) for n in URLS if n not in ("zip", "massnahmen_xlsx")}
    anonym_zip = zipfile.ZipFile(io.BytesIO(lade(client, "zip")))
    client.force_login(getattr(personen, rolle))
    for name, bytes_anonym in anonym.items():
        if name.endswith("_xlsx"):
            continue  # XLSX files carry a creation time
        assert lade(client, name) == bytes_anonym, name
    angemeldet = zipfile.ZipFile(io.BytesIO(lade(client, "zip")))
    for name in ZIP_DATEIEN:
        if name.endswith(".csv"):
            assert angemeldet.read(name) == anonym_zip.read(name), name
    alles = b"".join(angemeldet.read(n) for n in ZIP_DATEIEN if not n.endswith(".xlsx"))
    assert b"Vertraulich" not in alles  # the internal note of 5.1.1 / 1 a
    assert b"leerstand" not in alles  # the internal indicator


def test_indicator_pages_link_the_excel_variant_and_the_licence(client, daten):
    uebersicht = client.get("/indikatoren/").content.decode()
    assert 'href="/indikatoren/excel/daten.csv"' in uebersicht
    seite = client.get("/indikatoren/auslaenderanteil/").content.decode()
    assert 'href="/indikatoren/excel/auslaenderanteil.csv"' in seite
    assert 'href="/offene-daten/"' in seite.split("<footer")[0]


def test_without_a_konzept_every_file_is_there_and_empty(client, db):
    for url in [*URLS.values(), "/offene-daten/", "/offene-daten/katalog.jsonld"]:
        assert client.get(url).status_code == 200, url
    tabelle = pd.read_csv(io.BytesIO(lade(client, "massnahmen_csv")))
    assert tabelle.empty and "referenz" in tabelle.columns


def test_a_bad_filter_on_an_indicator_download_is_a_clear_400(client, daten):
    antwort = client.get("/indikatoren/excel/daten.csv?von=gestern")
    assert antwort.status_code == 400
    assert "Ungültiger Filter" in antwort.content.decode()

"""The page „Datenlage“ and its rules (monitoring/datenlage.py): current, outdated, without
data, Vorschlag; per Handlungsfeld, those without indicators too; who sees internal ones."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import datenlage
from monitoring.choices import Rhythmus, Verfuegbarkeit
from monitoring.datenlage import Zustand
from tests import builders as b
from tests.monitoring.conftest import BUDGET, viele_messwerte

pytestmark = pytest.mark.django_db

HEUTE = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("rhythmus", "letzte", "erwartet"),
    [
        (Rhythmus.JAEHRLICH, date(2025, 12, 31), Zustand.AKTUELL),  # 11 months
        (Rhythmus.JAEHRLICH, date(2025, 6, 2), Zustand.AKTUELL),  # 18 months: the limit
        (Rhythmus.JAEHRLICH, date(2025, 5, 2), Zustand.VERALTET),  # 19 months
        (Rhythmus.JAEHRLICH, date(2024, 12, 31), Zustand.VERALTET),
        (Rhythmus.MONATLICH, date(2026, 5, 2), Zustand.AKTUELL),  # 7 months: the limit
        (Rhythmus.MONATLICH, date(2026, 4, 2), Zustand.VERALTET),  # 8 months
        ("", date(2024, 12, 31), Zustand.AKTUELL),  # no rhythm: two years
        (Rhythmus.UNREGELMAESSIG, date(2024, 11, 2), Zustand.VERALTET),
        (Rhythmus.JAEHRLICH, None, Zustand.OHNE_DATEN),
    ],
)
def test_state_follows_the_rhythm_plus_publication_lag(rhythmus, letzte, erwartet):
    indikator = b.indikator("x", rhythmus=rhythmus)
    assert datenlage.zustand(indikator, letzte, HEUTE) == erwartet


def test_a_vorschlag_is_planned_whatever_it_holds():
    indikator = b.indikator("x", vorschlag=True, rhythmus=Rhythmus.JAEHRLICH)
    assert datenlage.zustand(indikator, date(2026, 6, 30), HEUTE) == Zustand.VORSCHLAG


@pytest.mark.parametrize(
    ("datum", "text"),
    [
        (date(2026, 11, 20), "unter 1 Monat"),
        (date(2026, 11, 2), "1 Monat"),
        (date(2025, 12, 31), "11 Monate"),
        (date(2025, 12, 2), "1 Jahr"),
        (date(2024, 9, 30), "2 Jahre, 2 Monate"),
    ],
)
def test_age_in_years_and_months(datum, text):
    assert datenlage.alter_text(datenlage.alter_in_monaten(datum, HEUTE)) == text


@pytest.fixture
def lage(db):
    kap = b.kapitel(b.konzept(), "4.2", "Leben und Wohnen im Stadtteil")
    wohnen = b.handlungsfeld(kap, "4.2.2", "Wohnen und Unterbringung")
    stadtteil = b.handlungsfeld(kap, "4.2.3", "Integration im Stadtteil")
    leer = b.handlungsfeld(kap, "4.2.4", "Sport und Freizeit")
    statistik = b.akteur("Kommunale Statistikstelle")
    aktuell = b.indikator(
        "aktuell",
        name="Ausländeranteil",
        rhythmus=Rhythmus.JAEHRLICH,
        kommunal_verfuegbar=Verfuegbarkeit.STADTBEREICH,
        verantwortlich=statistik,
        handlungsfelder=[wohnen, stadtteil],
    )
    b.messwert(aktuell, 2024, "7.5")
    b.messwert(aktuell, 2025, "8.1")
    alt = b.indikator(
        "alt",
        name="Wohnberechtigungsscheine",
        rhythmus=Rhythmus.JAEHRLICH,
        handlungsfelder=[wohnen],
        naechste_lieferung=date(2026, 6, 30),
    )
    b.messwert(alt, 2021, "120")
    b.indikator("leer", name="Unterkunftsplätze", handlungsfelder=[wohnen])
    b.indikator("vorschlag", name="Segregationsindex", vorschlag=True, handlungsfelder=[stadtteil])
    b.indikator("intern", name="Leerstand intern", oeffentlich=False, handlungsfelder=[wohnen])
    b.indikator("frei", name="Ohne Handlungsfeld")
    return {"wohnen": wohnen, "stadtteil": stadtteil, "leer": leer, "aktuell": aktuell}


def _text(client):
    antwort = client.get(reverse("monitoring:datenlage"))
    assert antwort.status_code == 200
    return antwort.content.decode()


def _zeile(text, name):
    anfang = text.index(f'lang="de">{name}</a>')
    return text[anfang : text.index("</tr>", anfang)]


def test_counts_per_handlungsfeld_and_once_overall(lage, time_machine):
    time_machine.move_to("2026-12-02 10:00:00+01:00", tick=False)
    lage_ = datenlage.datenlage(None)

    assert (lage_.zaehler.aktuell, lage_.zaehler.veraltet) == (1, 1)
    assert (lage_.zaehler.ohne_daten, lage_.zaehler.vorschlag) == (2, 1)  # leer, frei
    gruppen = {g.handlungsfeld.nummer if g.handlungsfeld else None: g for g in lage_.gruppen}
    assert list(gruppen) == ["4.2.2", "4.2.3", "4.2.4", None]
    wohnen = gruppen["4.2.2"].zaehler
    assert (wohnen.aktuell, wohnen.veraltet, wohnen.ohne_daten, wohnen.vorschlag) == (1, 1, 1, 0)
    stadtteil = gruppen["4.2.3"].zaehler
    assert (stadtteil.aktuell, stadtteil.vorschlag, stadtteil.gesamt) == (1, 1, 2)
    assert gruppen["4.2.4"].zaehler.gesamt == 0
    assert [g.handlungsfeld.nummer for g in lage_.blinde_handlungsfelder] == ["4.2.4"]


def test_page_shows_each_indicator_with_its_state(client, lage, time_machine):
    time_machine.move_to("2026-12-02 10:00:00+01:00", tick=False)
    text = _text(client)

    zeile = _zeile(text, "Ausländeranteil")
    assert "nach Stadtbereich" in zeile and "Kommunale Statistikstelle" in zeile
    assert "jährlich" in zeile and "8,1\xa0%" in zeile and "<td>2025</td>" in zeile
    assert "11 Monate" in zeile and ">aktuell</strong>" in zeile
    alt = _zeile(text, "Wohnberechtigungsscheine")
    assert ">veraltet</strong>" in alt and "4 Jahre, 11 Monate" in alt
    assert "Lieferung seit 30.06.2026 fällig" in alt
    assert ">ohne Daten</strong>" in _zeile(text, "Unterkunftsplätze")
    assert ">Vorschlag</strong>" in _zeile(text, "Segregationsindex")
    assert "Für dieses Handlungsfeld gibt es noch keinen Indikator." in text
    assert "1 Handlungsfeld hat keinen Indikator mit aktuellen Daten." in text
    # Accessible tables: a caption and header cells with their scope.
    assert text.count("<caption") == 4  # the summary and three Handlungsfelder with indicators
    assert '<th scope="row">Alle Indikatoren (jeder einmal)</th>' in text
    assert "<td>1</td><td>1</td><td>2</td><td>1</td><td>5</td>" in text


def test_internal_indicators_only_for_the_buero(client, lage, personen):
    assert "Leerstand intern" not in _text(client)
    for person in (personen.partner_a, personen.partner_b, personen.buergerschaft):
        client.force_login(person)
        assert "Leerstand intern" not in _text(client)
    client.force_login(personen.buero)
    text = _text(client)
    assert "Leerstand intern" in text and "(intern)" in text


def test_linked_from_the_overview_the_navigation_and_the_sitemap(client, lage):
    uebersicht = client.get(reverse("monitoring:uebersicht")).content.decode()
    url = reverse("monitoring:datenlage")
    assert uebersicht.count(f'href="{url}"') == 2  # navigation and the overview's text
    assert f'href="{url}" aria-current="page"' in _text(client)
    assert url in client.get("/sitemap.xml").content.decode()


def test_anonymous_page_comes_from_the_page_cache(client, lage):
    _text(client)
    with CaptureQueriesContext(connection) as abfragen:
        _text(client)
    assert len(abfragen) <= BUDGET["monitoring:download-304"]


def _abfragen(client):
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(reverse("monitoring:datenlage"))
    assert antwort.status_code == 200
    return len(abfragen)


def _zehnfach(lage):
    """Ten times the indicators, each with values, and thousands of values on one."""
    hfs = [lage["wohnen"], lage["stadtteil"]]
    for n in range(60):
        indikator = b.indikator(f"mehr-{n}", rhythmus=Rhythmus.JAEHRLICH, handlungsfelder=hfs)
        b.messwert(indikator, 2025, n)
    viele_messwerte(lage["aktuell"])


@pytest.mark.parametrize("wer", ["anonym", "buero"])
def test_constant_number_of_queries_at_1x_and_10x(client, lage, personen, wer):
    if wer == "buero":
        client.force_login(personen.buero)
    klein = _abfragen(client)
    _zehnfach(lage)
    gross = _abfragen(client)

    assert klein == gross
    schluessel = "monitoring:datenlage" + ("" if wer == "anonym" else " (Büro)")
    assert gross <= BUDGET[schluessel], f"{gross} queries, budget {BUDGET[schluessel]}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("breite", [1280, 320])
def test_page_has_no_serious_axe_violations(live_server, seite, axe_pruefen, lage, breite):
    seite.set_viewport_size({"width": breite, "height": 900})
    antwort = seite.goto(live_server.url + reverse("monitoring:datenlage"))
    assert antwort.status == 200
    assert seite.locator("table.datenlage").count() == 3
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


# --- The indicator's metadata: page, JSON download, API -------------------------------------


@pytest.fixture
def mit_metadaten(db):
    statistik = b.akteur("Kommunale Statistikstelle")
    indikator = b.indikator(
        "sgb2-quote",
        name="SGB-II-Quote",
        art="ergebnis",
        vorschlag=True,
        kommunal_verfuegbar=Verfuegbarkeit.NUR_STADT,
        verantwortlich=statistik,
        rhythmus=Rhythmus.JAEHRLICH,
        naechste_lieferung=date(2027, 6, 30),
        mindestfallzahl=5,
    )
    return indikator


def test_indicator_page_shows_the_data_owner_rhythm_and_threshold(client, mit_metadaten):
    text = client.get(mit_metadaten.get_absolute_url()).content.decode()
    metadaten = text[text.index('id="metadaten"') :]

    assert "<dt>Art</dt><dd>Ergebnis (Vorschlag – mit der Statistikstelle abzustimmen)</dd>" in (
        metadaten
    )
    assert "<dt>kommunal verfügbar</dt><dd>nur Stadt gesamt</dd>" in metadaten
    assert '<dt>Datenhalter</dt><dd lang="de">Kommunale Statistikstelle</dd>' in metadaten
    assert "<dt>Veröffentlichungsrhythmus</dt><dd>jährlich</dd>" in metadaten
    assert "<dt>nächste Lieferung</dt><dd>30.06.2027</dd>" in metadaten
    assert "Zellen unter 5 Fällen werden nicht veröffentlicht." in metadaten
    # The banner stands above the chart, not only in the metadata.
    banner = text.index('class="karte vorschlag" role="note"')
    assert banner < text.index('id="verlauf"')


def test_threshold_defaults_to_the_setting_and_no_banner_without_vorschlag(client, settings):
    settings.MONITORING_MINDESTFALLZAHL = 3
    indikator = b.indikator("anteil")
    text = client.get(indikator.get_absolute_url()).content.decode()
    assert "Zellen unter 3 Fällen werden nicht veröffentlicht." in text
    assert "<dt>nächste Lieferung</dt><dd>–</dd>" in text
    assert "karte vorschlag" not in text


def test_json_download_and_api_carry_the_same_fields(client, mit_metadaten):
    json_ = client.get(reverse("monitoring:indikator-json", args=["sgb2-quote"]))
    beschreibung = json.loads(b"".join(json_.streaming_content))["indikatoren"][0]
    api = client.get("/api/v1/indikatoren/sgb2-quote/").json()

    erwartet = {
        "vorschlag": True,
        "kommunal_verfuegbar": "nur_stadt",
        "rhythmus": "jaehrlich",
        "naechste_lieferung": "2027-06-30",
        "mindestfallzahl": 5,
    }
    assert {k: beschreibung[k] for k in erwartet} == erwartet
    assert {k: api[k] for k in erwartet} == erwartet
    assert beschreibung["art"] == "ergebnis"
    assert beschreibung["verantwortlich"] == "Kommunale Statistikstelle"


def test_a_json_download_imports_with_its_metadata(client, mit_metadaten):
    from monitoring.importing import importieren
    from monitoring.models import Indikator

    json_ = client.get(reverse("monitoring:indikator-json", args=["sgb2-quote"]))
    daten = json.loads(b"".join(json_.streaming_content))
    daten["indikatoren"][0]["kennung"] = "kopie"
    ergebnis = importieren(json.dumps(daten).encode(), "kopie.json", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    kopie = Indikator.objects.get(kennung="kopie")
    assert (kopie.art, kopie.vorschlag, kopie.rhythmus) == ("ergebnis", True, "jaehrlich")
    assert (kopie.naechste_lieferung, kopie.mindestfallzahl) == (date(2027, 6, 30), 5)


@pytest.mark.parametrize(
    ("feld", "wert"),
    [("rhythmus", "stuendlich"), ("naechste_lieferung", "30.06.2027"), ("mindestfallzahl", -1)],
)
def test_a_json_upload_with_a_wrong_value_is_refused(client, mit_metadaten, feld, wert):
    from monitoring.importing import importieren
    from monitoring.models import Indikator

    json_ = client.get(reverse("monitoring:indikator-json", args=["sgb2-quote"]))
    daten = json.loads(b"".join(json_.streaming_content))
    daten["indikatoren"][0].update({"kennung": "kopie", feld: wert})
    ergebnis = importieren(json.dumps(daten).encode(), "kopie.json", anwenden=True)

    assert not ergebnis.ok
    assert "Beschreibung der Indikatoren" in str(ergebnis.fehler[0])
    assert not Indikator.objects.filter(kennung="kopie").exists()

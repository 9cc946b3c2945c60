"""Indicators in reports: figures for one or two values, charts with unit, ticks and target."""

import re
from datetime import date

import pytest
from django.utils import translation

from monitoring.charts import bericht_grafiken, veraltet_hinweis
from monitoring.choices import Einheit, Richtung
from tests import builders as b


@pytest.fixture
def hf(db):
    return b.handlungsfeld(b.kapitel(b.konzept(), "5"), "5.3", "Integration durch Sprache")


def _grafik(hf, **kwargs):
    with translation.override("de"):
        [grafik] = bericht_grafiken([hf], **kwargs)[hf.pk]
    return grafik


def test_ein_wert_ist_eine_kennzahl_mit_einheit_datum_und_quelle(hf):
    ind = b.indikator(
        "einbuergerungen",
        name="Einbürgerungen",
        einheit=Einheit.ANZAHL,
        einheit_bezeichnung="Personen",
        nachkommastellen=0,
        datenquelle="Statistikstelle",
        handlungsfelder=[hf],
    )
    b.messwert(ind, 2023, 1412)
    grafik = _grafik(hf, stichtag=date(2025, 6, 30))
    assert grafik.als_kennzahlen and grafik.svg == ""
    [k] = grafik.kennzahlen
    assert (k.wert, k.datum, k.quelle) == ("1.412\u00a0Personen", "2023", "Statistikstelle")
    assert "2023: 1.412\u00a0Personen (Quelle: Statistikstelle)" in grafik.beschreibung
    assert grafik.hinweis == ""


def test_zwei_werte_auch_und_die_quelle_des_messwerts_geht_vor(hf):
    ind = b.indikator("quote", handlungsfelder=[hf])
    b.messwert(ind, 2016, 4.5, quelle="Mikrozensus")
    b.messwert(ind, 2017, 5.0)
    grafik = _grafik(hf, stichtag=date(2025, 6, 30))
    assert [k.quelle for k in grafik.kennzahlen] == ["Mikrozensus", "Kommunale Statistikstelle"]
    assert grafik.hinweis == "letzter Wert von 2017"


def test_diagramm_mit_achsentitel_ganzen_ticks_und_ziel(hf):
    ind = b.indikator(
        "kurse",
        name="Sprachkurse",
        einheit=Einheit.ANZAHL,
        einheit_bezeichnung="Kurse",
        nachkommastellen=0,
        richtung=Richtung.HOEHER_BESSER,
        ziele={2026: 8},
        handlungsfelder=[hf],
    )
    for jahr, wert in [(2022, 1), (2023, 2), (2024, 3)]:
        b.messwert(ind, jahr, wert)
    grafik = _grafik(hf, stichtag=date(2025, 6, 30))
    assert not grafik.als_kennzahlen
    svg = grafik.svg
    assert '<text class="achsentitel" x="8" y="14" text-anchor="start">Wert (Kurse)</text>' in svg
    ticks = re.findall(r'text-anchor="end" dominant-baseline="middle">([^<]*)</text>', svg)
    assert ticks and all(t.isdigit() for t in ticks), ticks
    assert "8" in ticks  # the axis reaches the target
    assert 'class="ziel"' in svg and "Zielwert: 8\u00a0Kurse bis 2026" in svg
    assert "Zielwert: 8\u00a0Kurse bis 2026." in grafik.beschreibung
    assert "2024: 3\u00a0Kurse" in grafik.beschreibung


def test_kleine_anzahlen_ohne_ziel_haben_trotzdem_ganze_ticks(hf):
    ind = b.indikator("laender", einheit=Einheit.ANZAHL, nachkommastellen=0, handlungsfelder=[hf])
    for jahr, wert in [(2022, 1), (2023, 2), (2024, 1)]:
        b.messwert(ind, jahr, wert)
    svg = _grafik(hf, stichtag=date(2025, 6, 30)).svg
    ticks = re.findall(r'text-anchor="end" dominant-baseline="middle">([^<]*)</text>', svg)
    assert ticks == ["0", "1", "2"]
    assert 'class="ziel"' not in svg


def test_veraltet_nach_drei_jahren():
    assert veraltet_hinweis(date(2022, 12, 31), date(2025, 12, 31)) == ""
    assert veraltet_hinweis(date(2022, 12, 30), date(2025, 12, 31)) == "letzter Wert von 2022"
    assert veraltet_hinweis(date(2020, 12, 31), date(2024, 2, 29)) == "letzter Wert von 2020"

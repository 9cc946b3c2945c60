"""Server-side SVG charts: right number of points, accessible name, description and axes."""

import re
from datetime import date

import pytest
from django.utils import translation

from monitoring.charts import Punkt, Reihe, liniendiagramm
from monitoring.reihen import diagramm, serien
from tests import builders as b


def _punkte(n, start=2010):
    return [Punkt(date(start + i, 12, 31), float(i), str(start + i), f"{i} %") for i in range(n)]


def test_every_value_is_one_marker_with_its_own_label():
    d = liniendiagramm(
        "Titel",
        [Reihe("A", _punkte(7)), Reihe("B", _punkte(3))],
        x_titel="Zeit",
        y_titel="Wert (%)",
    )
    svg = d.svg()

    assert svg.count('class="punkt"') == 10
    assert "<title>A, 2016: 6 %</title>" in svg
    assert "<title>B, 2012: 2 %</title>" in svg


def test_svg_is_a_named_and_described_image_with_labelled_axes():
    d = liniendiagramm(
        "Ausländeranteil", [Reihe("insgesamt", _punkte(3))], x_titel="Zeit", y_titel="Wert (%)"
    )
    svg = d.svg()

    assert re.search(r'role="img" aria-labelledby="diagramm-titel diagramm-beschreibung"', svg)
    # The indicator's name is the concept's German, also on English pages (WCAG 3.1.2).
    assert '<title id="diagramm-titel" lang="de">Ausländeranteil</title>' in svg
    beschreibung = re.search(r'<desc id="diagramm-beschreibung">(.*?)</desc>', svg).group(1)
    assert "von 2010 bis 2012" in beschreibung
    assert "insgesamt: 2010: 0 %; 2011: 1 %; 2012: 2 %." in beschreibung
    assert ">Zeit</text>" in svg and ">Wert (%)</text>" in svg


def test_coordinates_are_not_localised_in_german():
    with translation.override("de"):
        svg = liniendiagramm("T", [Reihe("A", _punkte(3))], x_titel="x", y_titel="y").svg()
    koordinaten = re.findall(r' (?:x|y|x1|y1)="([^"]*)"', svg)
    assert koordinaten and all("," not in k for k in koordinaten)


def test_long_series_are_described_up_to_a_limit_and_point_to_the_table():
    d = liniendiagramm("T", [Reihe("A", _punkte(80, start=1900))], x_titel="x", y_titel="y")
    assert d.anzahl_punkte == 80
    assert "Weitere 20 Werte stehen in der Tabelle." in d.beschreibung
    assert len(d.x_ticks) <= 10


def test_series_differ_by_more_than_colour():
    d = liniendiagramm("T", [Reihe(n, _punkte(2)) for n in "ABCD"], x_titel="x", y_titel="y")
    stile = {(r.strich, r.marker) for r in d.reihen}
    assert len(stile) == 4


@pytest.mark.django_db
def test_indicator_chart_has_one_point_per_messwert_of_the_chosen_breakdown():
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    b.auspraegung(geschlecht, "männlich", slug="maennlich")
    ind = b.indikator("anteil", nachkommastellen=2)
    for jahr, wert in [(2018, 6.18), (2019, 6.8), (2020, 7)]:
        b.messwert(ind, jahr, wert)
        b.messwert(ind, jahr, wert + 0.1, "geschlecht=weiblich")
    b.messwert(ind, 2020, 6.9, "geschlecht=maennlich")

    gesamt = diagramm(ind, serien(ind, "")[0])
    nach_geschlecht = diagramm(ind, serien(ind, "geschlecht")[0])

    assert gesamt.svg().count('class="punkt"') == 3
    assert nach_geschlecht.svg().count('class="punkt"') == 4
    assert [r.name for r in nach_geschlecht.reihen] == ["männlich", "weiblich"]
    with translation.override("de"):
        assert "2019: 6,80\u00a0%" in diagramm(ind, serien(ind, "")[0]).beschreibung


@pytest.mark.django_db
def test_report_charts_are_the_total_series_of_public_indicators_per_handlungsfeld(
    monitoring_daten, django_assert_max_num_queries
):
    from monitoring.charts import bericht_grafiken

    hfs = [monitoring_daten["hf_wohnen"], monitoring_daten["hf_stadtteil"]]
    # 6 (targets, definition changes, comparison values prefetched), and up to 2 for the
    # small-number protection (monitoring/geheimhaltung.py)
    with django_assert_max_num_queries(8):
        grafiken = bericht_grafiken(hfs)

    wohnen = grafiken[monitoring_daten["hf_wohnen"].pk]
    assert [g.name for g in wohnen] == [
        "Anteil der ausländischen Bevölkerung"
    ]  # not the internal one
    assert wohnen[0].svg.count('class="punkt"') == 3
    assert wohnen[0].svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "2020" in wohnen[0].beschreibung

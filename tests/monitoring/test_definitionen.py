"""A definition change splits the series and the trend (issue 18): no line across it in the
chart, a marker with its date, the table marks the first value after it, the trend counts only
the values since the last change."""

import re
from datetime import date

import pytest

from monitoring import reihen, trend
from monitoring.choices import Richtung, Trend
from monitoring.models import Definitionsversion
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(db):
    """Falling 30 → 20 under the old definition (2015–2017), rising 10 → 12 under the new one
    (from 1 January 2018): across the break the series looks like a decline, it is not."""
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    ind = b.indikator("quote", name="Quote", richtung=Richtung.HOEHER_BESSER)
    for jahr, wert in [(2015, 30), (2016, 25), (2017, 20), (2018, 10), (2019, 11), (2020, 12)]:
        b.messwert(ind, jahr, wert)
        b.messwert(ind, jahr, wert + 1, "geschlecht=weiblich")
    Definitionsversion.objects.create(
        indikator=ind,
        gueltig_ab=date(2018, 1, 1),
        beschreibung="Seit 2018 zählen nur Personen mit Hauptwohnsitz.",
    )
    return ind


def _pfade(svg):
    return re.findall(r'<g class="reihe"[^>]*>\s*<path d="([^"]*)"', svg)


def test_a_definition_change_splits_the_series_and_the_trend(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()

    # Chart: the line stops before the change and starts again after it.
    svg = text[text.index("<svg") : text.index("</svg>")]
    [pfad] = _pfade(svg)
    assert pfad.count("M") == 2 and pfad.count("L") == 4
    assert '<g class="bruch"' in svg and "Definition geändert (01.01.2018)" in svg
    assert "Definition geändert (01.01.2018)." in svg  # in the text alternative too
    assert '<li class="bruch">' in text  # and in the legend

    # Table: the first row after the change is marked, the cell points to what changed.
    tabelle = text[text.index('id="werte-tabelle"') :]
    assert re.search(r'<tr class="bruch"><th scope="row">2018 <small', tabelle)
    assert tabelle.count('<tr class="bruch">') == 1
    assert (
        "Definition geändert (01.01.2018): Seit 2018 zählen nur Personen mit Hauptwohnsitz."
        in tabelle
    )

    # Trend: only 2018–2020 count (+9.5 % a year), not the fall from 30.
    assert "<strong>deutliche Fortschritte</strong>" in text
    bewertung = trend.bewerten(
        [(m.datum, m.wert) for m in reihen.gesamtreihe(quote)],
        quote.richtung,
        brueche=[date(2018, 1, 1)],
    )
    assert bewertung.wachstum == pytest.approx((12 / 10) ** (1 / 2) - 1, rel=1e-2)
    ohne_bruch = trend.bewerten(
        [(m.datum, m.wert) for m in reihen.gesamtreihe(quote)], quote.richtung
    )
    assert ohne_bruch.status == Trend.VERSCHLECHTERUNG


def test_every_series_of_a_breakdown_is_split(client, quote):
    text = client.get(quote.get_absolute_url(), {"nach": "geschlecht"}).content.decode()
    svg = text[text.index("<svg") : text.index("</svg>")]
    # The headline series (shown first) and the breakdown's series: each in two pieces.
    assert [p.count("M") for p in _pfade(svg)] == [2, 2]


def test_one_value_after_the_change_is_not_assessable_and_says_why(client, quote):
    Definitionsversion.objects.create(
        indikator=quote, gueltig_ab=date(2020, 6, 1), beschreibung="Neue Quelle."
    )
    text = client.get(quote.get_absolute_url()).content.decode()
    assert "<strong>nicht bewertbar</strong>" in text
    assert "Die Definition hat sich am 01.06.2020 geändert; seitdem liegt nur ein Wert" in text


def test_a_change_after_the_latest_value_splits_nothing_yet(quote):
    werte = [(m.datum, m.wert) for m in reihen.gesamtreihe(quote)]
    assert trend.seit_letztem_bruch(sorted(werte), [date(2030, 1, 1)])[1] is None


def test_the_changes_are_listed_in_the_stand_section(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    stand = text[text.index('id="stand"') : text.index('id="verlauf"')]
    assert "Änderungen der Definition" in stand
    assert "ab 01.01.2018" in stand and "Seit 2018 zählen nur Personen mit Hauptwohnsitz." in stand


def test_report_chart_has_the_break_too(quote):
    from django.utils import translation

    from monitoring.charts import bericht_grafiken

    hf = b.handlungsfeld(b.kapitel(b.konzept(), "5"), "5.3", "Sprache")
    quote.handlungsfelder.add(hf)
    with translation.override("de"):
        [grafik] = bericht_grafiken([hf], stichtag=date(2021, 6, 30))[hf.pk]
    assert '<g class="bruch"' in grafik.svg
    [pfad] = _pfade(grafik.svg)
    assert pfad.count("M") == 2
    assert grafik.fussnoten == [
        (1, "Definition geändert (01.01.2018): Seit 2018 zählen nur Personen mit Hauptwohnsitz.")
    ]

"""Footnotes per Messwert (``anmerkung``): a mark at the point and a number in the chart's text
alternative, a number in the table cell with the notes below the table, the column in CSV and
JSON for every row."""

import csv
import io
import json
import re

import pytest

from tests import builders as b

pytestmark = pytest.mark.django_db

UMSTELLUNG = "Umstellung auf das Melderegister; Vorjahre geschätzt."
VORLAEUFIG = "Vorläufiger Wert der Statistikstelle."


@pytest.fixture
def quote(db):
    ind = b.indikator("quote", name="Quote", nachkommastellen=1)
    b.messwert(ind, 2018, 4.0)
    b.messwert(ind, 2019, 4.5, anmerkung=UMSTELLUNG)
    b.messwert(ind, 2020, 5.0, anmerkung=VORLAEUFIG)
    b.messwert(ind, 2021, 5.5, anmerkung=UMSTELLUNG)  # same text: same number
    return ind


def inhalt(antwort):
    return b"".join(antwort.streaming_content).decode("utf-8-sig")


def test_chart_marks_the_points_and_names_the_notes(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    svg = text[text.index("<svg") : text.index("</svg>")]
    marken = re.findall(r'<g class="fussnoten"[^>]*>(.*?)</g>', svg, re.S)
    assert [re.findall(r">(\d)</text>", m) for m in marken] == [["1", "2", "1"]]
    # The text alternative names the number at the value and lists the notes.
    assert "2019: 4,5\xa0% (Fußnote 1)" in svg
    assert f"Fußnoten: 1: {UMSTELLUNG}; 2: {VORLAEUFIG}." in svg
    # Each marker's own tooltip, too.
    assert "<title>insgesamt, 2020: 5,0\xa0% (Fußnote 2)</title>" in svg


def test_table_cell_carries_the_number_and_the_notes_follow_the_table(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    tabelle = text[text.index('id="werte-tabelle"') :]
    assert (
        '<th scope="row">2019</th><td>4,5\xa0%<sup><a href="#werte-fussnote-1" '
        'aria-label="Fußnote 1">1</a></sup></td>'
    ) in tabelle
    assert '<th scope="row">2018</th><td>4,0\xa0%</td>' in tabelle
    noten = re.findall(r'<li id="werte-fussnote-(\d)" value="\d" lang="de">([^<]*)</li>', tabelle)
    assert noten == [("1", UMSTELLUNG), ("2", VORLAEUFIG)]


def test_csv_and_json_have_the_note_in_every_row(client, quote):
    zeilen = list(csv.DictReader(io.StringIO(inhalt(client.get("/indikatoren/quote.csv")))))
    assert [z["anmerkung"] for z in zeilen] == ["", UMSTELLUNG, VORLAEUFIG, UMSTELLUNG]
    daten = json.loads(inhalt(client.get("/indikatoren/quote.json")))
    assert [m["anmerkung"] for m in daten["messwerte"]] == ["", UMSTELLUNG, VORLAEUFIG, UMSTELLUNG]


def test_a_note_is_text_not_markup(client, quote):
    quote.messwerte.filter(datum__year=2018).update(anmerkung='<script>alert("x")</script>')
    text = client.get(quote.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in text
    assert "&lt;script&gt;" in text


def test_report_lists_the_notes_below_the_chart(quote):
    from datetime import date

    from django.utils import translation

    from monitoring.charts import bericht_grafiken

    hf = b.handlungsfeld(b.kapitel(b.konzept(), "5"), "5.3", "Sprache")
    quote.handlungsfelder.add(hf)
    with translation.override("de"):
        [grafik] = bericht_grafiken([hf], stichtag=date(2022, 6, 30))[hf.pk]
    assert grafik.fussnoten == [(1, UMSTELLUNG), (2, VORLAEUFIG)]
    assert 'class="fussnoten"' in grafik.svg

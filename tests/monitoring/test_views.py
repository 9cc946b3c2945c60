"""The public pages: overview by Handlungsfeld, indicator page, who sees internal indicators."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.monitoring.conftest import BUDGET, viele_messwerte

pytestmark = pytest.mark.django_db


def seite(client, name, *args, **query):
    return client.get(reverse(f"monitoring:{name}", args=args), query)


def test_overview_lists_public_indicators_by_handlungsfeld(client, monitoring_daten):
    antwort = seite(client, "uebersicht")

    text = antwort.content.decode()
    assert antwort.status_code == 200
    # The indicator appears under both of its Handlungsfelder, in concept order.
    wohnen, stadtteil = (
        text.index("4.2.2 Wohnen und Unterbringung"),
        text.index("4.2.3 Integration im Stadtteil"),
    )
    assert wohnen < stadtteil
    assert text.count("Anteil der ausländischen Bevölkerung</a>") == 2
    assert "Übergreifende Kennzahlen" in text and "Migrationshintergrund in Deutschland" in text
    assert "etwa 20,8" in text  # latest value with its qualifier, German notation
    assert "Leerstandsquote" not in text


def test_internal_indicators_are_for_the_buero_only(client, monitoring_daten, personen):
    kennung = monitoring_daten["intern"].kennung
    assert seite(client, "indikator", kennung).status_code == 404
    for person in (personen.partner_a, personen.buergerschaft):
        client.force_login(person)
        assert seite(client, "indikator", kennung).status_code == 404
        assert "Leerstandsquote" not in seite(client, "uebersicht").content.decode()
    client.force_login(personen.buero)
    assert seite(client, "indikator", kennung).status_code == 200
    assert "Leerstandsquote" in seite(client, "uebersicht").content.decode()


def test_indicator_page_shows_latest_value_change_target_and_trend(client, monitoring_daten):
    text = seite(client, "indikator", "auslaenderanteil").content.decode()

    assert "7,00\xa0% (Stand: 2020)" in text
    assert "+0,20\xa0Prozentpunkte (gegenüber 2019)" in text
    assert "8,00\xa0% bis 2030" in text  # target
    assert "+1,00\xa0Prozentpunkte" in text  # distance to it
    assert "<strong>deutliche Fortschritte</strong>" in text
    assert text.count('class="punkt"') == 3
    # The data table beside the chart carries the same values.
    assert '<th scope="row">2019</th><td>6,80\xa0%</td>' in text
    assert "Fortschrittsmessung von Open SDG" in text


def test_breakdown_can_be_chosen(client, monitoring_daten):
    text = seite(client, "indikator", "auslaenderanteil", nach="geschlecht").content.decode()

    assert '<option value="geschlecht" selected>nach Geschlecht</option>' in text
    # The headline series (the total) first, then the breakdown's (see test_darstellung.py).
    assert text.count('class="punkt"') == 9
    assert (
        '<th scope="col">insgesamt</th>'
        '<th scope="col" lang="de">männlich</th><th scope="col" lang="de">weiblich</th>'
    ) in text
    # Latest value and trend stay those of the total.
    assert "7,00\xa0% (Stand: 2020)" in text


def test_unknown_breakdown_falls_back_to_the_total(client, monitoring_daten):
    text = seite(client, "indikator", "auslaenderanteil", nach="farbe").content.decode()
    assert text.count('class="punkt"') == 3


def test_handlungsfeld_tag_lists_its_visible_indicators(
    monitoring_daten, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    anfrage = RequestFactory().get("/")
    anfrage.user = AnonymousUser()
    vorlage = Template("{% load monitoring_tags %}{% indikatoren_im_handlungsfeld hf %}")
    with django_assert_num_queries(BUDGET["indikatoren_im_handlungsfeld"]):
        html = vorlage.render(Context({"hf": monitoring_daten["hf_wohnen"], "request": anfrage}))
    assert "Anteil der ausländischen Bevölkerung" in html
    assert "Leerstandsquote" not in html
    from tests import builders as b

    ohne = b.handlungsfeld(monitoring_daten["hf_wohnen"].kapitel, "4.2.4")
    assert "<section" not in vorlage.render(Context({"hf": ohne, "request": anfrage}))


def _abfragen(client, url):
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(url)
        if antwort.streaming:
            b"".join(antwort.streaming_content)
    assert antwort.status_code == 200
    return len(abfragen)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("monitoring:uebersicht", "/indikatoren/"),
        ("monitoring:indikator", "/indikatoren/auslaenderanteil/"),
        ("monitoring:indikator?nach=geschlecht", "/indikatoren/auslaenderanteil/?nach=geschlecht"),
        ("monitoring:indikator-csv", "/indikatoren/auslaenderanteil.csv"),
        ("monitoring:alle-json", "/indikatoren/daten.json"),
        ("monitoring:alle-csv-excel", "/indikatoren/excel/daten.csv"),
    ],
)
def test_pages_need_a_bounded_number_of_queries(client, monitoring_daten, name, url):
    klein = _abfragen(client, url)
    anzahl = viele_messwerte(monitoring_daten["anteil"])
    assert anzahl > 2000
    gross = _abfragen(client, url)

    assert klein == gross, f"{name}: {klein} queries with few values, {gross} with {anzahl} more"
    assert gross <= BUDGET[name], f"{name}: {gross} queries, budget {BUDGET[name]}"


def test_a_page_with_many_series_shows_a_bounded_number_and_says_so(client, monitoring_daten):
    viele_messwerte(monitoring_daten["anteil"])
    text = seite(client, "indikator", "auslaenderanteil", nach="stadtbereich").content.decode()

    # The total (50 + the fixture's 3 years) and the first 7 Stadtbereiche: 8 series.
    assert text.count('class="punkt"') == 53 + 7 * 50
    assert "Gezeigt werden die ersten 8 Reihen" in text


def test_handlungsfeld_page_shows_its_indicators(client, monitoring_daten):
    antwort = client.get(reverse("measures:handlungsfeld", args=["4.2.2"]))

    text = antwort.content.decode()
    assert antwort.status_code == 200
    abschnitt = text[text.index('class="indikatoren-im-handlungsfeld"') :]
    assert 'href="/indikatoren/auslaenderanteil/"' in abschnitt
    assert "7,00\xa0%" in abschnitt
    assert "Leerstandsquote" not in text

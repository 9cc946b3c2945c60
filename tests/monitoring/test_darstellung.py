"""The indicator page as Open SDG shows it: chart and table as tabs, series by checkbox (the
headline first), unit selector, source CSV, one or two dates as figures — server-rendered."""

import re

import pytest
from django.urls import reverse

from monitoring.choices import Einheit
from tests import builders as b
from tests.monitoring.conftest import BUDGET, viele_messwerte
from tests.monitoring.test_views import _abfragen

pytestmark = pytest.mark.django_db

SEITE = "/indikatoren/auslaenderanteil/"


def html(client, pfad=SEITE, **query):
    antwort = client.get(pfad, query)
    assert antwort.status_code == 200
    return antwort.content.decode()


def kopfzeile(text):
    """The column heads of the value table: the series shown, in order (without the column of
    the indicator's targets, which the table adds after the series)."""
    tabelle = text[text.index('<caption id="werte-tabelle">') :]
    kopf = tabelle[: tabelle.index("</thead>")]
    spalten = re.findall(r'<th scope="col"(?: lang="de")?>([^<]*)</th>', kopf)[1:]
    return [s for s in spalten if s != "Zielwert"]


def angekreuzt(text):
    """The values of the ticked series checkboxes."""
    return re.findall(
        r'<input type="checkbox" name="reihe" value="([^"]*)" id="[^"]*" checked>', text
    )


def kästchen(text):
    return re.findall(r'<input type="checkbox" name="reihe" value="([^"]*)"', text)


# --- Tabs: without JavaScript both panels, one after the other, with their headings -------------


def test_chart_and_table_are_both_on_the_page_with_in_page_links(client, monitoring_daten):
    text = html(client)

    liste = text[text.index('<ul class="reiter-liste"') :]
    assert liste.index('href="#reiter-grafik"') < liste.index('href="#reiter-tabelle"')
    grafik, tabelle = text.index('id="reiter-grafik"'), text.index('id="reiter-tabelle"')
    assert grafik < tabelle
    assert '<h3 class="reiter-titel">Diagramm</h3>' in text[grafik:tabelle]
    assert "<svg" in text[grafik:tabelle]
    assert '<h3 class="reiter-titel">Tabelle</h3>' in text[tabelle:]
    assert '<caption id="werte-tabelle">' in text[tabelle:]
    # Nothing is hidden on the server: the script only enhances.
    assert " hidden" not in text[grafik : text.index("</table>", tabelle)]
    assert 'src="/static/js/reiter.js"' in text


def test_source_csv_is_offered_at_the_chart(client, monitoring_daten):
    text = html(client)

    link = (
        '<a class="button" href="/indikatoren/auslaenderanteil.csv">'
        "Quelldaten als CSV herunterladen</a>"
    )
    assert link in text
    assert text.index(link) < text.index('class="reiter"')


# --- Series by checkbox, the headline first ----------------------------------------------------


def test_total_alone_has_no_series_checkboxes(client, monitoring_daten):
    text = html(client)

    assert kästchen(text) == []
    assert kopfzeile(text) == ["insgesamt"]
    # A link that asks for the total (the only series there) is no error.
    text = html(client, reihe="insgesamt")
    assert "fehler-zusammenfassung" not in text
    assert kopfzeile(text) == ["insgesamt"]


def test_a_breakdown_offers_its_series_with_the_headline_first_and_ticked(client, monitoring_daten):
    text = html(client, nach="geschlecht")

    assert kästchen(text) == ["insgesamt", "geschlecht=maennlich", "geschlecht=weiblich"]
    assert angekreuzt(text) == kästchen(text)
    assert kopfzeile(text) == ["insgesamt", "männlich", "weiblich"]
    assert '<label for="reihe-2" lang="de">männlich</label>' in text
    assert '<button type="submit">Anzeigen</button>' in text


def test_chosen_series_are_shown_and_only_those(client, monitoring_daten):
    text = html(client, nach="geschlecht", reihe=["geschlecht=weiblich"])

    assert kopfzeile(text) == ["weiblich"]
    assert angekreuzt(text) == ["geschlecht=weiblich"]
    assert text.count('class="punkt"') == 3
    # Chart and table show the same selection (the table's last column holds the targets).
    assert '<th scope="row">2019</th><td>6,90\xa0%</td><td>–</td></tr>' in text
    # The latest value and trend stay those of the total.
    assert "7,00\xa0% (Stand: 2020)" in text


def test_headline_can_be_shown_with_breakdown_series(client, monitoring_daten):
    text = html(client, nach="geschlecht", reihe=["geschlecht=weiblich", "insgesamt"])

    # The headline comes first, whatever order the parameters had.
    assert kopfzeile(text) == ["insgesamt", "weiblich"]
    assert text.count('class="punkt"') == 6


def test_unknown_series_is_a_german_message_not_an_error(client, monitoring_daten):
    falsche = ("geschlecht=divers", "<script>alert(1)</script>", "geschlecht=a=b", "x", "")
    for falsch in falsche:
        text = html(client, nach="geschlecht", reihe=["geschlecht=weiblich", falsch])

        assert '<div class="fehler-zusammenfassung" role="alert">' in text
        assert "gibt es in dieser Aufschlüsselung nicht." in text
        assert "<script>alert" not in text
        assert "<title>Fehler: " in text
        # Nothing applied: the default selection of the breakdown.
        assert kopfzeile(text) == ["insgesamt", "männlich", "weiblich"]
    # A key of another (malformed) combination is dropped, as in the next test.
    text = html(client, nach="geschlecht", reihe=["geschlecht=a;b", ";=;", "=;"])
    assert kopfzeile(text) == ["insgesamt", "männlich", "weiblich"]


def test_a_series_of_another_breakdown_means_start_over(client, monitoring_daten):
    """Ticked under "Geschlecht", then the reader chose another breakdown in the same form."""
    anteil = monitoring_daten["anteil"]
    bereich = b.dimension("stadtbereich", "Stadtbereich")
    b.auspraegung(bereich, "Evershagen")
    b.messwert(anteil, 2020, "9", "stadtbereich=evershagen")

    text = html(client, nach="stadtbereich", reihe=["geschlecht=weiblich"])

    assert "fehler-zusammenfassung" not in text
    assert kästchen(text) == ["insgesamt", "stadtbereich=evershagen"]
    assert kopfzeile(text) == ["insgesamt", "Evershagen"]


def test_at_most_eight_series_can_be_chosen(client, monitoring_daten):
    viele_messwerte(monitoring_daten["anteil"], stadtbereiche=12, jahre=3)
    alle = [f"stadtbereich=bereich-{i:02d}" for i in range(12)]

    text = html(client, nach="stadtbereich", reihe=alle[:9])
    assert "Wählen Sie höchstens 8 Reihen aus." in text
    assert len(kopfzeile(text)) == 8  # the default: the total and the first seven

    text = html(client, nach="stadtbereich", reihe=alle[4:12])
    assert "fehler-zusammenfassung" not in text
    assert kopfzeile(text) == [f"Bereich {i:02d}" for i in range(4, 12)]
    # Every series of the breakdown can be chosen, not only the first eight.
    assert len(kästchen(text)) == 13
    assert "Gezeigt werden die ersten" not in text


def test_internal_indicator_with_a_selection_is_still_for_the_buero_only(
    client, monitoring_daten, personen
):
    pfad = reverse("monitoring:indikator", args=["leerstand"])
    for person in (None, personen.partner_a, personen.partner_b, personen.buergerschaft):
        if person:
            client.force_login(person)
        assert client.get(pfad, {"reihe": "insgesamt"}).status_code == 404
    client.force_login(personen.buero)
    assert client.get(pfad, {"reihe": "insgesamt"}).status_code == 200


def test_downloads_ignore_the_page_selection_and_have_every_value(client, monitoring_daten):
    antwort = client.get("/indikatoren/auslaenderanteil.csv", {"reihe": "geschlecht=weiblich"})

    inhalt = b"".join(antwort.streaming_content).decode("utf-8-sig")
    assert antwort.status_code == 200
    assert len(inhalt.strip().splitlines()) == 1 + 9


# --- Unit selector -----------------------------------------------------------------------------


@pytest.fixture
def einheiten(monitoring_daten):
    anteil = monitoring_daten["anteil"]
    anteil.einheitengruppe = "auslaender"
    anteil.save()
    anzahl = b.indikator(
        "auslaender-anzahl",
        name="Ausländische Bevölkerung",
        einheit=Einheit.ANZAHL,
        einheit_bezeichnung="Personen",
        einheitengruppe="auslaender",
        sortierung=2,
    )
    b.indikator(
        "auslaender-intern",
        name="Ausländische Bevölkerung (intern)",
        einheit=Einheit.MILLIONEN,
        einheitengruppe="auslaender",
        oeffentlich=False,
        sortierung=3,
    )
    return anzahl


def einheitenwahl(text):
    if 'class="einheiten"' not in text:
        return None
    teil = text[
        text.index('class="einheiten"') : text.index("</nav>", text.index('class="einheiten"'))
    ]
    return re.findall(r'<a href="([^"]+)"( aria-current="page")?>', teil)


def test_unit_selector_links_the_same_quantity_in_other_units(client, monitoring_daten, einheiten):
    text = html(client)

    assert einheitenwahl(text) == [
        ("/indikatoren/auslaenderanteil/", ' aria-current="page"'),
        ("/indikatoren/auslaender-anzahl/", ""),
    ]
    assert "Einheit:" in text and 'Anzahl (<span lang="de">Personen</span>)' in text
    anzahl = html(client, "/indikatoren/auslaender-anzahl/")
    assert einheitenwahl(anzahl)[1] == ("/indikatoren/auslaender-anzahl/", ' aria-current="page"')


def test_unit_selector_offers_internal_siblings_to_the_buero_only(
    client, monitoring_daten, einheiten, personen
):
    client.force_login(personen.partner_a)
    assert len(einheitenwahl(html(client))) == 2
    client.force_login(personen.buero)
    assert len(einheitenwahl(html(client))) == 3


def test_no_unit_selector_without_a_group(client, monitoring_daten):
    assert einheitenwahl(html(client)) is None


# --- One or two dates: figures, not a line ------------------------------------------------------


def test_two_values_are_figures_with_their_change(client, db):
    indikator = b.indikator("quote", name="Quote", nachkommastellen=1)
    b.messwert(indikator, 2021, "4.5")
    b.messwert(indikator, 2023, "5.0")

    text = html(client, "/indikatoren/quote/")

    assert "<svg xmlns" not in text
    assert 'class="punkt"' not in text
    assert '<h3 class="reiter-titel">Kennzahlen</h3>' in text
    assert '<dt>2021</dt><dd class="kennzahl-wert">4,5\xa0%</dd>' in text
    assert '<dt>2023</dt><dd class="kennzahl-wert">5,0\xa0%</dd>' in text
    assert '<dd class="kennzahl-veraenderung">+0,5\xa0Prozentpunkte</dd>' in text
    # The table stays.
    assert '<th scope="row">2023</th><td>5,0\xa0%</td>' in text


def test_one_value_is_a_figure_without_change(client, monitoring_daten):
    text = html(client, "/indikatoren/deutschland/")

    assert "<svg xmlns" not in text
    assert 'class="kennzahl-wert">etwa 20,8' in text
    assert "kennzahl-veraenderung" not in text


def test_two_dates_across_breakdown_series_are_figures_too(client, monitoring_daten):
    indikator = b.indikator("zwei", name="Zwei Jahre")
    b.messwert(indikator, 2022, "3", "geschlecht=weiblich")
    b.messwert(indikator, 2023, "4", "geschlecht=weiblich")
    b.messwert(indikator, 2023, "2", "geschlecht=maennlich")
    text = html(client, "/indikatoren/zwei/")
    assert "<svg xmlns" not in text
    assert text.count('class="kennzahl-reihe"') == 2  # männlich, weiblich; no total
    assert '<dd class="kennzahl-veraenderung">+1,0\xa0Prozentpunkte</dd>' in text


def test_no_values_no_tabs_but_the_page_works(client, db):
    b.indikator("leer", name="Noch leer")

    text = html(client, "/indikatoren/leer/")

    assert "Noch keine Messwerte." in text
    assert "reiter-liste" not in text
    assert "Quelldaten als CSV herunterladen" in text
    assert '<h2 id="metadaten">' in text


# --- Query budgets: constant with 1× and many more values ---------------------------------------


@pytest.mark.parametrize(
    ("name", "url"),
    [
        (
            "monitoring:indikator?nach=geschlecht&reihe=…",
            SEITE + "?nach=geschlecht&reihe=insgesamt&reihe=geschlecht%3Dweiblich",
        ),
        (
            "monitoring:indikator?nach=stadtbereich&reihe=…",
            SEITE
            + "?nach=stadtbereich&reihe=stadtbereich%3Dbereich-03&reihe=stadtbereich%3Dbereich-07",
        ),
        ("monitoring:indikator (Einheitengruppe)", SEITE),
    ],
)
def test_selection_pages_need_a_bounded_number_of_queries(client, monitoring_daten, name, url):
    anteil = monitoring_daten["anteil"]
    if "Einheitengruppe" in name:
        anteil.einheitengruppe = "auslaender"
        anteil.save()
        b.indikator("auslaender-anzahl", einheit=Einheit.ANZAHL, einheitengruppe="auslaender")
    bereich = b.dimension("stadtbereich", "Stadtbereich")
    for i in range(8):
        b.auspraegung(bereich, f"Bereich {i:02d}", slug=f"bereich-{i:02d}")
        b.messwert(anteil, 2030, i, f"stadtbereich=bereich-{i:02d}")
    klein = _abfragen(client, url)
    anzahl = viele_messwerte(monitoring_daten["anteil"], stadtbereiche=20, jahre=50)
    assert anzahl > 2000
    gross = _abfragen(client, url)

    assert klein == gross, f"{name}: {klein} queries with few values, {gross} with {anzahl} more"
    assert gross <= BUDGET[name], f"{name}: {gross} queries, budget {BUDGET[name]}"

"""Targets over time (issue 18): Zielwerte per year instead of one target field, in the chart,
the table, the trend („Ziel erreicht“ on the page and in the overview), the API and downloads."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from monitoring import metadaten, trend
from monitoring.choices import Richtung, Trend
from monitoring.models import Indikator, Zielwert
from tests import builders as b
from tests.konten.formular import formulardaten

pytestmark = pytest.mark.django_db


def reihe(*werte, start=2018):
    return [(date(start + i, 12, 31), Decimal(str(w))) for i, w in enumerate(werte)]


@pytest.fixture
def quote(db):
    """Rising 40 → 50 (2018–2020), higher is better; targets 45 for 2019 and 60 for 2030."""
    hf = b.handlungsfeld(b.kapitel(b.konzept(), "5.1"), "5.1.1", "Frühkindliche Bildung")
    ind = b.indikator(
        "betreuungsquote",
        name="Betreuungsquote",
        richtung=Richtung.HOEHER_BESSER,
        ziele={2019: 45, 2030: 60},
        handlungsfelder=[hf],
    )
    for datum, wert in reihe(40, 44, 50):
        b.messwert(ind, datum.year, wert)
    return ind


# --- Migration 0005 -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_moves_each_target_into_a_row_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate([("monitoring", "0004_indikatorarten_ziele_datenlage")])
    alt = executor.loader.project_state(
        [("monitoring", "0004_indikatorarten_ziele_datenlage")]
    ).apps
    AltIndikator = alt.get_model("monitoring", "Indikator")
    gemeinsam = {"kurzdefinition": "d", "einheit": "prozent", "datenquelle": "q"}
    AltIndikator.objects.create(
        kennung="mit-jahr", zielwert=Decimal("8"), zieljahr=2026, **gemeinsam
    )
    AltIndikator.objects.create(kennung="ohne-jahr", zielwert=Decimal("5.5"), **gemeinsam)
    AltIndikator.objects.create(kennung="ohne-ziel", **gemeinsam)

    executor = MigrationExecutor(connection)
    executor.migrate([("monitoring", "0005_zielwerte_aus_indikator")])
    neu = executor.loader.project_state([("monitoring", "0005_zielwerte_aus_indikator")]).apps
    Ziel = neu.get_model("monitoring", "Zielwert")
    assert sorted(Ziel.objects.values_list("indikator__kennung", "jahr", "wert")) == [
        ("mit-jahr", 2026, Decimal("8")),
        # No year: the horizon the trend used for such a target (documented in the migration).
        ("ohne-jahr", 2030, Decimal("5.5")),
    ]
    assert "zielwert" not in {f.name for f in neu.get_model("monitoring", "Indikator")._meta.fields}

    # Backwards: the latest target goes back into the two fields.
    Ziel.objects.create(indikator=Ziel.objects.first().indikator, jahr=2035, wert=Decimal("9"))
    executor = MigrationExecutor(connection)
    executor.migrate([("monitoring", "0004_indikatorarten_ziele_datenlage")])
    alt = executor.loader.project_state(
        [("monitoring", "0004_indikatorarten_ziele_datenlage")]
    ).apps
    zurueck = {
        k: (w, j)
        for k, w, j in alt.get_model("monitoring", "Indikator").objects.values_list(
            "kennung", "zielwert", "zieljahr"
        )
    }
    assert zurueck["ohne-ziel"] == (None, None)
    assert zurueck["ohne-jahr"] == (Decimal("5.5"), 2030)
    assert zurueck["mit-jahr"] == (Decimal("9"), 2035)
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


# --- The trend ------------------------------------------------------------------------------


def test_the_next_target_at_or_after_the_latest_year_counts():
    ziele = [(2019, Decimal("45")), (2025, Decimal("70")), (2030, Decimal("90"))]
    assert trend.massgebliches_ziel(ziele, 2020) == (2025, Decimal("70"))
    assert trend.massgebliches_ziel(ziele, 2025) == (2025, Decimal("70"))
    # After the last target year: the latest target.
    assert trend.massgebliches_ziel(ziele, 2031) == (2030, Decimal("90"))
    assert trend.massgebliches_ziel([], 2020) is None


def test_an_earlier_target_met_does_not_count_once_a_later_one_applies():
    werte = reihe(40, 44, 50)
    # 2019's target (45) is met by 2020's 50, but 2030's (60) is what counts for 2020.
    bewertung = trend.bewerten(werte, Richtung.HOEHER_BESSER, [(2019, 45), (2030, 60)])
    assert bewertung.status != Trend.ZIEL_ERREICHT
    assert bewertung.fortschritt is not None
    # With only the 2019 target it is the latest one, and it is met.
    assert trend.bewerten(werte, Richtung.HOEHER_BESSER, [(2019, 45)]).status == Trend.ZIEL_ERREICHT


def test_target_met_in_the_wanted_direction_only():
    werte = reihe(60, 55, 50)
    assert trend.bewerten(werte, Richtung.NIEDRIGER_BESSER, [(2030, 52)]).status == (
        Trend.ZIEL_ERREICHT
    )
    assert trend.bewerten(werte, Richtung.HOEHER_BESSER, [(2030, 52)]).status == (
        Trend.VERSCHLECHTERUNG
    )


def test_one_value_meeting_the_target_is_ziel_erreicht():
    assert trend.bewerten(reihe(50), Richtung.HOEHER_BESSER, [(2030, 45)]).status == (
        Trend.ZIEL_ERREICHT
    )


def test_suppressed_values_are_left_out_of_the_trend():
    werte = reihe(40, 44, 50) + [(date(2021, 12, 31), None)]
    assert trend.bewerten(werte, Richtung.HOEHER_BESSER).status == (
        trend.bewerten(reihe(40, 44, 50), Richtung.HOEHER_BESSER).status
    )


# --- Page and overview ----------------------------------------------------------------------


def test_page_names_the_target_that_counts_and_lists_all(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    stand = text[text.index('id="stand"') : text.index('id="verlauf"')]
    assert "60,0\xa0% bis 2030" in stand  # the target that counts for 2020
    assert "+10,0\xa0Prozentpunkte" in stand  # distance to it
    assert "45,0\xa0% bis 2019" in stand and "60,0\xa0% bis 2030" in stand  # the list
    assert "ziel-erreicht" not in text


def test_ziel_erreicht_is_a_visible_badge_on_the_page_and_in_the_overview(client, quote):
    Zielwert.objects.filter(indikator=quote, jahr=2030).update(wert=Decimal("48"))
    anderer = b.indikator(
        "ohne-erfolg", name="Noch nicht", richtung=Richtung.HOEHER_BESSER, ziele={2030: 99}
    )
    b.messwert(anderer, 2020, 10)

    text = client.get(quote.get_absolute_url()).content.decode()
    assert re.search(r'<strong class="abzeichen ziel-erreicht">.*Ziel erreicht</strong>', text)
    assert "Der aktuelle Wert erreicht den Zielwert für 2030." in text

    uebersicht = client.get("/indikatoren/").content.decode()
    zeilen = {
        name: zeile
        for zeile in uebersicht.split("<tr>")
        for name in ("Betreuungsquote", "Noch nicht")
        if f">{name}</a>" in zeile
    }
    assert "Ziel erreicht" in zeilen["Betreuungsquote"]
    assert "Ziel erreicht" not in zeilen["Noch nicht"]


def test_chart_draws_each_target_at_its_year_with_a_line_from_the_latest_value(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert svg.count('class="zielpunkt"') == 2
    # The dashed line starts at the latest value and leads to the 2030 target only.
    [pfad] = re.findall(r'<g class="ziel"[^>]*>\s*<path d="([^"]+)"', svg)
    assert pfad.count("L") == 1
    # Named in the text alternative and in the legend.
    assert "Zielwert: 45,0\xa0% bis 2019." in svg and "Zielwert: 60,0\xa0% bis 2030." in svg
    legende = text[text.index('<ul class="legende">') :]
    assert '<li class="ziel">' in legende and "Zielwert: 60,0\xa0% bis 2030" in legende
    # The time axis reaches the target year.
    assert ">2030</text>" in svg


def test_table_shows_the_targets_as_a_column(client, quote):
    text = client.get(quote.get_absolute_url()).content.decode()
    tabelle = text[text.index('id="werte-tabelle"') :]
    assert '<th scope="col">Zielwert</th>' in tabelle
    assert '<th scope="row">2019</th><td>44,0\xa0%</td><td>45,0\xa0%</td>' in tabelle
    assert '<th scope="row">2030</th><td>–</td><td>60,0\xa0%</td>' in tabelle


def test_api_lists_the_targets(client, quote):
    daten = client.get("/api/v1/indikatoren/betreuungsquote/").json()
    assert daten["ziele"] == [
        {"jahr": 2019, "wert": "45", "anmerkung": ""},
        {"jahr": 2030, "wert": "60", "anmerkung": ""},
    ]
    assert "zielwert" not in daten and "zieljahr" not in daten


# --- One rule: a target needs a direction ---------------------------------------------------


def test_admin_inline_refuses_a_target_on_a_neutral_indicator(client, personen):
    personen.buero.is_superuser = True
    personen.buero.save()
    client.force_login(personen.buero)
    ind = b.indikator("neutral", richtung=Richtung.NEUTRAL)
    url = f"/admin/monitoring/indikator/{ind.pk}/change/"
    daten = formulardaten(client.get(url).content.decode())
    daten |= {"ziele-TOTAL_FORMS": ["1"], "ziele-0-jahr": ["2030"], "ziele-0-wert": ["8"]}

    antwort = client.post(url, daten)
    assert antwort.status_code == 200
    assert "braucht eine Richtung" in antwort.content.decode()
    assert not Zielwert.objects.exists()

    daten["richtung"] = [Richtung.HOEHER_BESSER]
    assert client.post(url, daten).status_code == 302
    assert list(ind.ziele.values_list("jahr", "wert")) == [(2030, Decimal("8"))]


def test_loader_creates_targets_and_refuses_them_on_a_neutral_indicator():
    eintrag = {
        "kurzdefinition": "d",
        "einheit": "prozent",
        "datenquelle": "q",
        "ziele": [{"jahr": 2030, "wert": "8.5"}],
    }
    neu, warnungen = metadaten.indikatoren_anlegen(
        [
            {**eintrag, "kennung": "gerichtet", "name": "A", "richtung": Richtung.HOEHER_BESSER},
            {**eintrag, "kennung": "neutral", "name": "B", "richtung": Richtung.NEUTRAL},
            # A download made before targets per year: one value, no year.
            {"kennung": "alt", "name": "C", "richtung": "hoeher_besser", "zielwert": "3"}
            | {k: eintrag[k] for k in ("kurzdefinition", "einheit", "datenquelle")},
        ]
    )
    assert len(neu) == 3
    assert sorted(Zielwert.objects.values_list("indikator__kennung", "jahr", "wert")) == [
        ("alt", 2030, Decimal("3")),
        ("gerichtet", 2030, Decimal("8.5")),
    ]
    assert any("neutral: Zielwert 2030 nicht angelegt" in w for w in warnungen)


def test_json_download_describes_the_targets_as_a_list(client, quote):
    import json

    antwort = client.get("/indikatoren/betreuungsquote.json")
    daten = json.loads(b"".join(antwort.streaming_content))
    assert daten["indikatoren"][0]["ziele"] == [
        {"jahr": 2019, "wert": "45"},
        {"jahr": 2030, "wert": "60"},
    ]
    assert Indikator.objects.get(kennung="betreuungsquote").ziele.count() == 2

"""Indicator kinds and Wirkungen on pages, admin and API (issue 18).

5.2-1a is meant to raise "Beratungskontakte" (Leistung) and "Anteil B1 bestanden" (Ergebnis); an
internal Leistung indicator is linked too. The measure page shows the ones the reader may see,
with Art, direction and the latest value; the Handlungsfeld page shows its Kontext indicators
with the note that they cannot be attributed to single measures, and the Ergebnis/Leistung ones
apart. A Kontext indicator can never be tied to a measure – neither in the admin's inline nor by
changing an indicator's Art afterwards.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.choices import Einheit, Indikatorart, Wirkungsrichtung
from monitoring.models import Indikator, Wirkung
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

HINWEIS = "lassen sich nicht einzelnen Maßnahmen zurechnen"


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def indikatoren(plan):
    hf52 = plan.a.teilziel.handlungsfeld
    kontext = b.indikator(
        "arbeitslosenquote", name="Arbeitslosenquote Ausländer*innen", handlungsfelder=[hf52]
    )
    b.messwert(kontext, 2023, "14.2")
    leistung = b.indikator(
        "beratungskontakte",
        name="Beratungskontakte",
        art=Indikatorart.LEISTUNG,
        einheit=Einheit.ANZAHL,
        nachkommastellen=0,
    )
    b.messwert(leistung, date(2026, 6, 30), "125")
    ergebnis = b.indikator("b1", name="Anteil B1 bestanden", art=Indikatorart.ERGEBNIS)
    intern = b.indikator(
        "intern", name="Interne Steuerungszahl", art=Indikatorart.LEISTUNG, oeffentlich=False
    )
    Wirkung.objects.create(indikator=leistung, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    Wirkung.objects.create(indikator=ergebnis, massnahme=plan.a, richtung=Wirkungsrichtung.SENKT)
    Wirkung.objects.create(indikator=intern, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    return {"kontext": kontext, "leistung": leistung, "ergebnis": ergebnis, "intern": intern}


def massnahme_url(kennung="5.2-1a"):
    return reverse("measures:massnahme", kwargs={"kennung": kennung})


def handlungsfeld_url(nummer="5.2"):
    return reverse("measures:handlungsfeld", kwargs={"nummer": nummer})


def _abschnitt(seite, anfang, ende="</section>"):
    return seite.split(anfang, 1)[1].split(ende, 1)[0]


# --- the measure page --------------------------------------------------------------------------


def test_measure_page_shows_its_indicators_with_art_direction_and_latest_value(client, indikatoren):
    seite = client.get(massnahme_url()).content.decode()
    teil = _abschnitt(seite, 'id="indikatoren"')
    assert "Beratungskontakte" in teil
    assert indikatoren["leistung"].get_absolute_url() in teil
    assert "Leistung" in teil and "Ergebnis" in teil
    assert "erhöht" in teil and "senkt" in teil
    assert "125" in teil and "30.06.2026" in teil
    # The Kontext indicator is the Handlungsfeld's, not the measure's; internal ones Büro-only.
    assert "Arbeitslosenquote" not in teil
    assert "Interne Steuerungszahl" not in seite


@pytest.mark.parametrize("wer", ["partner_a", "partner_b", "buergerschaft"])
def test_internal_indicators_stay_hidden_from_everyone_but_the_buero(
    client, personen, indikatoren, wer
):
    client.force_login(getattr(personen, wer))
    assert "Interne Steuerungszahl" not in client.get(massnahme_url()).content.decode()


def test_the_buero_sees_internal_indicators_marked_intern(client, personen, indikatoren):
    client.force_login(personen.buero)
    teil = _abschnitt(client.get(massnahme_url()).content.decode(), 'id="indikatoren"')
    assert "Interne Steuerungszahl" in teil and "(intern)" in teil


def test_a_measure_without_wirkungen_has_no_indicator_section(client, indikatoren):
    assert 'id="indikatoren"' not in client.get(massnahme_url("5.2-1b")).content.decode()


def test_measure_page_query_count_does_not_grow_with_indicators(client, plan, indikatoren):
    def zaehlen():
        with CaptureQueriesContext(connection) as abfragen:
            assert client.get(massnahme_url()).status_code == 200
        return len(abfragen)

    vorher = zaehlen()
    for n in range(10):
        i = b.indikator(f"weitere-{n}", art=Indikatorart.LEISTUNG)
        b.messwert(i, 2024, n)
        Wirkung.objects.create(indikator=i, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    assert zaehlen() == vorher


# --- the Handlungsfeld page --------------------------------------------------------------------


def test_handlungsfeld_page_shows_kontext_indicators_with_the_fixed_note(client, indikatoren):
    seite = client.get(handlungsfeld_url()).content.decode()
    teil = _abschnitt(seite, 'class="indikatoren-im-handlungsfeld"')
    kontext = teil.split("Ergebnisse und Leistungen der Maßnahmen")[0]
    assert HINWEIS in kontext
    assert "Arbeitslosenquote Ausländer*innen" in kontext
    assert "Beratungskontakte" not in kontext
    # Ergebnis/Leistung indicators of the field's measures, listed apart with their Art.
    wirkung = teil.split("Ergebnisse und Leistungen der Maßnahmen")[1]
    assert "Beratungskontakte" in wirkung and "Anteil B1 bestanden" in wirkung
    assert "Interne Steuerungszahl" not in seite


def test_handlungsfeld_without_kontext_indicators_has_no_note(client, indikatoren):
    seite = client.get(handlungsfeld_url("4.1.2")).content.decode()
    assert HINWEIS not in seite


# --- the rule: no Kontext indicator on a measure ----------------------------------------------


def test_model_refuses_kontext_indicator_on_a_measure(plan, indikatoren):
    wirkung = Wirkung(
        indikator=indikatoren["kontext"], massnahme=plan.b, richtung=Wirkungsrichtung.ERHOEHT
    )
    with pytest.raises(ValidationError) as fehler:
        wirkung.full_clean()
    assert "indikator" in fehler.value.message_dict


def test_changing_art_to_kontext_is_refused_while_it_has_wirkungen(indikatoren):
    leistung = Indikator.objects.get(pk=indikatoren["leistung"].pk)
    leistung.art = Indikatorart.KONTEXT
    with pytest.raises(ValidationError) as fehler:
        leistung.full_clean()
    assert "Wirkungen" in str(fehler.value.message_dict["art"])
    # Without Wirkungen it may become a Kontext indicator.
    leistung.wirkungen.all().delete()
    leistung.full_clean()


def _admin_daten(indikator, **abweichend):
    """The IndikatorAdmin change form's POST for ``indikator`` (inlines with no rows)."""
    daten = {
        "name": indikator.name,
        "kennung": indikator.kennung,
        "art": indikator.art,
        "kurzdefinition": indikator.kurzdefinition,
        "einheit": indikator.einheit,
        "nachkommastellen": indikator.nachkommastellen,
        "datenquelle": indikator.datenquelle,
        "kommunal_verfuegbar": indikator.kommunal_verfuegbar,
        "richtung": indikator.richtung,
        "oeffentlich": "on",
        "sortierung": "0",
    }
    for prefix in ("ziele", "definitionen", "vergleichswerte"):
        daten.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    wirkungen = list(indikator.wirkungen.all())
    daten.update(
        {
            "wirkungen-TOTAL_FORMS": str(len(wirkungen)),
            "wirkungen-INITIAL_FORMS": str(len(wirkungen)),
        }
    )
    for n, w in enumerate(wirkungen):
        daten.update(
            {
                f"wirkungen-{n}-id": str(w.pk),
                f"wirkungen-{n}-indikator": str(indikator.pk),
                f"wirkungen-{n}-massnahme": str(w.massnahme_id),
                f"wirkungen-{n}-richtung": w.richtung,
            }
        )
    daten.update(abweichend)
    return daten


def test_admin_inline_refuses_a_wirkung_for_a_kontext_indicator(
    client, personen, plan, indikatoren
):
    kontext = indikatoren["kontext"]
    client.force_login(personen.buero)
    url = reverse("admin:monitoring_indikator_change", args=[kontext.pk])
    daten = _admin_daten(kontext)
    daten.update(
        {
            "wirkungen-TOTAL_FORMS": "1",
            "wirkungen-0-indikator": str(kontext.pk),
            "wirkungen-0-massnahme": str(plan.b.pk),
            "wirkungen-0-richtung": Wirkungsrichtung.ERHOEHT,
        }
    )
    antwort = client.post(url, daten)
    assert antwort.status_code == 200, antwort.get("Location")
    assert "keiner Maßnahme zugeordnet" in antwort.content.decode()
    assert not kontext.wirkungen.exists()


def test_admin_refuses_changing_art_to_kontext_with_wirkungen(client, personen, indikatoren):
    leistung = indikatoren["leistung"]
    client.force_login(personen.buero)
    url = reverse("admin:monitoring_indikator_change", args=[leistung.pk])
    antwort = client.post(url, _admin_daten(leistung, art=Indikatorart.KONTEXT))
    assert antwort.status_code == 200
    assert "entfernen Sie zuerst die Wirkungen" in antwort.content.decode()
    leistung.refresh_from_db()
    assert leistung.art == Indikatorart.LEISTUNG


def test_admin_saves_a_wirkung_for_a_leistung_indicator(client, personen, plan, indikatoren):
    leistung = indikatoren["leistung"]
    client.force_login(personen.buero)
    url = reverse("admin:monitoring_indikator_change", args=[leistung.pk])
    daten = _admin_daten(leistung)
    daten.update(
        {
            "wirkungen-TOTAL_FORMS": "2",
            "wirkungen-1-indikator": str(leistung.pk),
            "wirkungen-1-massnahme": str(plan.b.pk),
            "wirkungen-1-richtung": Wirkungsrichtung.ERHOEHT,
        }
    )
    antwort = client.post(url, daten)
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    assert set(leistung.wirkungen.values_list("massnahme", flat=True)) == {plan.a.pk, plan.b.pk}


# --- the API -----------------------------------------------------------------------------------


def test_api_gives_art_and_the_measures_with_direction(client, indikatoren):
    antwort = client.get("/api/v1/indikatoren/")
    assert antwort.status_code == 200
    daten = {i["kennung"]: i for i in antwort.json()["results"]}
    assert "intern" not in daten
    assert daten["arbeitslosenquote"]["art"] == "kontext"
    assert daten["arbeitslosenquote"]["wirkungen"] == []
    assert daten["beratungskontakte"]["art"] == "leistung"
    assert daten["beratungskontakte"]["wirkungen"] == [
        {"massnahme": "5.2-1a", "richtung": "erhoeht"}
    ]
    assert daten["b1"]["wirkungen"] == [{"massnahme": "5.2-1a", "richtung": "senkt"}]


def test_api_filters_by_measure_and_art(client, personen, indikatoren):
    def kennungen(url):
        antwort = client.get(url)
        assert antwort.status_code == 200, antwort.json()
        return sorted(i["kennung"] for i in antwort.json()["results"])

    assert kennungen("/api/v1/indikatoren/?massnahme=5.2-1a") == ["b1", "beratungskontakte"]
    assert kennungen("/api/v1/indikatoren/?massnahme=5.2-1a&art=leistung") == ["beratungskontakte"]
    assert kennungen("/api/v1/indikatoren/?massnahme=5.2-1b") == []
    assert kennungen("/api/v1/indikatoren/?massnahme=quatsch") == []
    assert kennungen("/api/v1/indikatoren/?art=kontext") == ["arbeitslosenquote"]
    client.force_login(personen.buero)
    assert kennungen("/api/v1/indikatoren/?massnahme=5.2-1a&art=leistung") == [
        "beratungskontakte",
        "intern",
    ]
    assert client.get("/api/v1/indikatoren/?art=unsinn").status_code == 400


# --- the demo ----------------------------------------------------------------------------------


def test_demo_adds_a_leistung_indicator_without_values_on_two_measures(plan):
    call_command("demo_leistungen", force=True, stdout=io.StringIO())
    # Idempotent: a second run adds nothing.
    call_command("demo_leistungen", force=True, stdout=io.StringIO())
    indikator = Indikator.objects.get(kennung="demo-teilnehmende")
    assert indikator.art == Indikatorart.LEISTUNG
    assert indikator.name.startswith("Demo:")
    assert indikator.wirkungen.count() == 2
    assert not indikator.messwerte.exists()

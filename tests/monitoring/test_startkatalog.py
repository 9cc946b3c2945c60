"""``load_startkatalog``: indicator definitions without values, each a Vorschlag, linked to the
Handlungsfelder and Teilziele they serve; idempotent, never touching an activated one."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from monitoring.models import Indikator, Messwert

pytestmark = pytest.mark.django_db

DATEI = Path(settings.BASE_DIR) / "fixtures" / "monitoring" / "startkatalog.json"
KATALOG = json.loads(DATEI.read_text("utf-8"))
VORSCHLAG = "Vorschlag – mit der Statistikstelle abzustimmen"


def laden():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_startkatalog", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def konzept():
    call_command("load_konzept", stdout=io.StringIO())


def test_the_file_holds_definitions_only_each_with_its_source_and_mark():
    kennungen = {e["kennung"] for e in KATALOG}
    assert len(kennungen) == len(KATALOG) == 9
    for eintrag in KATALOG:
        assert eintrag["vorschlag"] is True
        assert eintrag["hinweise"].startswith(VORSCHLAG)
        for feld in ("name", "kurzdefinition", "methode", "einheit", "datenquelle", "art"):
            assert eintrag[feld], (eintrag["kennung"], feld)
        assert eintrag["kommunal_verfuegbar"] and eintrag["rhythmus"]
        assert eintrag["handlungsfelder"] and eintrag["teilziele"]
        assert not {"werte", "messwerte", "zielwert"} & eintrag.keys()


def test_dns_definition_and_dissimilarity_formula_are_quoted():
    eintraege = {e["kennung"]: e for e in KATALOG}
    dns = eintraege["dns-10-1-auslaendische-schulabsolvierende"]
    assert "mindestens einem Hauptschulabschluss verlassen" in dns["methode"]
    assert "Nachhaltigkeitsstrategie, Indikator 10.1" in dns["hinweise"]
    assert "D = ½ Σ |a_i/A − b_i/B|" in eintraege["segregationsindex-stadtbereiche"]["methode"]


def test_loads_every_definition_as_a_linked_vorschlag_without_values(konzept):
    out, err = laden()

    assert "9 Vorschläge neu angelegt" in out
    assert err == ""  # every Handlungsfeld, Teilziel and Datenhalter was found
    indikatoren = Indikator.objects.filter(kennung__in=[e["kennung"] for e in KATALOG])
    assert indikatoren.count() == 9
    assert all(i.vorschlag for i in indikatoren)
    assert not Messwert.objects.filter(indikator__in=indikatoren).exists()
    dns = indikatoren.get(kennung="dns-10-1-auslaendische-schulabsolvierende")
    assert [hf.nummer for hf in dns.handlungsfelder.order_by("sortierung")] == ["5.1.2", "5.1.3"]
    assert [tz.kennung for tz in dns.teilziele.all()] == ["5.1.2-1"]
    assert dns.verantwortlich.name == "Hauptamt, Kommunale Statistikstelle"
    assert (dns.kommunal_verfuegbar, dns.rhythmus, dns.art) == ("nein", "jaehrlich", "kontext")
    sprachen = indikatoren.get(kennung="sprachmittlung-sprachen")
    assert (sprachen.art, sprachen.verantwortlich.name) == ("leistung", "SprInt Rostock")


def test_a_second_run_changes_nothing_and_an_activated_one_is_left_alone(konzept):
    laden()
    aktiviert = Indikator.objects.get(kennung="sgb2-quote")
    aktiviert.vorschlag = False
    aktiviert.name = "SGB-II-Quote (abgestimmt)"
    aktiviert.save()
    aktiviert.handlungsfelder.clear()

    out, _err = laden()

    assert "0 Vorschläge neu angelegt, 1 schon aktiviert und unverändert" in out
    aktiviert.refresh_from_db()
    assert (aktiviert.name, aktiviert.vorschlag) == ("SGB-II-Quote (abgestimmt)", False)
    assert not aktiviert.handlungsfelder.exists()  # the Büro's unlinking stays
    assert Indikator.objects.filter(vorschlag=True).count() == 8


def test_without_the_concept_it_says_so_and_links_on_the_next_run():
    _out, err = laden()
    assert "Kein Konzept geladen" in err
    assert not Indikator.objects.get(kennung="sgb2-quote").handlungsfelder.exists()

    call_command("load_konzept", stdout=io.StringIO())
    laden()
    assert Indikator.objects.get(kennung="sgb2-quote").handlungsfelder.get().nummer == "5.2"


def test_catalogue_shows_on_the_datenlage_page_as_planned(client, konzept):
    laden()
    text = client.get(reverse("monitoring:datenlage")).content.decode()

    assert "<td>0</td><td>0</td><td>0</td><td>9</td><td>9</td>" in text
    # Two serve two Handlungsfelder each (DNS 10.1, the segregation index): 11 rows.
    assert text.count(">Vorschlag</strong>") == 11
    seite = client.get(reverse("monitoring:indikator", args=["sgb2-quote"])).content.decode()
    assert VORSCHLAG in seite and "Statistik der Bundesagentur für Arbeit" in seite

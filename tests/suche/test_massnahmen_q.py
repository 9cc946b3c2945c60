"""The Maßnahmen list's ``q`` (page, API, admin: measures/filtersets.py) on the real concept:
Akteur names, Kurznamen and references find measures, on SQLite and PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command

from measures.models import Massnahme, Zustaendigkeit

pytestmark = pytest.mark.django_db


@pytest.fixture
def konzept_geladen(db):
    call_command("load_konzept", verbosity=0, stdout=io.StringIO())


def _liste(client, **parameter):
    response = client.get("/massnahmen/", parameter)
    assert response.status_code == 200
    return response.context["paginator"].count


def test_hanse_jobcenter_finds_its_measures(client, konzept_geladen):
    eigene = (
        Zustaendigkeit.objects.filter(akteur__name__startswith="Hanse-Jobcenter")
        .values("massnahme")
        .distinct()
        .count()
    )
    assert eigene >= 14
    assert _liste(client, q="Hanse-Jobcenter") >= eigene
    assert _liste(client, q="HJC") >= 14


@pytest.mark.parametrize(
    ("q", "anzahl"),
    [("5.2 / 1 a", 1), ("5.2-1a", 1), ("5.2 1a", 1), ("5.2/1a", 1)],
)
def test_references_find_the_measure(client, konzept_geladen, q, anzahl):
    assert _liste(client, q=q) == anzahl


def test_a_handlungsfeld_reference_finds_all_its_measures(client, konzept_geladen):
    alle = Massnahme.objects.filter(teilziel__handlungsfeld__nummer="5.2").count()
    assert _liste(client, q="5.2") == alle
    teilziel = Massnahme.objects.filter(
        teilziel__handlungsfeld__nummer="5.2", teilziel__nummer=1
    ).count()
    assert _liste(client, q="5.2 / 1") == teilziel


def test_sprachmittler_finds_sprachmittlung(client, konzept_geladen):
    mit_wort = Massnahme.objects.filter(text__icontains="sprachmittl").count()
    assert mit_wort
    assert _liste(client, q="Sprachmittler") == mit_wort


def test_the_api_uses_the_same_q(client, konzept_geladen):
    antwort = client.get("/api/v1/massnahmen/", {"q": "5.2-1a"}).json()
    assert [m["kennung"] for m in antwort["results"]] == ["5.2-1a"]


def test_the_admin_search_finds_references(client, konzept_geladen, personen):
    client.force_login(personen.buero)
    liste = "/admin/measures/massnahme/"
    alle = Massnahme.objects.filter(teilziel__handlungsfeld__nummer="5.2").count()
    for q, anzahl in [("5.2", alle), ("5.2 1a", 1), ("5.2-1a", 1)]:
        response = client.get(liste, {"q": q})
        assert response.context["cl"].result_count == anzahl, q


def test_too_long_q_is_a_form_error_not_a_500(client, db):
    response = client.get("/massnahmen/", {"q": "x" * 101})
    assert response.status_code == 200
    assert "höchstens 100 Zeichen" in response.content.decode()

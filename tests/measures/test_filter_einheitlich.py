"""The same filter parameters find the same measures on the page, in the API and in the admin
(issue 13, point 6): the admin's list filters are built from measures/filtersets.py."""

import pytest

from measures.admin.massnahmen import MassnahmeAdmin
from measures.filtersets import MassnahmeFilterSet
from tests.measures.admin_daten import LISTE, plan_anlegen, referenzen

pytestmark = pytest.mark.django_db

ABFRAGEN = [
    # The reported case: Amt A helps on 5.2 / 2 a (intern) where Verein B leads (extern).
    # "A, extern" means ONE Zuständigkeit of A that is extern: there is none.
    "akteur=amt-a&seite=extern",
    "akteur=amt-a&seite=intern",
    "akteur=amt-a&federfuehrend=true",
    "akteur=verein-b&federfuehrend=true&seite=extern",
    "seite=extern&federfuehrend=false",
    "seite=intern",
    "akteur=verein-b",
    "kapitel=4",
    "kapitel=4.1",
    "handlungsfeld=5.2",
    "status=in_umsetzung",
    "ampel=kritisch",
    "status=entfallen&akteur=amt-a",
    "ueberfaellig=ja",
    "unveraendert=ja",
    "federfuehrung=ohne",
    "akteur=verein-b&ueberfaellig=ja",
]


@pytest.fixture
def admin_plan(personen):
    return plan_anlegen(personen)


def _seite(client, abfrage):
    response = client.get(f"/massnahmen/?{abfrage}")
    assert response.status_code == 200
    return {m.referenz for m in response.context["massnahmen"]}


def _api(client, abfrage):
    response = client.get(f"/api/v1/massnahmen/?{abfrage}")
    assert response.status_code == 200
    return {m["referenz"] for m in response.json()["results"]}


def _admin(client, personen, abfrage):
    client.force_login(personen.buero)
    response = client.get(f"{LISTE}?{abfrage}")
    client.logout()
    assert response.status_code == 200
    return referenzen(response)


@pytest.mark.parametrize("abfrage", ABFRAGEN)
def test_page_api_and_admin_find_the_same_measures(client, personen, admin_plan, abfrage):
    seite = _seite(client, abfrage)
    assert _api(client, abfrage) == seite
    assert _admin(client, personen, abfrage) == seite


def test_akteur_and_extern_is_one_zustaendigkeit_in_the_admin(client, personen, admin_plan):
    assert _admin(client, personen, "akteur=amt-a&seite=extern") == set()
    assert _admin(client, personen, "akteur=amt-a&seite=intern") == {"4.1.2 / 1 a", "5.2 / 2 a"}


def test_admin_filters_are_the_filtersets(personen):
    """No hand-written copy: every admin list filter names a FilterSet filter."""
    for listenfilter in MassnahmeAdmin.list_filter:
        assert listenfilter.parameter_name in MassnahmeFilterSet.base_filters


def test_admin_refuses_an_unknown_value_like_the_page(client, personen, admin_plan):
    client.force_login(personen.buero)
    response = client.get(f"{LISTE}?kapitel=99")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_admin_facet_counts_follow_the_same_filters(client, personen, admin_plan):
    client.force_login(personen.buero)
    response = client.get(f"{LISTE}?akteur=amt-a&_facets=True")
    assert response.status_code == 200
    assert referenzen(response) == {"4.1.2 / 1 a", "5.2 / 2 a"}
    inhalt = response.content.decode()
    # Counted as the filter would find them: A is intern on both, extern on none.
    assert "verwaltungsintern (2)" in inhalt
    assert "verwaltungsextern (0)" in inhalt

"""Every API list, sorted by every field it allows (up and down) and paged at several sizes,
returns each record exactly once (issue 13, point 3: ties dropped and repeated rows on PostgreSQL).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from integration_portal.api.sortierung import EindeutigeSortierung
from integration_portal.api.urls import router
from tests.sortierplan import sortierplan_anlegen

pytestmark = pytest.mark.django_db

SEITENGROESSEN = [7, 13]
# The lists a client may sort; the change log keeps its own (tests/api/test_aenderungen_api.py).
LISTEN = [
    (prefix, viewset)
    for prefix, viewset, _basename in router.registry
    if EindeutigeSortierung in viewset.filter_backends
]


def _sicht(viewset, user):
    anfrage = Request(APIRequestFactory().get("/"))
    anfrage.user = user
    return viewset(action="list", request=anfrage, format_kwarg=None, args=(), kwargs={})


def erlaubte_sortierungen(viewset, user=None):
    sicht = _sicht(viewset, user or AnonymousUser())
    felder = EindeutigeSortierung().get_valid_fields(
        sicht.get_queryset(), sicht, {"request": sicht.request}
    )
    return [feld for feld, _titel in felder]


def _alle_seiten(client, url):
    gesehen, seite = [], 1
    while True:
        response = client.get(f"{url}&page={seite}")
        assert response.status_code == 200, (url, response.content[:300])
        daten = response.json()
        gesehen += [zeile["id"] for zeile in daten["results"]]
        if not daten["next"]:
            return gesehen
        seite += 1


@pytest.mark.parametrize(("prefix", "viewset"), LISTEN, ids=[p for p, _v in LISTEN])
def test_every_ordering_and_page_size_shows_each_record_once(client, personen, prefix, viewset):
    sortierplan_anlegen(personen)
    client.force_login(personen.buero)
    erwartet = set(_sicht(viewset, personen.buero).get_queryset().values_list("pk", flat=True))
    assert len(erwartet) > max(SEITENGROESSEN), f"{prefix}: zu wenig Daten für einen Test"
    sortierungen = erlaubte_sortierungen(viewset, personen.buero)
    assert sortierungen, prefix
    for feld in sortierungen:
        for richtung in ("", "-"):
            for groesse in SEITENGROESSEN:
                url = f"/api/v1/{prefix}/?ordering={richtung}{feld}&page_size={groesse}"
                gesehen = _alle_seiten(client, url)
                doppelt = sorted({i for i in gesehen if gesehen.count(i) > 1})
                assert not doppelt, f"{url}: doppelt {doppelt}"
                assert set(gesehen) == erwartet, f"{url}: fehlt {sorted(erwartet - set(gesehen))}"


def test_default_order_is_total_too(client, personen):
    """Without ?ordering the lists end in the primary key as well (pages 1 and 2 never overlap)."""
    sortierplan_anlegen(personen)
    client.force_login(personen.buero)
    for prefix, _viewset in LISTEN:
        gesehen = _alle_seiten(client, f"/api/v1/{prefix}/?page_size=7")
        assert len(gesehen) == len(set(gesehen)), prefix


def test_to_many_fields_and_properties_are_not_sort_keys(personen):
    """Sorting by a to-many relation repeats rows; by a property it cannot be done in SQL."""
    from measures.api.views import MassnahmeViewSet
    from monitoring.api.views import IndikatorViewSet

    massnahme = erlaubte_sortierungen(MassnahmeViewSet)
    assert "status" in massnahme and "teilziel__handlungsfeld__nummer" in massnahme
    assert "zustaendigkeiten" not in massnahme
    assert "teilziel__kennung" not in massnahme  # Teilziel.kennung is a property
    indikator = erlaubte_sortierungen(IndikatorViewSet)
    assert "handlungsfelder" not in indikator and "teilziele" not in indikator
    assert "letztes_datum" in indikator  # an annotation: one value per row


def test_unknown_or_to_many_ordering_is_ignored_not_an_error(client, personen):
    sortierplan_anlegen(personen)
    for ordering in ("zustaendigkeiten", "teilziel", "gibt_es_nicht", "-referenz"):
        response = client.get(f"/api/v1/massnahmen/?ordering={ordering}&page_size=500")
        assert response.status_code == 200, ordering
        ids = [m["id"] for m in response.json()["results"]]
        assert len(ids) == len(set(ids)) == 41, ordering

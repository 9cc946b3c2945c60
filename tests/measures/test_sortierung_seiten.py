"""Paged pages and admin lists show each record exactly once, in every order they offer
(issue 13, point 3), on a plan full of equal sort keys (tests/sortierplan.py)."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR
from django.urls import reverse

from measures.models import Massnahme, Sachstand
from measures.views.partner import MeineSachstaendeView
from portal.views.massnahmen import MassnahmenListeView
from tests.sortierplan import sortierplan_anlegen

pytestmark = pytest.mark.django_db

SEITENGROESSE = 7


def _seiten_durchgehen(client, url, liste):
    gesehen, seite = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={seite}")
        assert response.status_code == 200, url
        gesehen += [obj.pk for obj in response.context[liste]]
        if not response.context["page_obj"].has_next():
            return gesehen
        seite += 1


def _genau_einmal(gesehen, erwartet, wo):
    doppelt = sorted({pk for pk in gesehen if gesehen.count(pk) > 1})
    assert not doppelt, f"{wo}: doppelt {doppelt}"
    assert set(gesehen) == set(erwartet), f"{wo}: fehlt {sorted(set(erwartet) - set(gesehen))}"


def test_massnahmen_page_pages_through_every_measure_once(client, personen, monkeypatch):
    massnahmen = sortierplan_anlegen(personen)
    monkeypatch.setattr(MassnahmenListeView, "paginate_by", SEITENGROESSE)
    for url in ("/massnahmen/", "/massnahmen/?status=in_umsetzung&status=nicht_begonnen"):
        _genau_einmal(
            _seiten_durchgehen(client, url, "massnahmen"), [m.pk for m in massnahmen], url
        )


def test_meine_sachstaende_pages_through_every_sachstand_once(client, personen, monkeypatch):
    sortierplan_anlegen(personen)
    monkeypatch.setattr(MeineSachstaendeView, "paginate_by", SEITENGROESSE)
    client.force_login(personen.partner_a)
    url = reverse("measures:meine-sachstaende")
    erwartet = Sachstand.objects.filter(akteur=personen.akteur_a).values_list("pk", flat=True)
    _genau_einmal(_seiten_durchgehen(client, url, "sachstaende"), erwartet, url)


# The lists the Büro pages through; Django's admin adds "-pk" itself, these tests hold it so.
ADMIN_LISTEN = [
    "measures.massnahme",
    "measures.akteur",
    "measures.sachstand",
    "measures.berichtsrunde",
    "concept.teilziel",
    "monitoring.indikator",
]


def _admin_listen():
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in ADMIN_LISTEN:
            yield pytest.param(model, model_admin, id=model._meta.label_lower)


@pytest.mark.parametrize(("model", "model_admin"), list(_admin_listen()))
def test_admin_lists_page_through_every_row_once_in_every_order(
    client, personen, monkeypatch, model, model_admin
):
    sortierplan_anlegen(personen)
    if model.objects.count() <= SEITENGROESSE:
        pytest.skip("zu wenige Zeilen für mehr als eine Seite")
    monkeypatch.setattr(model_admin, "list_per_page", SEITENGROESSE)
    client.force_login(personen.buero)
    basis = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    # The Sachstand list opens on what waits for review; "alle" shows every row.
    basis += "?pruefung=alle" if model is Sachstand else "?"
    erste = client.get(basis)
    assert erste.status_code == 200
    cl = erste.context["cl"]
    erwartet = list(cl.queryset.values_list("pk", flat=True))
    sortierbar = [
        i for i, name in enumerate(cl.list_display) if cl.get_ordering_field(name) is not None
    ]
    for i in sortierbar:
        for richtung in ("", "-"):
            url = f"{basis}&{ORDER_VAR}={richtung}{i}"
            gesehen = []
            for seite in range(1, cl.paginator.num_pages + 1):
                response = client.get(f"{url}&{PAGE_VAR}={seite}")
                gesehen += [obj.pk for obj in response.context["cl"].result_list]
            _genau_einmal(gesehen, erwartet, url)


def test_konzept_order_ends_in_the_primary_key():
    """Equal Handlungsfeld positions (two editions, a data slip) still give one order."""
    ordering = Massnahme.objects.in_konzeptreihenfolge().query.order_by
    assert ordering[-1] == "pk"
    assert Massnahme._meta.ordering[-1] == "pk"

"""The Akteure list and one Akteur's page with its measures (federführend first)."""

import pytest
from django.urls import reverse

from tests import builders as b

pytestmark = pytest.mark.django_db


def test_list_groups_by_side_with_counts(client, plan):
    response = client.get(reverse("measures:akteure"))
    assert response.status_code == 200
    zahlen = {
        a.name: (a.anzahl_massnahmen, a.anzahl_federfuehrend) for a in response.context["akteure"]
    }
    assert zahlen["Amt A"] == (1, 1)
    assert zahlen["Verein B"] == (2, 1)
    assert zahlen["Wohnungsgesellschaft"] == (1, 0)
    html = response.content.decode()
    # verwaltungsintern comes first, as in the concept's tables
    assert html.index("verwaltungsintern") < html.index("verwaltungsextern")
    assert 'href="/akteure/verein-b/"' in html


def test_akteur_page_groups_by_handlungsfeld_federfuehrend_first(client, plan, personen):
    # Verein B also helps in 5.3, so two Handlungsfelder appear.
    b.zustaendigkeit(plan.m_wohnen, personen.akteur_b)
    response = client.get(reverse("measures:akteur", kwargs={"slug": "verein-b"}))
    assert response.status_code == 200
    zeilen = [(z.massnahme.referenz, z.federfuehrend) for z in response.context["zustaendigkeiten"]]
    assert zeilen == [("5.1.1 / 1 b", True), ("5.1.1 / 1 a", False), ("5.3 / 1 a", False)]
    html = response.content.decode()
    assert "3 Maßnahmen" in html
    assert html.index("5.1.1 Frühkindliche Bildung") < html.index("5.3 Wohnen")
    assert "für Kitas freier Träger" in html


def test_unknown_akteur_is_404(client, plan):
    assert (
        client.get(reverse("measures:akteur", kwargs={"slug": "gibt-es-nicht"})).status_code == 404
    )


def test_akteur_page_hides_internal_notes_and_members(client, plan, personen):
    html = client.get(reverse("measures:akteur", kwargs={"slug": "amt-a"})).content.decode()
    assert "Vertraulich" not in html
    assert "partner_a" not in html

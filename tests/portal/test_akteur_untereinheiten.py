"""The public page of a parent Akteur shows its subunits and their measures (portal/views/
akteure.py), with a bounded number of queries at 1× and 10× (budget in tests/query_counts.json)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Massnahme, Zustaendigkeit
from tests import builders as b
from tests.portal.test_query_counts import BUDGETS, ROLLEN

pytestmark = pytest.mark.django_db


def aufbauen(faktor, jahr):
    """A newer Konzept; a parent with 2×faktor subunits (one a level deeper) and their measures."""
    konzept = b.konzept(beschlossen_am=date(jahr, 1, 1))
    tz = b.teilziel(b.handlungsfeld(b.kapitel(konzept), "5.1"), 1)
    amt = b.akteur(f"Amt {jahr}")
    b.zustaendigkeit(b.massnahme(tz, "a"), amt, federfuehrend=True)
    einheiten = [b.akteur(f"Abteilung {jahr}-{i}", uebergeordnet=amt) for i in range(2 * faktor)]
    einheiten.append(b.akteur(f"Sachgebiet {jahr}", uebergeordnet=einheiten[0]))
    massnahmen = Massnahme.objects.bulk_create(
        Massnahme(teilziel=tz, kennung=f"b{i}", text=f"Maßnahme {i}") for i in range(5 * faktor)
    )
    Zustaendigkeit.objects.bulk_create(
        Zustaendigkeit(massnahme=m, akteur=einheiten[i % len(einheiten)], seite="intern")
        for i, m in enumerate(massnahmen)
    )
    return amt, einheiten


def test_parent_page_lists_subunits_and_their_measures(client):
    amt, einheiten = aufbauen(1, 2030)
    seite = client.get(amt.get_absolute_url())
    inhalt = seite.content.decode()
    assert [u.name for u in seite.context["untereinheiten"]] == sorted(e.name for e in einheiten)
    assert len(seite.context["zustaendigkeiten_unter"]) == 5
    assert "Sachgebiet 2030" in inhalt and "Maßnahmen der Untereinheiten" in inhalt
    unter = client.get(einheiten[0].get_absolute_url()).content.decode()
    assert "Gehört zu:" in unter and amt.get_absolute_url() in unter


def _zaehlen(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url).status_code == 200
    return len(abfragen)


def test_queries_bounded_at_1x_and_10x(client, personen):
    budget = BUDGETS["akteur_mit_untereinheiten"]
    for rolle in ROLLEN:
        client.logout()
        if rolle != "anonymous":
            client.force_login(getattr(personen, rolle))
        klein = _zaehlen(client, aufbauen(1, 2030 + 2 * ROLLEN.index(rolle))[0].get_absolute_url())
        gross = _zaehlen(client, aufbauen(10, 2031 + 2 * ROLLEN.index(rolle))[0].get_absolute_url())
        assert klein <= budget[rolle], f"{rolle}: {klein} Abfragen, Budget {budget[rolle]}"
        assert gross == klein, f"{rolle}: {klein} bei 1×, {gross} bei 10×"

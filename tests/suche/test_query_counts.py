"""/suche/ needs a fixed number of queries at 1× and 10× data, for every role, with hits in
every kind it shows (budgets: tests/query_counts.json, keys ``suche`` and ``suche_art``)."""

import pytest

import tests.portal.test_query_counts as zaehlung

pytestmark = pytest.mark.django_db

SEITEN = {
    # Words the synthetic plan has in measures, Akteure, Handlungsfelder and indicators.
    "suche": "/suche/?q=Text+Maßnahme",
    "suche_art": "/suche/?q=Akteur&art=akteure&seite=1",
}


def _zaehlen(client, personen, url):
    zahlen = zaehlung._je_rolle(client, personen, url)
    assert b"<mark>" in client.get(url).content, url
    return zahlen


@pytest.mark.parametrize("seite", SEITEN)
def test_search_queries_are_bounded_and_do_not_grow(client, personen, seite):
    zaehlung.aufbauen(1, 2030, personen.partner_a)
    klein = _zaehlen(client, personen, SEITEN[seite])
    zaehlung.aufbauen(10, 2031, personen.partner_a)
    gross = _zaehlen(client, personen, SEITEN[seite])
    budget = zaehlung.BUDGETS[seite]
    ueber = {r: (klein[r], budget[r]) for r in zaehlung.ROLLEN if klein[r] > budget[r]}
    assert not ueber, f"{seite}: über dem Budget (Abfragen, Budget): {ueber}"
    assert gross == klein, f"{seite}: {klein} Abfragen bei 1×, {gross} bei 10×"


def test_anonymous_search_rendered_anew_is_constant_too(client, personen, settings):
    # Without the page cache: the search itself, as after every change of the Datenstand.
    settings.CACHES = {
        **settings.CACHES,
        "aus": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    settings.SEITENCACHE_ALIAS = "aus"
    zaehlung.aufbauen(1, 2030, personen.partner_a)
    klein = zaehlung._zaehlen(client, SEITEN["suche"])
    zaehlung.aufbauen(10, 2031, personen.partner_a)
    gross = zaehlung._zaehlen(client, SEITEN["suche"])
    assert klein == gross == zaehlung.BUDGETS["suche_ohne_cache"]["anonymous"]

"""Feeds, change log API, sitemap and robots.txt: a fixed number of queries for every role, the
same at 1× and 10× data (budgets in tests/query_counts.json, as for the other pages)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_update_with_history

from concept.models import Konzept
from measures.choices import Status
from measures.models import Massnahme
from tests.portal.test_query_counts import BUDGETS, ROLLEN, aufbauen

pytestmark = pytest.mark.django_db

SEITEN = {
    "feed_aenderungen": lambda urls: "/aenderungen/feed.atom",
    "feed_handlungsfeld": lambda urls: urls["handlungsfeld"] + "feed.atom",
    "feed_akteur": lambda urls: urls["akteur"] + "feed.atom",
    "api_aenderungen": lambda urls: "/api/v1/aenderungen/",
    "api_aenderungen_seit": lambda urls: "/api/v1/aenderungen/?seit=2000-01-01&page_size=20",
    "sitemap": lambda urls: "/sitemap.xml",
    "robots": lambda urls: "/robots.txt",
}


def _mit_statuswechseln(faktor, jahr, mitglied):
    """The plan of test_query_counts (approved Sachstände grow with it) and status changes of
    a few measures: the newest entries are of both kinds at 1× and 10×."""
    urls = aufbauen(faktor, jahr, mitglied)
    aktuell = Konzept.objects.aktuell()
    massnahmen = list(Massnahme.objects.filter(teilziel__handlungsfeld__konzept=aktuell)[:5])
    for status in (Status.NICHT_BEGONNEN, Status.IN_UMSETZUNG):
        for m in massnahmen:
            m.status = status
        bulk_update_with_history(massnahmen, Massnahme, ["status"])
    return urls


def _zaehlen(client, url):
    """Queries of a rendered answer: the page cache is emptied after the warm-up request, so
    anonymous visitors are counted as the first one after a change (one query from the cache
    later)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(url)
    assert antwort.status_code == 200, url
    # Nothing shown proves nothing: the feeds and the API must have entries at both sizes.
    assert (
        b"<entry>" in antwort.content
        or b'"results":[{' in antwort.content
        or (not url.startswith(("/api/", "/aenderungen/")) and "feed" not in url)
    ), url
    return len(abfragen)


def _je_rolle(client, personen, url):
    zahlen = {}
    for rolle in ROLLEN:
        client.logout()
        if rolle != "anonymous":
            client.force_login(getattr(personen, rolle))
        zahlen[rolle] = _zaehlen(client, url)
    return zahlen


@pytest.mark.parametrize("seite", SEITEN)
def test_queries_are_bounded_and_do_not_grow_for_every_role(client, personen, seite):
    url = SEITEN[seite]
    klein = _je_rolle(client, personen, url(_mit_statuswechseln(1, 2030, personen.partner_a)))
    gross = _je_rolle(client, personen, url(_mit_statuswechseln(10, 2031, personen.partner_a)))
    ueber = {r: (klein[r], BUDGETS[seite][r]) for r in ROLLEN if klein[r] > BUDGETS[seite][r]}
    assert not ueber, f"{seite}: über dem Budget (Abfragen, Budget): {ueber}"
    assert gross == klein, f"{seite}: {klein} Abfragen bei 1×, {gross} bei 10×"

"""No cookie on pages without a form (issue 17): an anonymous GET of a public page sets none,
so shared caches may keep it; pages with a form still get their CSRF token."""

import pytest
from django.test import Client

from tests import builders as b

pytestmark = pytest.mark.django_db

OEFFENTLICH = [
    "/",
    "/handlungsfelder/5.2/",
    "/massnahmen/",
    "/massnahmen/?status=in_umsetzung&q=Beratung",
    "/massnahmen/5.2-1a/",
    "/akteure/",
    "/akteure/amt-a/",
    "/best-practice/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/impressum/",
    "/datenschutz/",
    "/indikatoren/",
    "/indikatoren/quote/",
    "/indikatoren/daten.csv",
    "/indikatoren/quote.json",
    "/berichte/",
    "/api/v1/",
    "/api/v1/konzept/",
    "/api/v1/massnahmen/",
    "/api/v1/schema/",
    "/healthz",
    # Errors: a missing page, a missing measure, a bad filter.
    "/gibt-es-nicht/",
    "/massnahmen/9.9-9z/",
    "/indikatoren/quote.csv?von=kein-jahr",
]
MIT_FORMULAR = ["/kontakt/", "/konto/login/"]


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    m = b.massnahme(b.teilziel(hf, 1), "a", text="Beratung im Jobcenter")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.messwert(b.indikator("quote", handlungsfelder=[hf]), 2020, "7.0")
    return personen


@pytest.mark.parametrize("sprache", ["de", "en"])
@pytest.mark.parametrize("url", OEFFENTLICH)
def test_an_anonymous_get_of_a_public_page_sets_no_cookie(plan, url, sprache):
    besucher = Client()
    for _ in ("verfehlt", "getroffen"):
        antwort = besucher.get(url, HTTP_ACCEPT_LANGUAGE=sprache)
        assert antwort.status_code < 500
        assert not antwort.cookies, f"{url}: {sorted(antwort.cookies)}"
        assert "Set-Cookie" not in antwort


@pytest.mark.parametrize("url", MIT_FORMULAR)
def test_pages_with_a_form_still_get_their_token(plan, url):
    antwort = Client(enforce_csrf_checks=True).get(url)
    assert antwort.status_code == 200
    assert "csrftoken" in antwort.cookies
    assert "csrfmiddlewaretoken" in antwort.content.decode()
    assert "public" not in antwort.get("Cache-Control", "")

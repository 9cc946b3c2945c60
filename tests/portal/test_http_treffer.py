"""The page-cache hit in SeitencacheMiddleware (issue 16): answered before sessions, CSRF,
authentication and the rest, with exactly the headers of the rendered answer."""

from unittest import mock

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client

from tests import builders as b

pytestmark = pytest.mark.django_db

SEITEN = [
    "/",
    "/handlungsfelder/5.2/",
    "/massnahmen/",
    "/massnahmen/5.2-1a/",
    "/akteure/",
    "/indikatoren/",
    "/indikatoren/quote/",
    "/berichte/",
    "/datenschutz/",
    "/impressum/",
]


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2", titel="Arbeit und Qualifizierung")
    m = b.massnahme(b.teilziel(hf, 1), "a", text="Beratung im Jobcenter")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.messwert(b.indikator("quote", handlungsfelder=[hf]), 2020, "7.0")
    return personen


@pytest.fixture
def zaehler():
    """Counts how often the middleware after the page cache see a request."""
    gesehen = []

    def zaehlend(klasse):
        original = klasse.process_request

        def process_request(self, request):
            gesehen.append(klasse.__name__)
            return original(self, request)

        return mock.patch.object(klasse, "process_request", process_request)

    with (
        zaehlend(AuthenticationMiddleware),
        zaehlend(CsrfViewMiddleware),
        zaehlend(MessageMiddleware),
    ):
        yield gesehen


def _kopf(antwort, ohne=()):
    return {name: wert for name, wert in antwort.headers.items() if name not in ohne}


@pytest.mark.parametrize("url", SEITEN)
@pytest.mark.parametrize("kodierung", ["", "gzip"])
def test_a_hit_carries_exactly_the_headers_of_the_miss(client, plan, url, kodierung):
    verfehlt = client.get(url, HTTP_ACCEPT_ENCODING=kodierung)
    getroffen = client.get(url, HTTP_ACCEPT_ENCODING=kodierung)
    assert verfehlt.status_code == getroffen.status_code == 200
    # gzip adds up to 100 random bytes to each answer (BREACH): only the length differs then.
    ohne = {"Content-Length"} if kodierung else set()
    if not kodierung:
        assert getroffen.content == verfehlt.content
    assert _kopf(getroffen, ohne) == _kopf(verfehlt, ohne)
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
    ):
        assert name in getroffen, name


def test_a_hit_carries_hsts_as_production_does(client, plan, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    sicher = {"secure": True}
    verfehlt = client.get("/", **sicher)
    getroffen = client.get("/", **sicher)
    assert getroffen["Strict-Transport-Security"].startswith("max-age=31536000")
    assert _kopf(getroffen) == _kopf(verfehlt)


def test_a_304_hit_carries_the_same_headers_as_a_304_miss(client, plan):
    from django.core.cache import cache

    etag = client.get("/")["ETag"]
    getroffen = client.get("/", HTTP_IF_NONE_MATCH=etag)
    cache.clear()
    verfehlt = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert getroffen.status_code == verfehlt.status_code == 304
    assert _kopf(getroffen) == _kopf(verfehlt)


@pytest.mark.parametrize("url", SEITEN)
def test_a_hit_skips_sessions_csrf_authentication_and_messages(client, plan, zaehler, url):
    client.get(url)
    assert {"AuthenticationMiddleware", "CsrfViewMiddleware", "MessageMiddleware"} <= set(zaehler)
    zaehler.clear()
    assert client.get(url).status_code == 200
    assert zaehler == []


@pytest.mark.parametrize(
    "anders",
    [
        {"cookie": "sessionid"},
        {"cookie": "messages"},
        {"HTTP_AUTHORIZATION": "Token falsch"},
    ],
)
def test_never_a_hit_with_a_session_messages_cookie_or_authorization(plan, zaehler, anders):
    besucher = Client()
    besucher.get("/")
    if "cookie" in anders:
        besucher.cookies[anders.pop("cookie")] = "irgendwas"
    zaehler.clear()
    antwort = besucher.get("/", **anders)
    assert antwort.status_code == 200
    assert "AuthenticationMiddleware" in zaehler
    assert "public" not in antwort.get("Cache-Control", "")


@pytest.mark.parametrize("methode", ["post", "put", "delete", "options"])
def test_never_a_hit_for_other_methods(client, plan, zaehler, methode):
    client.get("/")
    zaehler.clear()
    antwort = getattr(client, methode)("/")
    # OPTIONS is the view's own answer (Allow); the others are refused – none is the page.
    assert antwort.status_code in ((200,) if methode == "options" else (403, 405))
    assert "Arbeit und Qualifizierung" not in antwort.content.decode()
    assert "CsrfViewMiddleware" in zaehler


def test_a_head_request_is_a_hit_too(client, plan, zaehler):
    client.get("/")
    zaehler.clear()
    antwort = client.head("/")
    assert antwort.status_code == 200
    assert zaehler == []


@pytest.mark.parametrize("rolle", ["partner_a", "partner_b", "buergerschaft", "buero"])
def test_logged_in_people_pass_the_whole_stack(client, plan, zaehler, rolle):
    client.get("/massnahmen/5.2-1a/")
    person = Client()
    person.force_login(getattr(plan, rolle))
    zaehler.clear()
    seite = person.get("/massnahmen/5.2-1a/")
    assert "Abmelden" in seite.content.decode()
    assert "AuthenticationMiddleware" in zaehler


def test_other_pages_are_never_looked_up(client, plan):
    """Pages without ``gleich_fuer_alle`` (forms) are not asked for in the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with mock.patch("integration_portal.seitencache._aus_dem_cache") as nachsehen:
        client.get("/kontakt/")
        client.get("/konto/login/")
        client.get("/gibt-es-nicht/")
    nachsehen.assert_not_called()
    with CaptureQueriesContext(connection) as abfragen:
        client.get("/healthz")
    assert "concept_datenstand" not in " ".join(q["sql"] for q in abfragen.captured_queries)


@pytest.mark.parametrize("url", ["/", "/massnahmen/", "/api/v1/konzept/"])
def test_a_gzip_hit_is_compressed_once_when_stored(client, plan, url):
    """Hits come with the gzip bytes made when the page was stored, not packed anew."""
    import gzip

    roh = client.get(url).content  # miss: stored, with its gzip bytes
    with mock.patch("django.middleware.gzip.compress_string") as packen:
        eins = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        zwei = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    packen.assert_not_called()
    assert eins["Content-Encoding"] == zwei["Content-Encoding"] == "gzip"
    assert gzip.decompress(eins.content) == gzip.decompress(zwei.content) == roh
    assert int(eins["Content-Length"]) == len(eins.content)
    assert "Accept-Encoding" in eins["Vary"]
    # A client that does not accept gzip gets the plain bytes of the same entry.
    assert client.get(url, HTTP_ACCEPT_ENCODING="identity").content == roh


def test_an_entry_of_the_version_before_is_still_served(client, plan):
    """A release under the same name (PORTAL_RELEASE) meets entries without gzip bytes."""
    from django.core.cache import cache
    from django.test import RequestFactory
    from django.utils import translation

    from integration_portal.seitencache import schluessel

    anfrage = RequestFactory().get("/impressum/")
    with translation.override("de"):
        alt = schluessel(anfrage)
    cache.set(alt, (200, b"<p>alte Fassung</p>", {"Content-Type": "text/html; charset=utf-8"}))
    antwort = client.get("/impressum/", HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="de")
    assert antwort.status_code == 200
    assert antwort.content == b"<p>alte Fassung</p>"

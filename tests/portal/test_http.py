"""HTTP as the web expects (issue 17): Last-Modified beside the ETag, 304 for either, caching
headers for each role, gzip with weak ETags, and the page-cache hit in a middleware."""

import gzip

import pytest
from django.test import Client
from django.utils.http import http_date, parse_http_date

from measures.models import Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db

SEITEN = ["/", "/massnahmen/5.2-1a/", "/indikatoren/quote/", "/berichte/", "/datenschutz/"]
API = ["/api/v1/konzept/", "/api/v1/massnahmen/", "/api/v1/handlungsfelder/5.2/"]
ROLLEN = ["partner_a", "partner_b", "buergerschaft", "buero"]


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2", titel="Arbeit und Qualifizierung")
    m = b.massnahme(b.teilziel(hf, 1), "a", text="Beratung im Jobcenter " * 20)
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.messwert(b.indikator("quote", handlungsfelder=[hf]), 2020, "7.0")
    return {"massnahme": m, "personen": personen}


def _angemeldet(person):
    client = Client()
    client.force_login(person)
    return client


def _aendern(plan):
    Massnahme.objects.filter(pk=plan["massnahme"].pk).update(fortschritt=40)


# --- Last-Modified and 304 ------------------------------------------------------------------


@pytest.mark.parametrize("url", SEITEN + API)
def test_miss_and_hit_carry_the_same_last_modified(client, plan, url):
    erste = client.get(url)
    zweite = client.get(url)
    assert erste.status_code == zweite.status_code == 200
    assert erste["Last-Modified"] == zweite["Last-Modified"]
    assert erste["ETag"] == zweite["ETag"]
    assert erste["ETag"].startswith('W/"'), "schwach: gzip ändert die Bytes, nicht die Seite"


@pytest.mark.parametrize("url", SEITEN + API)
def test_if_modified_since_gets_304_until_the_data_change(client, plan, url):
    seit = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=seit).status_code == 304
    # The first request after a change (a miss, rendered anew) answers 304 too when it may.
    client.get(url)
    _aendern(plan)
    # The change happens within the same second as the first answer, possibly: a date older
    # than the change is what a client holding the old page sends.
    frueher = http_date(parse_http_date(seit) - 1)
    neu = client.get(url, HTTP_IF_MODIFIED_SINCE=frueher)
    assert neu.status_code == 200
    assert parse_http_date(neu["Last-Modified"]) >= parse_http_date(seit)


@pytest.mark.parametrize("url", ["/", "/api/v1/massnahmen/"])
def test_a_miss_answers_304_as_well(client, plan, url):
    from django.core.cache import cache

    erste = client.get(url)
    cache.clear()  # as after a restart: rendered anew, the client's copy still current
    antwort = client.get(url, HTTP_IF_NONE_MATCH=erste["ETag"])
    assert antwort.status_code == 304
    assert antwort["ETag"] == erste["ETag"]
    assert not antwort.content


@pytest.mark.parametrize("url", ["/massnahmen/5.2-1a/", "/api/v1/massnahmen/"])
def test_if_none_match_takes_precedence_over_if_modified_since(client, plan, url):
    """RFC 9110, 13.2.2: with If-None-Match present, If-Modified-Since is not evaluated."""
    erste = client.get(url)
    aktuell = {"HTTP_IF_MODIFIED_SINCE": erste["Last-Modified"]}
    fremd = client.get(url, HTTP_IF_NONE_MATCH='W/"anderer-stand"', **aktuell)
    assert fremd.status_code == 200
    alt = http_date(parse_http_date(erste["Last-Modified"]) - 86400)
    passend = client.get(url, HTTP_IF_NONE_MATCH=erste["ETag"], HTTP_IF_MODIFIED_SINCE=alt)
    assert passend.status_code == 304


def test_last_modified_is_not_before_today_nor_the_code(client, plan):
    """The bytes change at midnight ("überfällig") and with a deployment, not only with data."""
    from django.utils import timezone

    from integration_portal.seitencache import code_zeit

    zeit = parse_http_date(client.get("/")["Last-Modified"])
    assert zeit >= code_zeit()
    mitternacht = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert zeit >= int(mitternacht.timestamp())


# --- Cache-Control per role ------------------------------------------------------------------


@pytest.mark.parametrize("url", SEITEN + API)
def test_anonymous_answers_are_public_for_a_short_time(client, plan, url, settings):
    settings.CACHE_CONTROL_MAX_AGE = 90
    for antwort in (client.get(url), client.get(url)):  # miss and hit
        teile = {teil.strip() for teil in antwort["Cache-Control"].split(",")}
        assert teile == {"public", "max-age=90"}
        assert "Cookie" in antwort["Vary"]
        # The language is in the address (/en/…), not in Accept-Language.
        assert "Accept-Language" not in antwort["Vary"]
        if url.startswith("/api/"):
            assert {"Authorization", "Accept"} <= {v.strip() for v in antwort["Vary"].split(",")}


@pytest.mark.parametrize("rolle", ROLLEN)
@pytest.mark.parametrize("url", SEITEN + API + ["/meine-massnahmen/", "/admin/"])
def test_a_person_never_gets_a_public_answer(client, plan, rolle, url):
    client.get(url)  # an anonymous copy is stored, if the page is public
    antwort = _angemeldet(getattr(plan["personen"], rolle)).get(url)
    steuerung = antwort.get("Cache-Control", "")
    assert "public" not in steuerung
    assert "private" in steuerung
    assert "no-cache" in steuerung or "no-store" in steuerung


def test_an_api_token_never_gets_a_public_answer(client, plan):
    from konten.tokens import token_erstellen

    client.get("/api/v1/massnahmen/")
    _token, geheimnis = token_erstellen(plan["personen"].partner_a)
    antwort = Client().get("/api/v1/massnahmen/", HTTP_AUTHORIZATION=f"Token {geheimnis}")
    assert antwort.status_code == 200
    assert "public" not in antwort["Cache-Control"]
    assert "private" in antwort["Cache-Control"]


def test_an_answer_setting_a_cookie_is_private(plan):
    antwort = Client().get("/kontakt/")
    assert antwort.cookies, "das Kontaktformular setzt sein CSRF-Cookie"
    assert "private" in antwort["Cache-Control"]
    assert "public" not in antwort["Cache-Control"]


# --- gzip --------------------------------------------------------------------------------------


def test_the_concept_api_comes_gzipped_and_smaller(client, plan):
    roh = client.get("/api/v1/konzept/")
    gepackt = client.get("/api/v1/konzept/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in roh
    assert gepackt["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gepackt["Vary"]
    assert len(gepackt.content) < len(roh.content)
    assert gzip.decompress(gepackt.content) == roh.content
    assert int(gepackt["Content-Length"]) == len(gepackt.content)
    # The weak ETag is the same for both encodings, and 304 works with the gzip one.
    assert gepackt["ETag"] == roh["ETag"]
    nicht_geaendert = client.get(
        "/api/v1/konzept/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=gepackt["ETag"]
    )
    assert nicht_geaendert.status_code == 304
    assert nicht_geaendert["ETag"] == gepackt["ETag"]


@pytest.mark.parametrize("url", ["/", "/massnahmen/5.2-1a/"])
def test_public_pages_come_gzipped(client, plan, url):
    for _ in ("verfehlt", "getroffen"):
        antwort = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert antwort["Content-Encoding"] == "gzip"
        assert b"Arbeit und Qualifizierung" in gzip.decompress(antwort.content)


@pytest.mark.parametrize("rolle", ROLLEN)
def test_a_persons_pages_are_not_compressed(plan, rolle):
    """BREACH: a person's page holds secrets beside reflected input (komprimieren.py)."""
    person = _angemeldet(getattr(plan["personen"], rolle))
    antwort = person.get("/massnahmen/?q=Beratung", HTTP_ACCEPT_ENCODING="gzip")
    assert antwort.status_code == 200
    assert "Content-Encoding" not in antwort


# --- static files --------------------------------------------------------------------------


def test_production_collects_static_files_with_gzip_and_brotli_copies(monkeypatch):
    """WhiteNoise's storage writes ``.gz`` and, with the brotli package, ``.br`` beside each
    file at collectstatic; brotli must be installed for that."""
    import importlib

    from whitenoise.compress import Compressor

    monkeypatch.setenv("SECRET_KEY", "t" * 60)
    produktion = importlib.reload(importlib.import_module("integration_portal.settings_production"))
    speicher = produktion.STORAGES["staticfiles"]["BACKEND"]
    assert speicher == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert Compressor().use_brotli, "ohne das Paket brotli keine .br-Dateien"


@pytest.mark.parametrize(("angebot", "kodierung"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_whitenoise_serves_static_files_compressed_before_the_gzip_middleware(
    tmp_path, settings, angebot, kodierung
):
    from whitenoise.compress import Compressor

    datei = tmp_path / "probe.css"
    datei.write_text("body { color: #1a1a1a; }\n" * 300)
    list(Compressor(quiet=True).compress(str(datei)))
    settings.STATIC_ROOT = str(tmp_path)
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    antwort = Client().get("/static/probe.css", HTTP_ACCEPT_ENCODING=angebot)
    assert antwort.status_code == 200
    assert antwort["Content-Encoding"] == kodierung
    inhalt = b"".join(antwort.streaming_content)
    assert len(inhalt) < datei.stat().st_size


def test_the_api_throttle_counts_stored_answers_and_304s(client, plan, monkeypatch):
    """The API looks its cache up after DRF's throttle: hits and 304s count like renders."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    adresse = {"REMOTE_ADDR": "203.0.113.9"}
    etag = client.get("/api/v1/akteure/", **adresse)["ETag"]
    assert client.get("/api/v1/akteure/", **adresse).status_code == 200
    assert client.get("/api/v1/akteure/", HTTP_IF_NONE_MATCH=etag, **adresse).status_code == 304
    gedrosselt = client.get("/api/v1/akteure/", HTTP_IF_NONE_MATCH=etag, **adresse)
    assert gedrosselt.status_code == 429
    assert "public" not in gedrosselt.get("Cache-Control", "")

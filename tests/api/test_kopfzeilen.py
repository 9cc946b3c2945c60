"""HTTP headers of the API: Link (RFC 8288) on lists, RateLimit from the throttle (never from the
page cache), CORS for reads only."""

import re

import pytest
from rest_framework.throttling import AnonRateThrottle

from measures.models import Sachstand
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    tz = b.teilziel(hf, 1)
    for buchstabe in "abcde":
        b.zustaendigkeit(b.massnahme(tz, buchstabe), personen.akteur_a)
    return personen


def links(antwort):
    """rel → URL of a Link header."""
    return {rel: url for url, rel in re.findall(r'<([^>]*)>; rel="([a-z]+)"', antwort["Link"])}


# --- Link -------------------------------------------------------------------------------------


def test_link_header_names_first_prev_next_last(client, plan):
    basis = "http://testserver/api/v1/massnahmen/"
    antwort = client.get("/api/v1/massnahmen/?page_size=2&page=2")
    assert links(antwort) == {
        "first": f"{basis}?page_size=2",
        "prev": f"{basis}?page_size=2",
        "next": f"{basis}?page=3&page_size=2",
        "last": f"{basis}?page=3&page_size=2",
    }
    erste = links(client.get("/api/v1/massnahmen/?page_size=2"))
    assert set(erste) == {"next", "last"}
    letzte = links(client.get(erste["last"]))
    assert set(letzte) == {"first", "prev"}
    # The links lead through every record once.
    kennungen, url = [], basis + "?page_size=2"
    while url:
        antwort = client.get(url)
        kennungen += [m["kennung"] for m in antwort.json()["results"]]
        url = links(antwort).get("next") if antwort.has_header("Link") else None
    assert kennungen == [f"5.2-1{x}" for x in "abcde"]


def test_one_page_has_no_link_header(client, plan):
    assert not client.get("/api/v1/massnahmen/").has_header("Link")


def test_link_header_also_from_the_page_cache(client, plan):
    erste = client.get("/api/v1/massnahmen/?page_size=2")
    zweite = client.get("/api/v1/massnahmen/?page_size=2")
    assert erste["ETag"] == zweite["ETag"]  # the second came from the cache
    assert erste["Link"] == zweite["Link"]


# --- RateLimit --------------------------------------------------------------------------------


def test_ratelimit_counts_down_also_for_cached_answers(client, plan, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    reste = []
    for _ in range(3):
        antwort = client.get("/api/v1/massnahmen/", REMOTE_ADDR="203.0.113.9")
        assert antwort.status_code == 200
        assert antwort["RateLimit-Policy"] == '"anon";q=3;w=60'
        reste.append(re.fullmatch(r'"anon";r=(\d+);t=(\d+)', antwort["RateLimit"]).group(1))
    assert reste == ["2", "1", "0"]
    antwort = client.get("/api/v1/massnahmen/", REMOTE_ADDR="203.0.113.9")
    assert antwort.status_code == 429
    assert antwort["RateLimit"].startswith('"anon";r=0;')
    assert 1 <= int(antwort["Retry-After"]) <= 60
    # Another client has its own count: the stored answer carries no one's RateLimit.
    antwort = client.get("/api/v1/massnahmen/", REMOTE_ADDR="203.0.113.10")
    assert antwort["RateLimit"].startswith('"anon";r=2;')


def test_logged_in_clients_have_no_anonymous_rate(client, plan):
    client.force_login(plan.partner_a)
    assert not client.get("/api/v1/massnahmen/").has_header("RateLimit")


def test_pages_have_no_ratelimit_header(client, plan):
    assert not client.get("/massnahmen/").has_header("RateLimit")


# --- CORS -------------------------------------------------------------------------------------

ANDERSWO = "https://daten.example.org"


def test_preflight_of_a_read_is_allowed_without_credentials(client, plan):
    antwort = client.options(
        "/api/v1/massnahmen/",
        HTTP_ORIGIN=ANDERSWO,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert antwort.status_code == 200
    assert antwort["Access-Control-Allow-Origin"] == "*"
    assert set(antwort["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in antwort


def test_simple_get_gets_the_cors_headers(client, plan):
    antwort = client.get("/api/v1/massnahmen/?page_size=2", HTTP_ORIGIN=ANDERSWO)
    assert antwort["Access-Control-Allow-Origin"] == "*"
    assert "Link" in antwort["Access-Control-Expose-Headers"]
    assert "RateLimit" in antwort["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in antwort


def test_preflight_of_a_write_does_not_allow_it(client, plan):
    antwort = client.options(
        "/api/v1/sachstaende/",
        HTTP_ORIGIN=ANDERSWO,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in antwort.get("Access-Control-Allow-Methods", "")


@pytest.mark.parametrize("wer", [None, "partner_a"])
def test_a_cross_origin_post_gets_no_cors_allowance(client, plan, wer):
    if wer:
        client.force_login(getattr(plan, wer))
    antwort = client.post(
        "/api/v1/sachstaende/", {}, content_type="application/json", HTTP_ORIGIN=ANDERSWO
    )
    assert "Access-Control-Allow-Origin" not in antwort
    assert not Sachstand.objects.exists()


def test_pages_outside_the_api_get_no_cors_headers(client, plan):
    assert "Access-Control-Allow-Origin" not in client.get("/massnahmen/", HTTP_ORIGIN=ANDERSWO)

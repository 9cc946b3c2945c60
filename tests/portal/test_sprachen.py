"""German pages without prefix, English under /en/ (integration_portal/urls.py, sprachen.py).

The language is in the URL and nowhere else: the switch, the hreflang alternates, the page
cache and the links of every page follow from it; mails keep the German, unprefixed links.
"""

import re
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from concept.models import BestPracticeBeispiel
from integration_portal.links import absolute_url
from integration_portal.sprachen import fassungen, pfad_in
from tests import builders as b
from tests.konten.totp import app_geraet, code

pytestmark = pytest.mark.django_db

MASSNAHME = "/massnahmen/5.2-1a/"


@pytest.fixture
def plan(personen):
    k = b.konzept(titel="2. Integrationskonzept – Zukunft in Vielfalt")
    hf = b.handlungsfeld(
        b.kapitel(k, "5", "Weitere Handlungsfelder"),
        "5.2",
        titel="Arbeit und Qualifizierung",
        leitziel="Alle finden Arbeit, die zu ihnen passt.",
    )
    tz = b.teilziel(hf, 1, text="Mehr Menschen in Arbeit")
    m = b.massnahme(tz, "a", text="Beratung im Jobcenter", interne_notiz="Nur für Akteur A")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    return {"massnahme": m, "handlungsfeld": hf, "personen": personen}


def html_lang(inhalt):
    return re.search(r"<html lang=\"([^\"]*)\">", inhalt)[1]


# --- which URL is which language ---------------------------------------------------------------


@pytest.mark.parametrize("kopf", [{}, {"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_COOKIE": "x=1"}])
def test_an_unprefixed_url_is_german_whatever_the_visitor_prefers(plan, kopf):
    browser = Client()
    browser.cookies["django_language"] = "en"
    for url in ("/", "/massnahmen/", MASSNAHME, "/indikatoren/", "/berichte/"):
        antwort = browser.get(url, **kopf)
        assert antwort.status_code == 200, url  # no redirect to /en/ either
        assert html_lang(antwort.content.decode()) == "de", url
        assert antwort["Content-Language"] == "de"


def test_no_answer_varies_with_accept_language(client, plan):
    """The header never changes the bytes (the URL does), so shared caches need not split."""
    for url in ("/", "/en/", MASSNAHME, "/api/v1/massnahmen/", "/gibt-es-nicht/"):
        antwort = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert "accept-language" not in antwort.get("Vary", "").lower(), url
    assert "Cookie" in client.get(MASSNAHME)["Vary"]  # what the page cache needs stays


def test_english_pages_live_under_en(client, plan):
    for url in ("/en/", "/en/massnahmen/", "/en" + MASSNAHME, "/en/indikatoren/", "/en/berichte/"):
        antwort = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
        assert antwort.status_code == 200, url
        assert html_lang(antwort.content.decode()) == "en", url
    seite = client.get("/en" + MASSNAHME).content.decode()
    assert "Skip to content" in seite and "Target date" in seite
    # The concept's own text stays German.
    assert "Beratung im Jobcenter" in seite


def test_machine_addresses_have_no_english_twin(client, plan):
    assert client.get("/en/api/v1/massnahmen/").status_code == 404
    assert client.get("/en/admin/").status_code == 404
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/api/v1/massnahmen/").status_code == 200


def test_reverse_in_an_english_request_gives_english_urls(client, plan):
    seite = client.get("/en" + MASSNAHME).content.decode()
    assert 'href="/en/massnahmen/"' in seite  # the main navigation
    assert 'href="/en/handlungsfelder/5.2/' in seite
    assert 'href="/massnahmen/"' not in seite
    # After the request the main language is active again (sprachen.py): no leak into code
    # that runs later in the same thread.
    assert reverse("measures:massnahmen") == "/massnahmen/"
    with translation.override("en"):
        assert reverse("measures:massnahmen") == "/en/massnahmen/"
        # API and admin have one address in every language.
        assert reverse("admin:index") == "/admin/"
        assert reverse("set_language") == "/i18n/setlang/"


# --- switch and hreflang -----------------------------------------------------------------------


def test_the_switch_links_the_same_page_in_the_other_language(client, plan):
    deutsch = client.get(MASSNAHME + "?x=1").content.decode()
    assert '<a href="/en/massnahmen/5.2-1a/?x=1" hreflang="en" lang="en">English</a>' in deutsch
    englisch = client.get("/en/massnahmen/5.2-1a/?x=1").content.decode()
    assert '<a href="/massnahmen/5.2-1a/?x=1" hreflang="de" lang="de">Deutsch</a>' in englisch
    # A plain link: no form, so no CSRF token and no cookie – the page stays one for everyone.
    assert "csrfmiddlewaretoken" not in deutsch + englisch
    assert 'action="/i18n/setlang/"' not in deutsch


@pytest.mark.parametrize("url", ["/", MASSNAHME, "/massnahmen/?status=umgesetzt&q=a", "/en/"])
def test_every_page_names_its_languages_with_absolute_urls(client, plan, url):
    seite = client.get(url).content.decode()
    kopf = seite.split("</head>")[0]
    muster = r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">'
    alternativen = dict(re.findall(muster, kopf))
    deutsch = "http://testserver" + url.removeprefix("/en").replace("&", "&amp;")
    assert alternativen == {
        "de": deutsch or "http://testserver/",
        "en": deutsch.replace("testserver/", "testserver/en/", 1),
        "x-default": deutsch,
    }


def test_a_page_in_one_language_has_no_switch_and_no_alternates(client, plan):
    assert fassungen("/api/v1/massnahmen/") == {}
    assert fassungen("/einladung/abc/") == {}
    assert fassungen("/gibt-es-nicht/") == {}
    seite = client.get("/gibt-es-nicht/")
    assert seite.status_code == 404
    assert "hreflang" not in seite.content.decode()


def test_pfad_in_does_not_depend_on_the_active_language(plan):
    for aktiv in ("de", "en"):
        with translation.override(aktiv):
            assert pfad_in("/en/massnahmen/5.2-1a/?x=1", "de") == "/massnahmen/5.2-1a/?x=1"
            assert pfad_in("/massnahmen/5.2-1a/?x=1", "en") == "/en/massnahmen/5.2-1a/?x=1"
            assert pfad_in("/", "en") == "/en/"
            assert pfad_in("/api/v1/konzept/", "en") == "/api/v1/konzept/"


def test_the_old_switch_still_works_without_a_token_and_keeps_the_page(plan):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("set_language")
    hin = browser.post(url, {"language": "en", "next": MASSNAHME + "?x=1"})
    assert hin["Location"] == "/en/massnahmen/5.2-1a/?x=1"
    # Back, with the cookie now saying "en": the target is read in its own language.
    zurueck = browser.post(url, {"language": "de", "next": "/en/massnahmen/5.2-1a/?x=1"})
    assert zurueck["Location"] == "/massnahmen/5.2-1a/?x=1"
    assert browser.post(url, {"language": "en", "next": "https://boese.example/"})["Location"] in (
        "/",
        "/en/",
    )
    assert browser.post(url, {"language": "xx", "next": MASSNAHME})["Location"] == MASSNAHME


@pytest.mark.parametrize("ziel", ["http://[x/", "//[x/", "/en/\x00", "/" + "a" * 5000, ""])
def test_a_forged_target_of_the_old_switch_is_no_500(client, plan, ziel):
    antwort = client.post(reverse("set_language"), {"language": "en", "next": ziel})
    assert antwort.status_code == 302
    ort = antwort["Location"]
    assert ort.startswith("/") and not ort.startswith("//")  # within the site, as Django checks


@pytest.mark.parametrize("pfad", ["//[x/", "/en//[x/", "/en/massnahmen/%00/", "/en/\u00e4/"])
def test_odd_paths_get_a_page_not_a_500(client, plan, pfad):
    antwort = client.get("/", PATH_INFO=pfad)
    assert antwort.status_code in (400, 404)


# --- page cache --------------------------------------------------------------------------------


def test_the_page_cache_keeps_the_languages_apart(plan):
    besucher = Client()
    for _mal in range(2):  # the second time from the cache
        deutsch = besucher.get(MASSNAHME)
        englisch = besucher.get("/en" + MASSNAHME)
        assert html_lang(deutsch.content.decode()) == "de"
        assert html_lang(englisch.content.decode()) == "en"
        assert deutsch["ETag"] != englisch["ETag"]
    # A visitor whose cookie says English gets the stored German page under the German URL.
    andere = Client()
    andere.cookies["django_language"] = "en"
    antwort = andere.get(MASSNAHME)
    assert antwort.content == deutsch.content
    assert antwort["ETag"] == deutsch["ETag"]


# --- people ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wer", "sieht_notiz"),
    [(None, False), ("partner_a", True), ("partner_b", False), ("buergerschaft", False)],
)
def test_english_measure_page_for_each_role(client, plan, wer, sieht_notiz):
    if wer:
        client.force_login(getattr(plan["personen"], wer))
    seite = client.get("/en" + MASSNAHME).content.decode()
    assert html_lang(seite) == "en"
    assert ("Nur für Akteur A" in seite) is sieht_notiz
    assert ("Internal note" in seite) is sieht_notiz


def test_the_partner_pages_work_in_english(client, plan):
    antwort = client.get("/en/meine-massnahmen/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/en/konto/login/?next=/en/meine-massnahmen/")
    client.force_login(plan["personen"].partner_a)
    seite = client.get("/en/meine-massnahmen/").content.decode()
    assert html_lang(seite) == "en"
    assert "5.2 / 1 a" in seite
    assert 'href="/en/massnahmen/5.2-1a/sachstand/neu/"' in seite
    formular = client.get("/en/massnahmen/5.2-1a/sachstand/neu/")
    assert formular.status_code == 200
    assert html_lang(formular.content.decode()) == "en"
    # Partner B may not report for A's measure, in English as in German.
    client.force_login(plan["personen"].partner_b)
    assert client.get("/en/massnahmen/5.2-1a/sachstand/neu/").status_code in (403, 404)


def test_the_login_page_in_english_leads_back_to_english_pages(client, plan):
    seite = client.get("/en/konto/login/?next=/en/meine-massnahmen/")
    assert seite.status_code == 200
    assert html_lang(seite.content.decode()) == "en"


def test_staff_log_in_and_pass_the_second_factor_in_english(client, plan):
    """Login, code page and their redirects stay in the language of the page one came from."""
    buero = plan["personen"].buero
    geraet = app_geraet(buero)
    antwort = client.post(
        "/en/konto/login/",
        {"username": "buero", "password": "geheim-12345", "next": "/en/massnahmen/"},
    )
    assert antwort.status_code == 302
    umweg = client.get("/en/massnahmen/")
    assert umweg["Location"] == "/en/konto/zwei-faktor/?next=%2Fen%2Fmassnahmen%2F"
    seite = client.get(umweg["Location"])
    assert seite.status_code == 200 and html_lang(seite.content.decode()) == "en"
    weiter = client.post(umweg["Location"], {"code": code(geraet), "next": "/en/massnahmen/"})
    assert weiter["Location"] == "/en/massnahmen/"
    assert client.get("/en/massnahmen/").status_code == 200


# --- mails and stable links --------------------------------------------------------------------


def test_mail_links_are_german_even_when_reversed_in_english(settings, plan):
    settings.SITE_URL = "https://integration.rostock.de"
    with translation.override("en"):
        pfad = reverse("measures:massnahme", kwargs={"kennung": "5.2-1a"})
        assert pfad == "/en/massnahmen/5.2-1a/"
        assert absolute_url(pfad) == "https://integration.rostock.de/massnahmen/5.2-1a/"
        assert absolute_url(reverse("measures:meine-massnahmen")).endswith("/meine-massnahmen/")
        einladung = reverse("netzwerk:einladung", args=["abc"])
        assert absolute_url(einladung) == "https://integration.rostock.de/einladung/abc/"


def test_downloads_are_the_same_bytes_under_both_addresses(client, plan):
    indikator = b.indikator("quote", handlungsfelder=[plan["handlungsfeld"]])
    b.messwert(indikator, 2020, "1234.5")
    for url in ("/indikatoren/daten.csv", "/indikatoren/quote.csv", "/indikatoren/quote.json"):
        deutsch, englisch = client.get(url), client.get("/en" + url)
        assert deutsch.status_code == englisch.status_code == 200, url
        assert b"".join(englisch) == b"".join(deutsch), url
        assert b"1,234.5" not in b"".join(englisch)  # machine format, not the page's


# --- numbers and dates on English pages --------------------------------------------------------


def test_indicator_pages_write_numbers_and_dates_in_the_pages_language(client, plan):
    from monitoring.choices import Zeitart

    indikator = b.indikator(
        "einwohner", name="Einwohnerzahl", einheit="anzahl", handlungsfelder=[plan["handlungsfeld"]]
    )
    b.messwert(indikator, date(2019, 7, 1), "208400", zeitart=Zeitart.STICHTAG)
    b.messwert(indikator, date(2020, 12, 31), "209123", zeitart=Zeitart.MONAT)
    deutsch = client.get("/indikatoren/einwohner/").content.decode()
    englisch = client.get("/en/indikatoren/einwohner/").content.decode()
    assert "209.123" in deutsch and "12/2020" in deutsch and "01.07.2019" in deutsch
    assert "209,123" in englisch and "Dec 2020" in englisch and "1 Jul 2019" in englisch
    assert "209.123" not in englisch and "12/2020" not in englisch


def test_best_practice_and_reports_pages_in_english(client, plan):
    BestPracticeBeispiel.objects.create(
        handlungsfeld=plan["handlungsfeld"], titel="Jobpaten", text="Paten begleiten."
    )
    for url in ("/en/best-practice/", "/en/berichte/", "/en/akteure/amt-a/"):
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        assert html_lang(antwort.content.decode()) == "en", url


# --- query budget --------------------------------------------------------------------------------


@pytest.mark.parametrize("wer", [None, "partner_a"])
@pytest.mark.parametrize("url", ["/", MASSNAHME, "/massnahmen/", "/handlungsfelder/5.2/"])
def test_an_english_page_costs_the_queries_of_the_german_one(client, plan, wer, url):
    """Same view, same budget (tests/query_counts.json): the language adds no query."""
    if wer:
        client.force_login(getattr(plan["personen"], wer))
    zaehlung = {}
    for adresse in (url, "/en" + url):
        client.get(adresse)  # warm: sessions, content types
        caches["default"].clear()  # both rendered, not one from the page cache
        with CaptureQueriesContext(connection) as abfragen:
            assert client.get(adresse).status_code == 200
        zaehlung[adresse] = len(abfragen)
    assert zaehlung[url] == zaehlung["/en" + url], zaehlung

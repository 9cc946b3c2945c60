"""The page cache (issue 16): public pages and anonymous API answers stored per Datenstand.

What must hold, for every role: an anonymous visitor gets the stored bytes (one query, for the
Datenstand) until shown data change, and after *any* kind of write the very next request shows
the change; a logged-in person never gets stored bytes and never leaves theirs for others.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.models import Teilziel
from measures import sachstaende
from measures.choices import Ampel, Status
from measures.models import Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db

SEITEN = [
    "/",
    "/handlungsfelder/5.2/",
    "/massnahmen/",
    "/massnahmen/?status=in_umsetzung",
    "/massnahmen/5.2-1a/",
    "/akteure/",
    "/akteure/amt-a/",
    "/best-practice/",
    "/indikatoren/",
    "/indikatoren/quote/",
    "/berichte/",
    "/impressum/",
    "/datenschutz/",
    "/api/v1/konzept/",
    "/api/v1/massnahmen/",
    "/api/v1/massnahmen/?handlungsfeld=5.2",
    "/api/v1/handlungsfelder/",
    "/api/v1/handlungsfelder/5.2/",
    "/api/v1/teilziele/",
    "/api/v1/akteure/",
    "/api/v1/sachstaende/",
    "/api/v1/indikatoren/",
]


@pytest.fixture
def plan(personen):
    k = b.konzept()
    hf = b.handlungsfeld(b.kapitel(k), "5.2", titel="Arbeit und Qualifizierung")
    tz = b.teilziel(hf, 1, text="Mehr Menschen in Arbeit")
    m = b.massnahme(tz, "a", text="Beratung im Jobcenter", interne_notiz="Nur für Akteur A")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    indikator = b.indikator("quote", handlungsfelder=[hf])
    b.messwert(indikator, 2020, "7.0")
    return {"massnahme": m, "teilziel": tz, "handlungsfeld": hf, "personen": personen}


def _holen(client, url, **kopf):
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(url, **kopf)
    inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    return antwort, inhalt, len(abfragen)


@pytest.mark.parametrize("url", SEITEN)
def test_second_anonymous_request_is_the_stored_bytes_for_one_query(client, plan, url):
    erste, inhalt, _ = _holen(client, url)
    assert erste.status_code == 200
    zweite, wieder, abfragen = _holen(client, url)
    assert zweite.status_code == 200
    assert wieder == inhalt
    assert abfragen == 1, "ein Treffer kostet nur die Abfrage des Datenstands"
    assert zweite["ETag"] == erste["ETag"]
    assert "Cookie" in zweite["Vary"]
    if url.startswith("/api/"):
        assert "Authorization" in zweite["Vary"]
    assert not zweite.cookies, "ein gespeicherter Treffer setzt kein Cookie"


@pytest.mark.parametrize("url", ["/", "/massnahmen/5.2-1a/", "/api/v1/massnahmen/"])
def test_if_none_match_gets_304_until_the_data_change(client, plan, url):
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    Massnahme.objects.filter(pk=plan["massnahme"].pk).update(fortschritt=40)
    neu = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert neu.status_code == 200
    assert neu["ETag"] != etag


def _aendern_per_save(plan):
    m = plan["massnahme"]
    m.text = "Beratung im Jobcenter, jetzt auch samstags"
    m.save()
    return "jetzt auch samstags"


def _aendern_per_update(plan):
    Massnahme.objects.filter(pk=plan["massnahme"].pk).update(text="Per update geändert")
    return "Per update geändert"


def _aendern_per_bulk_create(plan):
    Teilziel.objects.bulk_create(
        [Teilziel(handlungsfeld=plan["handlungsfeld"], nummer=2, text="Neues Teilziel im Stapel")]
    )
    return "Neues Teilziel im Stapel"


def _einreichen(plan, text):
    """Partner A submits a Sachstand through the service (it waits for review)."""
    return sachstaende.einreichen(
        plan["personen"].partner_a,
        plan["massnahme"],
        datum=date(2026, 1, 5),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=30,
        text=text,
    )


def _aendern_per_freigabe(plan):
    sachstand = _einreichen(plan, "Die ersten zwölf Beratungen fanden statt.")
    sachstaende.freigeben(sachstand, plan["personen"].buero)
    return "ersten zwölf Beratungen"


def _aendern_im_admin(plan):
    """The Büro changes a title in the admin, as a browser submits the change form."""
    from tests.konten.formular import formulardaten

    admin = Client()
    admin.force_login(plan["personen"].buero)
    url = reverse("admin:concept_handlungsfeld_change", args=[plan["handlungsfeld"].pk])
    daten = formulardaten(admin.get(url).content.decode())
    daten["titel"] = ["Arbeit, Ausbildung und Qualifizierung"]
    antwort = admin.post(url, daten)
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    return "Arbeit, Ausbildung und Qualifizierung"


def _aendern_per_load_konzept(plan):
    """Reloading the shipped concept: its Handlungsfelder appear on the overview."""
    call_command("load_konzept", verbosity=0, stdout=io.StringIO())
    return "Teilhabe"


@pytest.mark.parametrize(
    ("aendern", "url"),
    [
        (_aendern_per_save, "/massnahmen/5.2-1a/"),
        (_aendern_per_save, "/api/v1/massnahmen/"),
        (_aendern_per_update, "/massnahmen/"),
        (_aendern_per_update, "/api/v1/massnahmen/5.2-1a/"),
        (_aendern_per_bulk_create, "/handlungsfelder/5.2/"),
        (_aendern_per_freigabe, "/massnahmen/5.2-1a/"),
        (_aendern_per_freigabe, "/api/v1/sachstaende/"),
        (_aendern_im_admin, "/"),
        (_aendern_im_admin, "/api/v1/handlungsfelder/5.2/"),
    ],
)
def test_the_next_request_after_each_kind_of_write_shows_it(client, plan, aendern, url):
    vorher = client.get(url).content.decode()
    assert client.get(url).content.decode() == vorher  # stored
    neu = aendern(plan)
    assert neu not in vorher
    assert neu in client.get(url).content.decode()


def test_load_konzept_shows_at_once(client, plan):
    vorher = client.get("/api/v1/handlungsfelder/").json()
    neu = _aendern_per_load_konzept(plan)
    nachher = client.get("/api/v1/handlungsfelder/")
    assert nachher.json() != vorher
    assert neu in nachher.content.decode()


def test_an_import_shows_at_once(client, plan, tmp_path):
    """The monitoring import (all or nothing, bulk writes) changes the indicator page at once."""
    url = "/indikatoren/quote/"
    assert "12,5" not in client.get(url).content.decode()
    datei = tmp_path / "werte.csv"
    datei.write_text("indikator,datum,wert\nquote,2021,12.5\n", encoding="utf-8")
    call_command("import_messwerte", str(datei), stdout=io.StringIO())
    assert "12,5" in client.get(url).content.decode()


def test_a_pending_submission_leaves_the_stored_page(client, plan):
    url = "/massnahmen/5.2-1a/"
    client.get(url)
    _einreichen(plan, "Noch in Prüfung.")
    _antwort, inhalt, abfragen = _holen(client, url)
    assert abfragen == 1
    assert "Noch in Prüfung" not in inhalt.decode()


@pytest.mark.parametrize("rolle", ["partner_a", "partner_b", "buergerschaft", "buero"])
def test_logged_in_people_get_their_own_page_and_leave_nothing_for_others(client, plan, rolle):
    url = "/massnahmen/5.2-1a/"
    person = Client()
    person.force_login(getattr(plan["personen"], rolle))
    eigene = person.get(url).content.decode()
    assert "Abmelden" in eigene
    _antwort, wieder, abfragen = _holen(person, url)
    assert abfragen > 1, "eingeloggte Personen bekommen keine gespeicherte Seite"
    anonym = client.get(url).content.decode()
    assert "Abmelden" not in anonym
    assert "Nur für Akteur A" not in anonym
    # …and the anonymous page stored now is not what the person gets next.
    assert "Abmelden" in person.get(url).content.decode()


def test_the_partner_sees_the_internal_note_even_after_anonymous_visits(client, plan):
    url = "/massnahmen/5.2-1a/"
    client.get(url)
    client.get(url)
    partner = Client()
    partner.force_login(plan["personen"].partner_a)
    assert "Nur für Akteur A" in partner.get(url).content.decode()


def test_api_with_a_token_or_session_is_not_served_from_the_cache(client, plan):
    from konten.tokens import token_erstellen

    url = "/api/v1/massnahmen/"
    client.get(url)
    partner = Client()
    partner.force_login(plan["personen"].partner_a)
    _antwort, _inhalt, abfragen = _holen(partner, url)
    assert abfragen > 1
    _token, geheimnis = token_erstellen(plan["personen"].partner_a)
    antwort, _inhalt, abfragen = _holen(Client(), url, HTTP_AUTHORIZATION=f"Token {geheimnis}")
    assert antwort.status_code == 200
    assert abfragen > 1


def test_a_messages_cookie_gets_a_rendered_page(client, plan):
    client.get("/")
    client.cookies["messages"] = "irgendwas"
    _antwort, _inhalt, abfragen = _holen(client, "/")
    assert abfragen > 1


def test_languages_are_stored_apart(client, plan):
    # The language is in the URL (integration_portal/sprachen.py): / is German for everyone.
    deutsch = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    englisch = client.get("/en/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de">' in deutsch
    assert '<html lang="en">' in englisch
    assert '<html lang="de">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


def test_the_language_switch_works_without_a_token(plan):
    """Pages carry no CSRF token (else they would be one person's); the switch still works."""
    browser = Client(enforce_csrf_checks=True)
    seite = browser.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in seite
    antwort = browser.post(reverse("set_language"), {"language": "en", "next": "/massnahmen/"})
    assert antwort.status_code == 302
    # The same page in English (integration_portal/sprachen.py).
    assert antwort["Location"] == "/en/massnahmen/"
    assert 'lang="en"' in browser.get("/en/massnahmen/").content.decode()
    # A foreign target is refused as Django does (no open redirect).
    fremd = browser.post(
        reverse("set_language"), {"language": "de", "next": "https://boese.example/"}
    )
    assert fremd["Location"] == "/"


def test_a_new_day_is_a_new_page(client, plan):
    """ "Überfällig" turns with the date: yesterday's stored page is not today's."""
    m = plan["massnahme"]
    Massnahme.objects.filter(pk=m.pk).update(zieldatum=date(2026, 3, 1))
    berlin = ZoneInfo("Europe/Berlin")
    with time_machine.travel(datetime(2026, 3, 1, 23, 0, tzinfo=berlin), tick=False):
        assert "überfällig" not in client.get("/massnahmen/5.2-1a/").content.decode()
    with time_machine.travel(datetime(2026, 3, 2, 0, 30, tzinfo=berlin), tick=False):
        assert "überfällig" in client.get("/massnahmen/5.2-1a/").content.decode()


def test_a_page_using_a_csrf_token_is_never_stored(rf, plan):
    from django.middleware.csrf import get_token
    from django.template import engines

    from integration_portal.seitencache import gleich_fuer_alle

    vorlage = engines["django"].from_string("<form>{% csrf_token %}</form>")

    def view(request):
        from django.http import HttpResponse

        get_token(request)
        return HttpResponse(vorlage.render({}, request))

    seite = gleich_fuer_alle(view)
    erste = seite(rf.get("/formular/"))
    with CaptureQueriesContext(connection) as abfragen:
        zweite = seite(rf.get("/formular/"))
    assert erste.status_code == zweite.status_code == 200
    assert "ETag" not in zweite
    assert len(abfragen) == 1  # the Datenstand is read, nothing stored to serve


def test_a_named_release_is_the_code_stamp_and_shared(monkeypatch):
    """Instances of one release (PORTAL_RELEASE) share stored pages; without a name the stamp
    comes from the source files, so a changed template never meets an old page."""
    from integration_portal import seitencache

    seitencache.code_stand.cache_clear()
    ohne_namen = seitencache.code_stand()
    seitencache.code_stand.cache_clear()
    monkeypatch.setenv("PORTAL_RELEASE", "2026.12-a")
    try:
        assert seitencache.code_stand() == "2026.12-a"
        assert ohne_namen != "2026.12-a"
        assert len(ohne_namen) == 12
    finally:
        seitencache.code_stand.cache_clear()

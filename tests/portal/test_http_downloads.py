"""ETag, Last-Modified and 304 for downloads (integration_portal/bedingt.py), for each role."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils.http import http_date, parse_http_date

from integration_portal.bedingt import bedingt
from monitoring.models import Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "/indikatoren/daten.csv",
    "/indikatoren/daten.json",
    "/indikatoren/quote.csv",
    "/indikatoren/quote.json",
    "/indikatoren/daten.csv?von=2019",
]


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    b.messwert(b.indikator("quote", handlungsfelder=[hf]), 2020, "7.0")
    b.messwert(b.indikator("intern", handlungsfelder=[hf], oeffentlich=False), 2020, "3.0")
    return personen


def _inhalt(antwort):
    return b"".join(antwort.streaming_content) if antwort.streaming else antwort.content


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_current_copy_gets_304_and_a_change_a_new_file(client, plan, url):
    erste = client.get(url)
    assert erste.status_code == 200, _inhalt(erste)[:300]
    assert erste["ETag"].startswith('W/"')
    assert "public" in erste["Cache-Control"]
    etag, seit = erste["ETag"], erste["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=seit).status_code == 304
    Messwert.objects.filter(indikator__kennung="quote").update(wert="8.5")
    neu = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert neu.status_code == 200
    assert neu["ETag"] != etag
    frueher = http_date(parse_http_date(seit) - 1)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=frueher).status_code == 200


def test_the_etag_differs_by_query_and_language(client, plan):
    alle = client.get("/indikatoren/daten.csv")["ETag"]
    assert client.get("/indikatoren/daten.csv?von=2019")["ETag"] != alle
    assert client.get("/en/indikatoren/daten.csv")["ETag"] != alle
    # The language is in the address: Accept-Language does not change the German download.
    assert client.get("/indikatoren/daten.csv", HTTP_ACCEPT_LANGUAGE="en")["ETag"] == alle


@pytest.mark.parametrize("rolle", ["partner_a", "partner_b", "buergerschaft", "buero"])
def test_a_person_gets_an_etag_of_their_own_and_a_private_answer(client, plan, rolle):
    anonym = client.get("/indikatoren/daten.json")
    person = Client()
    person.force_login(getattr(plan, rolle))
    eigene = person.get("/indikatoren/daten.json")
    assert eigene.status_code == 200
    assert eigene["ETag"] != anonym["ETag"]
    assert "public" not in eigene["Cache-Control"]
    assert "private" in eigene["Cache-Control"]
    # The anonymous copy's ETag does not validate the person's file.
    assert (
        person.get("/indikatoren/daten.json", HTTP_IF_NONE_MATCH=anonym["ETag"]).status_code == 200
    )
    assert (
        person.get("/indikatoren/daten.json", HTTP_IF_NONE_MATCH=eigene["ETag"]).status_code == 304
    )


def test_the_buero_sees_the_internal_indicator_the_public_does_not(client, plan):
    assert b"intern" not in _inhalt(client.get("/indikatoren/daten.csv"))
    buero = Client()
    buero.force_login(plan.buero)
    assert b"intern" in _inhalt(buero.get("/indikatoren/intern.csv"))
    assert client.get("/indikatoren/intern.csv").status_code == 404


def test_an_error_is_never_revalidated(client, plan):
    fehler = client.get("/indikatoren/daten.csv?von=kein-jahr")
    assert fehler.status_code == 400
    assert "ETag" not in fehler
    assert "Last-Modified" not in fehler
    fehlt = client.get("/indikatoren/gibt-es-nicht.csv")
    assert fehlt.status_code == 404
    assert "ETag" not in fehlt


def test_auch_adds_what_else_the_bytes_depend_on(rf, plan):
    """``auch``: a view whose bytes depend on a header gets another ETag for another value."""

    @bedingt(auch=lambda request: request.headers.get("X-Variante", ""))
    def view(request):
        return HttpResponse("daten")

    eins = view(rf.get("/d", HTTP_X_VARIANTE="eins"))
    zwei = view(rf.get("/d", HTTP_X_VARIANTE="zwei"))
    assert eins["ETag"] != zwei["ETag"]
    wieder = view(rf.get("/d", HTTP_X_VARIANTE="eins", HTTP_IF_NONE_MATCH=eins["ETag"]))
    assert wieder.status_code == 304


def test_post_is_not_conditional(rf, plan):
    @bedingt
    def view(request):
        return HttpResponse("angenommen")

    etag = view(rf.get("/d"))["ETag"]
    antwort = view(rf.post("/d", HTTP_IF_NONE_MATCH=etag))
    # Django's condition: a write with a matching If-None-Match is a failed precondition.
    assert antwort.status_code == 412


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_304_costs_only_the_datenstand(client, plan, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.monitoring.conftest import BUDGET

    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(abfragen) <= BUDGET["monitoring:download-304"]

"""The admin speaks German everywhere the Büro reads: history pages, and a favicon on every page."""

import re

import pytest
from django.urls import reverse

from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def buero(client, personen):
    client.force_login(personen.buero)
    return client


def massnahme_mit_historie():
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.2"), 1)
    m = b.massnahme(tz, "a")
    m.fortschritt = 30
    m.save()  # a change without a reason
    return m


def historie(client, url):
    html = client.get(url).content.decode()
    tabelle = re.search(r'<table id="change-history".*?</table>', html, re.S).group(0)
    return html, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tabelle))


def test_the_history_page_is_german_and_shows_no_none(buero):
    m = massnahme_mit_historie()
    html, tabelle = historie(buero, reverse("admin:measures_massnahme_history", args=[m.pk]))
    assert "<h1>Änderungshistorie: 5.2 / 1 a</h1>" in html
    assert "<title>Änderungshistorie: 5.2 / 1 a |" in html
    assert "View history" not in html
    assert "Änderungen" in tabelle and "Changes" not in tabelle
    assert "None" not in tabelle
    assert "Fortschritt (%): 0" in tabelle  # the change itself is still there


def test_one_old_version_is_german_too(buero):
    m = massnahme_mit_historie()
    eintrag = m.history.last()
    html = buero.get(
        reverse("admin:measures_massnahme_simple_history", args=[m.pk, eintrag.pk])
    ).content.decode()
    titel = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert titel.startswith("Früherer Stand: 5.2 / 1 a")
    assert "View" not in titel


def test_monitoring_history_pages_are_german(buero):
    indikator = b.indikator("arbeitslosenquote")
    html, tabelle = historie(
        buero, reverse("admin:monitoring_indikator_history", args=[indikator.pk])
    )
    assert "<h1>Änderungshistorie: " in html
    assert "None" not in tabelle and "Changes" not in tabelle


ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/measures/massnahme/",
        "/admin/measures/berichtsrunde/add/",
        "/admin/password_change/",
    ],
)
def test_admin_pages_name_the_portal_icon(buero, url):
    antwort = buero.get(url)
    assert antwort.status_code == 200
    assert ICON in antwort.content.decode()


def test_the_admin_login_and_the_browsable_api_name_it_too(client):
    assert ICON in client.get("/admin/login/").content.decode()
    assert ICON in client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()


def test_the_icon_is_there_and_favicon_ico_leads_to_it(client):
    assert client.get("/static/favicon.svg").status_code == 200
    antwort = client.get("/favicon.ico")
    assert antwort.status_code == 302
    assert antwort["Location"] == "/static/favicon.svg"

"""Absolute links in mails all start with SITE_URL, whichever host the request came by."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from integration_portal.links import absolute_url
from measures import berichtsrunden
from measures.rundenzugaenge import rundenformular_url
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

pytestmark = pytest.mark.django_db

PORTAL = "https://integration.rostock.de/portal"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = PORTAL + "/"  # a trailing slash must not double
    settings.ALLOWED_HOSTS = ["intern.example", "testserver"]
    return PORTAL


def links(text):
    return re.findall(r"https?://\S+", text)


def test_absolute_url_joins_site_url_and_path(site_url):
    assert absolute_url("/meine-massnahmen/") == PORTAL + "/meine-massnahmen/"
    assert absolute_url("meine-massnahmen/") == PORTAL + "/meine-massnahmen/"


def test_password_reset_mail_links_to_site_url_not_to_the_request_host(
    site_url, personen, django_capture_on_commit_callbacks
):
    """Asked by some host (an internal name, a forged Host header): the link is the portal's."""
    with django_capture_on_commit_callbacks(execute=True):
        antwort = Client(HTTP_HOST="intern.example").post(
            reverse("password_reset"), {"email": "partner_a@example.org"}
        )
    assert antwort.status_code == 302
    (nachricht,) = mail.outbox
    (link,) = links(nachricht.body)
    assert link.startswith(PORTAL + "/konto/reset/")
    assert "intern.example" not in nachricht.body
    # The link works (below SITE_URL's path prefix the portal's own paths follow).
    formular = Client().get(link.removeprefix(PORTAL), follow=True)
    assert "Neues Passwort festlegen" in formular.content.decode()


@pytest.mark.parametrize("schritt", ["oeffnen", "erinnern"])
def test_berichtsrunde_mails_link_to_site_url(
    site_url, personen, schritt, django_capture_on_commit_callbacks
):
    plan_anlegen(personen)
    runde = b.berichtsrunde()
    with django_capture_on_commit_callbacks(execute=True):
        berichtsrunden.oeffnen(runde, mails=schritt == "oeffnen")
        if schritt == "erinnern":
            berichtsrunden.erinnern(runde)
    assert mail.outbox
    for nachricht in mail.outbox:
        for link in links(nachricht.body):
            assert link.startswith(PORTAL + "/berichtsrunden/")
    (an_b,) = [m for m in mail.outbox if m.to == ["partner_b@example.org"]]
    assert links(an_b.body) == [PORTAL + rundenformular_url(runde, personen.akteur_b)]

"""Links that leave the site stay German and unprefixed, and old ones keep working.

Mails go out in the portal's main language; a mail written during an English request (a new
round link asked for on /en/melden/neuer-link/) must still carry /melden/…, not /en/melden/….
"""

import re

import pytest
from django.core import mail
from django.utils import translation

from benachrichtigungen import abbestellen
from benachrichtigungen.choices import Art
from measures import berichtsrunden
from measures.models import Ansprechperson
from netzwerk import einladungen
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

pytestmark = pytest.mark.django_db

SITE = "https://integration.rostock.de"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def vera(personen):
    plan_anlegen(personen)
    return Ansprechperson.objects.create(
        akteur=personen.akteur_b, name="Vera Verein", email="vera@verein-b.example"
    )


@pytest.fixture
def runde(vera, django_capture_on_commit_callbacks):
    runde = b.berichtsrunde(titel="Sachstandsbericht 2026")
    with django_capture_on_commit_callbacks(execute=True):
        berichtsrunden.oeffnen(runde)
    return runde


def links(text):
    return re.findall(r"https?://\S+", text)


def test_a_round_link_asked_for_in_english_is_mailed_german(
    client, runde, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post("/en/melden/neuer-link/", {"email": "vera@verein-b.example"})
    assert antwort.status_code == 200
    assert '<html lang="en">' in antwort.content.decode()
    (nachricht,) = mail.outbox
    gefunden = links(nachricht.body)
    assert gefunden and all(link.startswith(SITE + "/") for link in gefunden)
    assert not [link for link in gefunden if "/en/" in link]
    (meldelink,) = [link for link in gefunden if "/melden/" in link]
    # The old, unprefixed link opens the form, in German.
    seite = client.get(meldelink.removeprefix(SITE))
    assert seite.status_code == 200
    assert '<html lang="de">' in seite.content.decode()


def test_an_old_opt_out_link_still_works_in_german(client, db):
    with translation.override("en"):
        link = abbestellen.link("a@example.org", Art.ERINNERUNG)
    assert link.startswith(SITE + "/benachrichtigungen/abbestellen/")
    seite = client.get(link.removeprefix(SITE))
    assert seite.status_code == 200
    assert '<html lang="de">' in seite.content.decode()
    assert "Ja, abbestellen" in seite.content.decode()


def test_an_invitation_written_during_an_english_request_links_the_german_page(
    client, personen, django_capture_on_commit_callbacks
):
    person = Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Frieda Neu", email="frieda@example.org"
    )
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        einladungen.einladen(person)
    (nachricht,) = mail.outbox
    (link,) = [link for link in links(nachricht.body) if "/einladung/" in link]
    assert re.fullmatch(SITE + r"/einladung/[A-Za-z0-9_-]+/", link)
    pfad = link.removeprefix(SITE)
    assert client.get(pfad).status_code == 200
    # Invitation links have one address only (urls.py).
    assert client.get("/en" + pfad).status_code == 404

"""The page with the report downloads in real Chromium: no serious axe violation, links work."""

import pytest
from django.urls import reverse

from tests.berichte.bericht_szenario import szenario_anlegen
from tests.people import personen_anlegen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def szenario(transactional_db):
    return szenario_anlegen(personen_anlegen())


def test_berichte_seite_ohne_schwere_verstoesse(live_server, seite, axe_pruefen, szenario):
    antwort = seite.goto(live_server.url + reverse("measures:berichte"))
    assert antwort.status == 200
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_akteur_auswahl_laedt_den_bericht_herunter(live_server, seite, szenario):
    seite.goto(live_server.url + reverse("measures:berichte"))
    seite.select_option("#bericht-akteur", szenario.amt_a.slug)
    with seite.expect_download(timeout=60_000) as download:
        seite.click("form[action$='akteur.pdf'] button[type=submit]")
    assert download.value.suggested_filename.startswith("Fortschrittsbericht_Akteur_amt-a_")

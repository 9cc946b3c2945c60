"""The page with the report downloads in real Chromium: no serious axe violation, links work."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

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


def test_die_seite_wird_erstellt_und_ihr_neuladen_laesst_sich_ausschalten(
    live_server, seite, axe_pruefen, szenario, monkeypatch
):
    """The page a visitor sees while the worker renders (the task is held back here).

    Its automatic reload is what axe reports as ``meta-refresh`` (WCAG 2.2.1); the page offers
    to turn it off, and without it the page has no serious violation.
    """
    monkeypatch.setattr("berichte.ablage._einreihen", lambda datei_id: None)
    antwort = seite.goto(live_server.url + reverse("measures:bericht-gesamt"))
    assert antwort.status == 202
    assert seite.get_by_role("heading", level=1).inner_text() == "Der Bericht wird erstellt"
    assert [v["id"] for v in axe_pruefen(seite)] == ["meta-refresh"]

    seite.get_by_role("link", name="Automatisches Neuladen ausschalten").click()
    expect(seite.get_by_role("status")).to_contain_text("ausgeschaltet")
    assert seite.locator('meta[http-equiv="refresh"]').count() == 0
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

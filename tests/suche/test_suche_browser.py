"""Searching from the header in real Chromium, on the real concept: a word lists its hits, a
reference jumps to the measure; the results page passes axe and does not scroll sideways."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def konzept(transactional_db):
    call_command("load_konzept", verbosity=0, stdout=io.StringIO())


def _aus_dem_kopf_suchen(seite, basis, eingabe):
    seite.goto(basis + "/")
    feld = seite.get_by_role("search", name="Im Portal suchen").get_by_label("Suche")
    feld.fill(eingabe)
    feld.press("Enter")
    seite.wait_for_load_state()


def test_header_search_finds_sprachmittlung(live_server, seite, axe_pruefen, konzept):
    _aus_dem_kopf_suchen(seite, live_server.url, "Sprachmittlung")
    assert seite.url.startswith(live_server.url + "/suche/?q=Sprachmittlung")
    treffer = seite.locator("#treffer-massnahmen + ol mark")
    assert treffer.first.inner_text().lower().startswith("sprachmittl")
    assert seite.get_by_role("heading", name="Maßnahmen").count() == 1
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_header_search_with_a_reference_jumps_to_the_measure(live_server, seite, konzept):
    _aus_dem_kopf_suchen(seite, live_server.url, "5.2 / 1 a")
    assert seite.url == live_server.url + "/massnahmen/5.2-1a/"
    assert "5.2 / 1 a" in seite.locator("h1").inner_text()


@pytest.mark.parametrize("breite", [320, 390])
def test_results_page_does_not_scroll_sideways(live_server, seite, konzept, breite):
    seite.set_viewport_size({"width": breite, "height": 800})
    seite.goto(live_server.url + "/suche/?q=Hanse-Jobcenter")
    breiter = seite.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not breiter

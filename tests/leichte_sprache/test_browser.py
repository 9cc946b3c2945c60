"""Leichte Sprache in real Chromium: the switch leads there, axe finds nothing serious, and no
page scrolls sideways at 320 px (long German compounds in large type)."""

import pytest

from leichte_sprache.laden import STANDARDPFAD, entwurf_lesen
from tests.leichte_sprache.szenario import plan_anlegen, zusammenfassung

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(transactional_db):
    plan = plan_anlegen()
    # The shipped drafts, with their real sentence lengths.
    zusammenfassung(plan.hf_52, **entwurf_lesen(STANDARDPFAD / "5.2.txt"))
    zusammenfassung(
        plan.hf_53,
        geprueft_am="2026-11-30",
        geprueft_von="Prüfgruppe",
        **entwurf_lesen(STANDARDPFAD / "5.3.txt"),
    )
    return plan


SEITEN = {
    "handlungsfeld": "/handlungsfelder/5.2/",
    "entwurf": "/handlungsfelder/5.2/leichte-sprache/",
    "geprueft": "/handlungsfelder/5.3/leichte-sprache/",
    "leichte_sprache": "/leichte-sprache/",
}


def test_the_switch_leads_to_the_page_in_leichte_sprache(live_server, seite, plan):
    seite.goto(live_server.url + "/handlungsfelder/5.2/")
    seite.get_by_role("link", name="Dieses Handlungsfeld in Leichter Sprache").click()
    seite.wait_for_url("**/handlungsfelder/5.2/leichte-sprache/")
    assert (
        seite.get_by_role("heading", level=1).inner_text().startswith("Arbeit und Qualifizierung")
    )
    assert seite.get_by_text("Entwurf – noch nicht von einer Prüfgruppe geprüft").is_visible()
    assert seite.locator("h2").all_inner_texts()[:3] == [
        "Was will die Stadt?",
        "Was macht die Stadt dafür?",
        "Wer macht das?",
    ]


@pytest.mark.parametrize("breite", [1280, 320])
@pytest.mark.parametrize("name", list(SEITEN))
def test_no_serious_violations_and_no_sideways_scroll(
    live_server, seite, axe_pruefen, plan, name, breite
):
    seite.set_viewport_size({"width": breite, "height": 900})
    antwort = seite.goto(live_server.url + SEITEN[name])
    assert antwort.status == 200
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)
    if name != "handlungsfeld":  # that page's reflow belongs to the helper "reflow"
        breiter = seite.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert breiter <= 0, f"{SEITEN[name]} scrollt bei {breite} px um {breiter} px seitwärts"

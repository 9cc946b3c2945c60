"""/offene-daten/ in real Chromium: no serious axe violation, and no sideways scrolling at 320 px
(the long curl and pandas lines wrap, WCAG 1.4.10)."""

import pytest

from tests.oeffentlicher_plan import plan_anlegen
from tests.people import personen_anlegen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(transactional_db):
    return plan_anlegen(personen_anlegen())


@pytest.mark.parametrize("breite", [1280, 320])
def test_open_data_page_is_accessible_and_reflows(live_server, seite, axe_pruefen, plan, breite):
    seite.set_viewport_size({"width": breite, "height": 800})
    antwort = seite.goto(live_server.url + "/offene-daten/")
    assert antwort.status == 200
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)
    breite_seite = seite.evaluate("document.documentElement.scrollWidth")
    assert breite_seite <= breite, f"{breite_seite} px breit bei {breite} px"


def test_footer_link_leads_to_the_open_data_page(live_server, seite, plan):
    seite.goto(live_server.url + "/")
    seite.get_by_role("contentinfo").get_by_role("link", name="Offene Daten").click()
    seite.wait_for_url("**/offene-daten/")
    assert seite.get_by_role("heading", level=1).inner_text() == "Offene Daten"

"""English pages in real Chromium: /en/massnahmen/5.2-1a/ is English, its switch leads back."""

import pytest

from tests import builders as b
from tests.people import personen_anlegen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(transactional_db):
    personen = personen_anlegen()
    hf = b.handlungsfeld(
        b.kapitel(b.konzept()), "5.2", titel="Arbeit und Qualifizierung", leitziel="Gute Arbeit."
    )
    m = b.massnahme(b.teilziel(hf, 1, text="Mehr Menschen in Arbeit"), "a", text="Beratung")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    return m


def _alternativen(seite):
    return seite.eval_on_selector_all(
        'head link[rel="alternate"][hreflang]',
        "links => Object.fromEntries(links.map(l => [l.hreflang, l.getAttribute('href')]))",
    )


def test_the_english_measure_page_and_its_switch(live_server, seite, axe_pruefen, plan):
    englisch = live_server.url + "/en/massnahmen/5.2-1a/"
    deutsch = live_server.url + "/massnahmen/5.2-1a/"
    seite.goto(englisch)
    assert seite.get_attribute("html", "lang") == "en"
    assert seite.locator("h1").inner_text() == "Measure 5.2 / 1 a"
    assert seite.get_by_text("Target date").is_visible()
    assert seite.get_by_role("link", name="Measures").get_attribute("href") == "/en/massnahmen/"
    assert _alternativen(seite) == {"de": deutsch, "en": englisch, "x-default": deutsch}
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

    seite.get_by_role("link", name="Deutsch").click()
    seite.wait_for_url(deutsch)
    assert seite.get_attribute("html", "lang") == "de"
    assert seite.locator("h1").inner_text() == "Maßnahme 5.2 / 1 a"
    assert _alternativen(seite) == {"de": deutsch, "en": englisch, "x-default": deutsch}

    seite.get_by_role("link", name="English").click()
    seite.wait_for_url(englisch)
    assert seite.get_attribute("html", "lang") == "en"


def test_the_switch_keeps_the_query_and_needs_no_javascript(live_server, browser, plan):
    kontext = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        seite = kontext.new_page()
        # An English browser still gets the German page under the German URL.
        seite.goto(live_server.url + "/massnahmen/?status=in_umsetzung")
        assert seite.get_attribute("html", "lang") == "de"
        seite.get_by_role("link", name="English").click()
        seite.wait_for_url(live_server.url + "/en/massnahmen/?status=in_umsetzung")
        assert seite.get_attribute("html", "lang") == "en"
        assert seite.get_by_role("heading", level=1).inner_text() == "Measures"
    finally:
        kontext.close()

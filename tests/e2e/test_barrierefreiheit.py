"""WCAG 2.1 AA in real Chromium: axe-core finds no serious or critical violation on the pages."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.oeffentlicher_plan import plan_anlegen
from tests.people import personen_anlegen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(transactional_db):
    return plan_anlegen(personen_anlegen())


def _login_url():
    try:
        return reverse("login")
    except NoReverseMatch:
        pytest.skip("Die Anmeldeseite (URL-Name 'login') gibt es noch nicht.")


SEITEN = {
    "uebersicht": lambda: reverse("measures:overview"),
    "handlungsfeld": lambda: reverse("measures:handlungsfeld", kwargs={"nummer": "5.1.1"}),
    "handlungsfeld_ohne_ziele": lambda: reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"}),
    "massnahme": lambda: reverse("measures:massnahme", kwargs={"kennung": "5.1.1-1a"}),
    "massnahmen": lambda: reverse("measures:massnahmen"),
    "massnahmen_gefiltert": lambda: reverse("measures:massnahmen") + "?status=verzoegert&q=Kita",
    "akteure": lambda: reverse("measures:akteure"),
    "akteur": lambda: reverse("measures:akteur", kwargs={"slug": "verein-b"}),
    "best_practice": lambda: reverse("measures:best-practice"),
    "barrierefreiheit": lambda: reverse("measures:barrierefreiheit"),
    "leichte_sprache": lambda: reverse("measures:leichte-sprache"),
    "kontakt": lambda: reverse("measures:kontakt"),
    "impressum": lambda: reverse("measures:impressum"),
    "datenschutz": lambda: reverse("datenschutz:erklaerung"),
    "anmelden": _login_url,
}


@pytest.mark.parametrize("name", list(SEITEN))
def test_page_has_no_serious_violations(live_server, seite, axe_pruefen, plan, name):
    antwort = seite.goto(live_server.url + SEITEN[name]())
    assert antwort.status == 200
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_contact_form_with_errors_has_no_serious_violations(live_server, seite, axe_pruefen, plan):
    seite.goto(live_server.url + reverse("measures:kontakt"))
    seite.fill("#id_email", "keine-adresse")
    seite.click("form.formular button[type=submit]")
    seite.wait_for_selector(".fehler-zusammenfassung")
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_skip_link_is_first_and_moves_focus_to_main(live_server, seite, plan):
    seite.goto(live_server.url + reverse("measures:overview"))
    seite.keyboard.press("Tab")
    assert seite.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    seite.keyboard.press("Enter")
    assert seite.evaluate("document.activeElement.id") == "inhalt"


def test_no_external_requests(live_server, seite, plan):
    angefragt = []
    seite.on("request", lambda r: angefragt.append(r.url))
    seite.goto(live_server.url + reverse("measures:handlungsfeld", kwargs={"nummer": "5.1.1"}))
    fremd = [url for url in angefragt if not url.startswith(live_server.url)]
    assert fremd == []
    assert any(url.endswith("portal.css") for url in angefragt)


def test_axe_check_would_catch_a_violation(live_server, seite, axe_pruefen, plan):
    """The check above can fail: an image without text alternative is a critical violation."""
    seite.goto(live_server.url + reverse("measures:impressum"))
    seite.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in axe_pruefen(seite)}


def test_english_pages_mark_german_content(live_server, seite, axe_pruefen, plan):
    """In English the concept's own text stays German and says so (WCAG 3.1.2)."""
    # English pages live under /en/ (integration_portal/sprachen.py).
    pfad = reverse("measures:handlungsfeld", kwargs={"nummer": "5.1.1"})
    seite.goto(live_server.url + "/en" + pfad)
    assert seite.get_attribute("html", "lang") == "en"
    assert seite.get_attribute("h1", "lang") == "de"
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

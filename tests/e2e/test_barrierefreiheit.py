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
    "datenlage": lambda: reverse("monitoring:datenlage"),
    "barrierefreiheit": lambda: reverse("measures:barrierefreiheit"),
    "leichte_sprache": lambda: reverse("measures:leichte-sprache"),
    "kontakt": lambda: reverse("measures:kontakt"),
    "impressum": lambda: reverse("measures:impressum"),
    "datenschutz": lambda: reverse("datenschutz:erklaerung"),
    "anmelden": _login_url,
}


# Desktop and the narrowest phone (WCAG 1.4.10 asks for 320 CSS px): the collapsed header and
# the scrolling table regions must pass too.
BREITEN = [1280, 320]


@pytest.mark.parametrize("breite", BREITEN)
@pytest.mark.parametrize("name", list(SEITEN))
def test_page_has_no_serious_violations(live_server, seite, axe_pruefen, plan, name, breite):
    seite.set_viewport_size({"width": breite, "height": 900})
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


def test_open_menu_on_a_phone_has_no_serious_violations(live_server, seite, axe_pruefen, plan):
    """At 320 px the navigation sits behind "Menü" (a <details>); opened, it passes too."""
    seite.set_viewport_size({"width": 320, "height": 800})
    seite.goto(live_server.url + reverse("measures:massnahmen"))
    seite.get_by_text("Menü", exact=True).click()
    assert seite.get_by_role("link", name="Akteure", exact=True).is_visible()
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


# --- The Büro's admin (BITV 2.0 covers the intranet too) ---------------------------------------


@pytest.fixture
def buero_plan(transactional_db):
    from measures.roles import rollen_einrichten

    rollen_einrichten()
    return plan_anlegen(personen_anlegen())


def test_admin_login_has_no_serious_violations(live_server, seite, axe_pruefen, buero_plan):
    seite.goto(live_server.url + reverse("admin:login"))
    assert seite.locator("h1").count() == 1
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


@pytest.mark.parametrize("breite", BREITEN)
def test_admin_massnahme_change_form_has_no_serious_violations(
    live_server, seite, axe_pruefen, buero_plan, breite
):
    """With the Zuständigkeiten and Meilensteine inlines, their autocomplete fields and links."""
    from tests.e2e.partner_hilfen import admin_anmelden

    seite.set_viewport_size({"width": breite, "height": 900})
    admin_anmelden(seite, live_server.url, "buero")
    url = reverse("admin:measures_massnahme_change", args=[buero_plan.m_1a.pk])
    seite.goto(live_server.url + url)
    seite.wait_for_selector(".select2-selection")
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)
    assert seite.get_by_role("link", name="Erklärung zur Barrierefreiheit").is_visible()


def test_swagger_page_has_no_serious_violations(live_server, seite, axe_pruefen, plan):
    """The API reference (Swagger UI): language, contrast of its badges, no links in buttons."""
    seite.goto(live_server.url + reverse("api-docs"))
    seite.wait_for_selector(".opblock-summary-control")
    assert seite.get_attribute("html", "lang") == "de"
    assert seite.locator(".opblock-summary-control a[href]").count() == 0
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_error_summary_gets_the_focus_after_a_failed_submit(live_server, seite, plan):
    seite.goto(live_server.url + reverse("measures:kontakt"))
    seite.fill("#id_email", "keine-adresse")
    seite.click("form.formular button[type=submit]")
    seite.wait_for_selector(".fehler-zusammenfassung")
    assert seite.evaluate("document.activeElement.classList.contains('fehler-zusammenfassung')")
    assert seite.title().startswith("Fehler:")
    # Its links lead to the fields.
    seite.keyboard.press("Tab")
    seite.keyboard.press("Enter")
    assert seite.evaluate("location.hash") in {"#id_email", "#id_betreff", "#id_nachricht"}


def test_invalid_list_filter_focuses_its_error_summary(live_server, seite, plan):
    seite.goto(live_server.url + reverse("measures:massnahmen") + "?status=erfunden")
    assert seite.evaluate("document.activeElement.classList.contains('fehler-zusammenfassung')")


def test_admin_massnahmen_list_has_no_serious_violations(
    live_server, seite, axe_pruefen, buero_plan
):
    """The Büro's list with its search field (visible label), filters and list-edit fields."""
    from tests.e2e.partner_hilfen import admin_anmelden

    admin_anmelden(seite, live_server.url, "buero")
    seite.goto(live_server.url + reverse("admin:measures_massnahme_changelist"))
    assert seite.get_by_label("Suchen", exact=True).is_visible()
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

"""Reflow (WCAG 1.4.10) in real Chromium: at 320 and 390 px no page scrolls sideways.

The whole adopted concept and the first monitoring figures are loaded (long German compounds,
wide indicator tables, Akteure with long names), plus the people of tests/people.py: partner A
of Amt A, responsible for a real measure with a Sachstand and a milestone, in an open
Berichtsrunde, and the Büro. Every page is listed by name below; a failure names each page that
scrolls and how wide it is.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from measures import berichtsrunden
from measures.models import Massnahme, Meilenstein
from measures.roles import rollen_einrichten
from tests import builders as b
from tests.e2e.partner_hilfen import admin_anmelden, anmelden
from tests.people import personen_anlegen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREITEN = [320, 390]
# The measure partner A reports on: 4.2.2 / 1 a (Wohnen und Unterbringung) of the real concept.
KENNUNG = "4.2.2-1a"


@pytest.fixture
def echte_daten(transactional_db):
    call_command("load_konzept", stdout=io.StringIO())
    call_command("load_monitoring", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_leichte_sprache", stdout=io.StringIO())
    rollen_einrichten()
    personen = personen_anlegen()
    massnahme = Massnahme.objects.get(
        teilziel__handlungsfeld__nummer="4.2.2", teilziel__nummer=1, kennung="a"
    )
    b.zustaendigkeit(massnahme, personen.akteur_a, federfuehrend=True)
    Meilenstein.objects.create(
        massnahme=massnahme,
        titel="Wohnraumversorgungskonzept abgestimmt",
        faellig_am=date(2026, 3, 31),
    )
    sachstand = b.sachstand(massnahme, personen.akteur_a, personen.partner_a)
    runde = b.berichtsrunde(titel="Berichtsrunde Dezember 2026")
    berichtsrunden.oeffnen(runde, mails=False)
    return {"personen": personen, "massnahme": massnahme, "sachstand": sachstand, "runde": runde}


# Public pages: each kind, with the real concept; lists unfiltered, filtered, page 2, empty.
OEFFENTLICH = {
    "uebersicht": lambda d: reverse("measures:overview"),
    "handlungsfeld_mit_indikatoren": lambda d: reverse(
        "measures:handlungsfeld", kwargs={"nummer": "4.2.2"}
    ),
    "handlungsfeld_5_2": lambda d: reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"}),
    "handlungsfeld_4_1_2": lambda d: reverse("measures:handlungsfeld", kwargs={"nummer": "4.1.2"}),
    "massnahme_mit_meilenstein": lambda d: reverse(
        "measures:massnahme", kwargs={"kennung": KENNUNG}
    ),
    "massnahme_4_1_2_1a": lambda d: reverse("measures:massnahme", kwargs={"kennung": "4.1.2-1a"}),
    "massnahmen": lambda d: reverse("measures:massnahmen"),
    "massnahmen_seite_2": lambda d: reverse("measures:massnahmen") + "?page=2",
    "massnahmen_gefiltert": lambda d: reverse("measures:massnahmen") + "?status=verzoegert",
    "massnahmen_ohne_treffer": lambda d: reverse("measures:massnahmen") + "?q=Zzzyxw",
    "akteure": lambda d: reverse("measures:akteure"),
    "akteur_mit_vielen_massnahmen": lambda d: reverse(
        "measures:akteur", kwargs={"slug": "amt-fuer-jugend-soziales-und-asyl"}
    ),
    "akteur_amt_a": lambda d: reverse(
        "measures:akteur", kwargs={"slug": d["personen"].akteur_a.slug}
    ),
    "best_practice": lambda d: reverse("measures:best-practice"),
    "indikatoren": lambda d: reverse("monitoring:uebersicht"),
    "datenlage": lambda d: reverse("monitoring:datenlage"),
    "indikator_anteil": lambda d: reverse(
        "monitoring:indikator", kwargs={"kennung": "migrationshintergrund-anteil"}
    ),
    "indikator_herkunftslaender": lambda d: reverse(
        "monitoring:indikator", kwargs={"kennung": "herkunftslaender"}
    ),
    # A breakdown with its series checkboxes and figures (one date), one series chosen, a chart.
    "indikator_aufschluesselung": lambda d: (
        reverse("monitoring:indikator", kwargs={"kennung": "migrationshintergrund-anteil"})
        + "?nach=staatsangehoerigkeit"
    ),
    "indikator_reihe_gewaehlt": lambda d: (
        reverse("monitoring:indikator", kwargs={"kennung": "migrationshintergrund-anteil"})
        + "?nach=staatsangehoerigkeit&reihe=staatsangehoerigkeit%3Dauslaendisch"
    ),
    "indikator_verlauf": lambda d: reverse(
        "monitoring:indikator", kwargs={"kennung": "auslaenderanteil"}
    ),
    "berichte": lambda d: reverse("measures:berichte"),
    "barrierefreiheit": lambda d: reverse("measures:barrierefreiheit"),
    "leichte_sprache": lambda d: reverse("measures:leichte-sprache"),
    "kontakt": lambda d: reverse("measures:kontakt"),
    "impressum": lambda d: reverse("measures:impressum"),
    "datenschutz": lambda d: reverse("datenschutz:erklaerung"),
    "anmelden": lambda d: reverse("login"),
}

PARTNER = {
    "meine_massnahmen": lambda d: reverse("measures:meine-massnahmen"),
    "meine_sachstaende": lambda d: reverse("measures:meine-sachstaende"),
    "sachstand_formular": lambda d: reverse("measures:sachstand-neu", kwargs={"kennung": KENNUNG}),
    "rundenformular": lambda d: reverse(
        "measures:rundenformular",
        kwargs={"pk": d["runde"].pk, "akteur": d["personen"].akteur_a.slug},
    ),
    "konto": lambda d: reverse("konten:zwei-faktor"),
}

# The admin pages the Büro uses every day.
BUERO = {
    "admin_start": lambda d: reverse("admin:index"),
    "admin_massnahmen": lambda d: reverse("admin:measures_massnahme_changelist"),
    "admin_massnahme_aendern": lambda d: reverse(
        "admin:measures_massnahme_change", args=[d["massnahme"].pk]
    ),
    "admin_sachstaende": lambda d: reverse("admin:measures_sachstand_changelist"),
    "admin_sachstand_pruefen": lambda d: reverse(
        "admin:measures_sachstand_change", args=[d["sachstand"].pk]
    ),
    "admin_ruecklauf": lambda d: reverse(
        "admin:measures_berichtsrunde_ruecklauf", args=[d["runde"].pk]
    ),
}

ADMIN_ANMELDUNG = {"admin_anmelden": lambda d: reverse("admin:login")}

QUER_SCROLLEN = "document.documentElement.scrollWidth - window.innerWidth"


def _breit(seite, basis, seiten, daten):
    """Pages that scroll sideways, as 'name: N px too wide'; every page must answer 200."""
    zu_breit = []
    for name, url in seiten.items():
        antwort = seite.goto(basis + url(daten))
        assert antwort.status == 200, f"{name}: {antwort.status} für {antwort.url}"
        ueberstand = seite.evaluate(QUER_SCROLLEN)
        if ueberstand > 0:
            zu_breit.append(f"{name}: {ueberstand} px zu breit")
    return zu_breit


def _kontext(browser, breite):
    kontext = browser.new_context(
        locale="de-DE", viewport={"width": breite, "height": 844}, bypass_csp=True
    )
    seite = kontext.new_page()
    seite.set_default_timeout(15_000)
    return kontext, seite


@pytest.mark.parametrize("breite", BREITEN)
def test_public_pages_do_not_scroll_sideways(live_server, browser, echte_daten, breite):
    kontext, seite = _kontext(browser, breite)
    try:
        assert _breit(seite, live_server.url, OEFFENTLICH, echte_daten) == []
    finally:
        kontext.close()


@pytest.mark.parametrize("breite", BREITEN)
def test_partner_pages_do_not_scroll_sideways(live_server, browser, echte_daten, breite):
    kontext, seite = _kontext(browser, breite)
    try:
        anmelden(seite, live_server.url, "partner_a")
        assert _breit(seite, live_server.url, PARTNER, echte_daten) == []
    finally:
        kontext.close()


@pytest.mark.parametrize("breite", BREITEN)
def test_buero_admin_pages_do_not_scroll_sideways(live_server, browser, echte_daten, breite):
    kontext, seite = _kontext(browser, breite)
    try:
        zu_breit = _breit(seite, live_server.url, ADMIN_ANMELDUNG, echte_daten)
        admin_anmelden(seite, live_server.url, "buero")
        zu_breit += _breit(seite, live_server.url, BUERO, echte_daten)
        assert zu_breit == []
    finally:
        kontext.close()


def test_the_check_would_catch_a_wide_element(live_server, browser, echte_daten):
    """The measurement can fail: a 600 px wide block makes the page scroll at 320 px."""
    kontext, seite = _kontext(browser, 320)
    try:
        seite.goto(live_server.url + reverse("measures:impressum"))
        seite.evaluate(
            "document.querySelector('main').append(Object.assign(document.createElement('div'),"
            " {style: 'width: 600px; height: 1px'}))"
        )
        assert seite.evaluate(QUER_SCROLLEN) > 0
    finally:
        kontext.close()


@pytest.mark.parametrize("breite", BREITEN)
def test_header_is_short_and_its_menu_opens_without_javascript(
    live_server, browser, echte_daten, breite
):
    """The header takes a bar, not half the screen; the menu is a <details>, so it works
    with JavaScript switched off."""
    kontext = browser.new_context(
        locale="de-DE", viewport={"width": breite, "height": 844}, java_script_enabled=False
    )
    seite = kontext.new_page()
    try:
        seite.goto(live_server.url + reverse("measures:overview"))
        assert seite.locator("header.kopf").bounding_box()["height"] <= 130
        navigation = seite.get_by_role("navigation", name="Hauptnavigation")
        assert not navigation.is_visible()
        seite.get_by_text("Menü", exact=True).click()
        assert navigation.is_visible()
        seite.get_by_role("link", name="Maßnahmen", exact=True).click()
        assert seite.url == live_server.url + reverse("measures:massnahmen")
    finally:
        kontext.close()


def test_wide_screens_show_the_navigation_without_the_menu_button(live_server, seite, echte_daten):
    seite.goto(live_server.url + reverse("measures:overview"))
    assert seite.get_by_role("navigation", name="Hauptnavigation").is_visible()
    assert not seite.get_by_text("Menü", exact=True).is_visible()
    assert seite.locator("header.kopf").bounding_box()["height"] <= 150


def test_wide_table_scrolls_in_a_labelled_focusable_region(live_server, browser, echte_daten):
    kontext, seite = _kontext(browser, 320)
    try:
        seite.goto(live_server.url + reverse("monitoring:uebersicht"))
        region = seite.get_by_role("region", name="Indikatoren mit ihrem letzten Wert").first
        assert region.get_attribute("tabindex") == "0"
        region.focus()
        assert seite.evaluate("document.activeElement.classList.contains('tabelle-rahmen')")
    finally:
        kontext.close()

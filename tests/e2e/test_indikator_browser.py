"""The indicator page in real Chromium: chart and table tabs with the keyboard only, series
checkboxes with the keyboard, the same page without JavaScript, and axe-core on each state."""

import pytest
from playwright.sync_api import expect

from tests import builders as b
from tests.monitoring.conftest import monitoring_daten  # noqa: F401 – the fixture, used below

# The data of tests/monitoring: a public indicator with a Geschlecht breakdown and 3 years, an
# internal one, one with a single value.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("monitoring_daten"),
]

SEITE = "/indikatoren/auslaenderanteil/"


def aktiv(seite, ausdruck):
    return seite.evaluate(f"document.activeElement.{ausdruck}")


def spaltenkoepfe(seite):
    """The series the value table shows (column heads after „Zeit“, without the targets)."""
    koepfe = seite.locator("#werte-tabelle ~ thead th").all_inner_texts()[1:]
    return [k for k in koepfe if k != "Zielwert"]  # the column of targets follows the series


def test_tabs_work_with_the_keyboard_only(live_server, seite):
    seite.goto(live_server.url + SEITE)
    grafik, tabelle = seite.locator("#reiter-grafik"), seite.locator("#reiter-tabelle")
    expect(seite.locator(".reiter-liste")).to_have_attribute("role", "tablist")
    expect(grafik).to_be_visible()
    expect(tabelle).to_be_hidden()

    # Tab from the control before the tablist lands on the selected tab, not on every tab.
    seite.focus(".quelldaten a")
    seite.keyboard.press("Tab")
    assert aktiv(seite, "getAttribute('role')") == "tab"
    assert aktiv(seite, "textContent") == "Diagramm"
    # The focus is visible (portal.css :focus-visible).
    assert seite.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"

    seite.keyboard.press("ArrowRight")
    assert aktiv(seite, "textContent") == "Tabelle"
    assert aktiv(seite, "getAttribute('aria-selected')") == "true"
    expect(tabelle).to_be_visible()
    expect(grafik).to_be_hidden()
    expect(seite.get_by_role("tab", name="Diagramm")).to_have_attribute("tabindex", "-1")

    seite.keyboard.press("ArrowRight")  # wraps around
    assert aktiv(seite, "textContent") == "Diagramm"
    expect(grafik).to_be_visible()
    seite.keyboard.press("End")
    assert aktiv(seite, "textContent") == "Tabelle"
    seite.keyboard.press("Home")
    assert aktiv(seite, "textContent") == "Diagramm"
    seite.keyboard.press("ArrowLeft")
    assert aktiv(seite, "textContent") == "Tabelle"

    # Space and Enter show the focused tab's panel and neither scroll nor follow the link.
    oben = seite.evaluate("window.scrollY")
    seite.keyboard.press(" ")
    seite.keyboard.press("Enter")
    assert seite.evaluate("window.scrollY") == oben
    assert seite.url.endswith(SEITE)
    expect(tabelle).to_be_visible()

    # Tab leaves the tablist for the shown panel.
    seite.keyboard.press("Tab")
    assert aktiv(seite, "id") == "reiter-tabelle"
    assert "6,80\xa0%" in tabelle.inner_text()


def test_a_link_to_the_table_opens_its_tab(live_server, seite):
    seite.goto(live_server.url + SEITE + "#reiter-tabelle")
    expect(seite.locator("#reiter-tabelle")).to_be_visible()
    expect(seite.locator("#reiter-grafik")).to_be_hidden()
    expect(seite.get_by_role("tab", name="Tabelle")).to_have_attribute("aria-selected", "true")


def test_series_checkboxes_work_with_the_keyboard(live_server, seite):
    seite.goto(live_server.url + SEITE + "?nach=geschlecht")
    assert spaltenkoepfe(seite) == ["insgesamt", "männlich", "weiblich"]

    seite.focus("#id_nach")
    seite.keyboard.press("Tab")
    assert aktiv(seite, "value") == "insgesamt"
    seite.keyboard.press(" ")  # untick the total
    seite.keyboard.press("Tab")
    assert aktiv(seite, "value") == "geschlecht=maennlich"
    seite.keyboard.press(" ")  # untick männlich
    assert seite.locator("input[name=reihe]:checked").count() == 1
    seite.keyboard.press("Tab")
    seite.keyboard.press("Tab")
    assert aktiv(seite, "textContent") == "Anzeigen"
    with seite.expect_navigation():
        seite.keyboard.press("Enter")

    assert "reihe=geschlecht%3Dweiblich" in seite.url
    assert spaltenkoepfe(seite) == ["weiblich"]
    assert seite.locator("svg[role=img] .reihe").count() == 1
    expect(seite.locator("input[value='geschlecht=weiblich']")).to_be_checked()
    expect(seite.locator("input[value='insgesamt']")).not_to_be_checked()


@pytest.fixture
def ohne_js(browser):
    kontext = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = kontext.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontext.close()


def test_without_javascript_both_panels_and_the_checkboxes_work(live_server, ohne_js):
    seite = ohne_js
    seite.goto(live_server.url + SEITE + "?nach=geschlecht")

    # No tabs: the in-page links, then both panels with their headings, nothing hidden.
    assert seite.locator(".reiter-liste").get_attribute("role") is None
    for name in ("Diagramm", "Tabelle"):
        expect(seite.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(seite.locator("#reiter-grafik svg[role=img]")).to_be_visible()
    expect(seite.locator("#reiter-tabelle table")).to_be_visible()
    seite.get_by_role("link", name="Tabelle", exact=True).click()
    assert seite.url.endswith("#reiter-tabelle")

    seite.get_by_role("checkbox", name="männlich").uncheck()
    seite.get_by_role("checkbox", name="insgesamt").uncheck()
    seite.get_by_role("button", name="Anzeigen").click()
    seite.wait_for_url("**reihe=*")
    assert spaltenkoepfe(seite) == ["weiblich"]
    assert seite.locator("svg[role=img] .reihe").count() == 1


@pytest.fixture
def zustaende():
    b.indikator("leer", name="Noch ohne Werte")


# The indicator page in each state: a breakdown selected, one chosen series, one point (figures),
# no values; the table tab open too.
AXE_SEITEN = [
    SEITE + "?nach=geschlecht",
    SEITE + "?nach=geschlecht&reihe=geschlecht%3Dweiblich",
    SEITE + "?nach=geschlecht&reihe=geschlecht%3Ddivers",  # with the error summary
    SEITE + "#reiter-tabelle",
    "/indikatoren/deutschland/",
    "/indikatoren/leer/",
]


@pytest.mark.parametrize("breite", [1280, 320])
def test_indicator_pages_have_no_serious_violations(
    live_server, seite, axe_pruefen, zustaende, breite
):
    seite.set_viewport_size({"width": breite, "height": 900})
    for pfad in AXE_SEITEN:
        antwort = seite.goto(live_server.url + pfad)
        assert antwort.status == 200
        verstoesse = axe_pruefen(seite)
        assert not verstoesse, f"{pfad}: " + axe_pruefen.beschreiben(verstoesse)
        zu_breit = seite.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert zu_breit <= 0, f"{pfad}: {zu_breit} px zu breit bei {breite} px"

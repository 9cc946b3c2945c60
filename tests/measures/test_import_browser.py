"""Issue 13.14 in real Chromium with the portal's CSP enforced: both import previews show old and
new values apart (styled by a static stylesheet, readable as text) without a CSP violation."""

import os

import pytest
from django.urls import reverse

from measures.choices import Status
from tests import builders as b
from tests.konten.totp import app_geraet, im_browser_bestaetigen

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seite(browser):
    """A page that enforces CSP (no bypass) and collects every violation."""
    kontext = browser.new_context(locale="de-DE")
    page = kontext.new_page()
    page.set_default_timeout(20_000)
    page.verstoesse = []
    page.on(
        "console",
        lambda m: page.verstoesse.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    kontext.close()


def _anmelden(page, basis, buero):
    """Password, then the second factor staff must give (konten)."""
    geraet = app_geraet(buero)
    page.goto(basis + "/admin/login/")
    page.fill("input[name=username]", "buero")
    page.fill("input[name=password]", "geheim-12345")
    page.locator("form [type=submit]").last.click()
    im_browser_bestaetigen(page, geraet)
    page.wait_for_load_state("networkidle")


def test_both_import_previews_keep_old_and_new_apart_under_csp(
    live_server, seite, personen, tmp_path
):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    b.massnahme(b.teilziel(hf, 3), "d", status=Status.NICHT_BEGONNEN)
    b.messwert(b.indikator("anteil"), 2019, "6.5")
    _anmelden(seite, live_server.url, personen.buero)

    datei = tmp_path / "stand.csv"
    datei.write_text("Referenz;Status;Version\n5.2 / 3 d;in Umsetzung;1\n", encoding="cp1252")
    seite.goto(live_server.url + reverse("admin:measures_massnahme_import"))
    seite.set_input_files("input[name=datei]", str(datei))
    seite.locator("#content-main form [type=submit]").last.click()
    seite.wait_for_load_state("networkidle")
    zelle = seite.locator("ul.import-zellen li").first
    assert zelle.inner_text() == "Status: nicht begonnen → in Umsetzung"
    durchgestrichen = seite.locator("del.import-alt").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert durchgestrichen == "line-through"  # the stylesheet is applied, not blocked

    werte = tmp_path / "werte.csv"
    werte.write_text("indikator;datum;wert\nanteil;2019;6,8\n", encoding="utf-8")
    seite.goto(live_server.url + reverse("admin:monitoring_messwert_importieren"))
    seite.set_input_files("input[name=datei]", str(werte))
    seite.locator("#content-main form [type=submit]").last.click()
    seite.wait_for_load_state("networkidle")
    assert seite.locator("ul.import-zellen li").first.inner_text() == "Wert: 6.5 → 6.8"
    assert seite.verstoesse == []

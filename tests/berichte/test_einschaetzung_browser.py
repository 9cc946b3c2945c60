"""The Büro's assessment in real Chromium: written, submitted, approved by a second person.

axe-core finds no serious violation in the change page's content (form, preview, review
buttons); Django's own breadcrumbs are left out.
"""

import pytest
from playwright.sync_api import expect

from berichte.models import Einschaetzung, EinschaetzungStatus
from tests.berichte.einschaetzung_szenario import buero_person, lage_anlegen
from tests.browser import AXE_JS, AXE_OPTIONEN, SCHWER
from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import admin_anmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
leute = partner_hilfen.leute
neue_seite = partner_hilfen.neue_seite


def _axe_im_inhalt(seite):
    """axe-core on the page's content (Django's own breadcrumbs and header left out)."""
    seite.add_script_tag(path=str(AXE_JS))
    ergebnis = seite.evaluate(
        "optionen => axe.run({include: [['#content']]}, optionen)", AXE_OPTIONEN
    )
    return [
        (v["id"], [k["target"] for k in v["nodes"]])
        for v in ergebnis["violations"]
        if v["impact"] in SCHWER
    ]


def test_written_submitted_and_approved_in_the_admin(live_server, leute, neue_seite):
    lage = lage_anlegen()
    basis = live_server.url
    autorin = neue_seite()
    admin_anmelden(autorin, basis, "autorin")
    autorin.goto(f"{basis}/admin/berichte/einschaetzung/add/?berichtsrunde={lage.runde.pk}")
    autorin.get_by_label("Handlungsfeld").select_option(label="5.1 Bildung")
    autorin.get_by_label("Text").fill(
        "Die Kurse sind **voll**.\n\n<strong>40</strong> neue Plätze <script>alert(1)</script>"
    )
    autorin.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    vorschau = autorin.locator(".einschaetzung-vorschau")
    expect(vorschau.locator("strong")).to_have_text("40")
    expect(vorschau).not_to_contain_text("alert")
    assert _axe_im_inhalt(autorin) == []
    autorin.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(autorin.locator(".messagelist")).to_contain_text("eingereicht")
    expect(autorin.get_by_text("Vier-Augen-Prinzip")).to_be_visible()

    buero_person("zweiter")  # not the author: may approve
    pruefer = neue_seite()
    admin_anmelden(pruefer, basis, "zweiter")
    e = Einschaetzung.objects.get()
    pruefer.goto(f"{basis}/admin/berichte/einschaetzung/{e.pk}/change/")
    pruefer.get_by_label("Kommentar für die Verfasserin oder den Verfasser").fill("Gut so.")
    assert _axe_im_inhalt(pruefer) == []
    pruefer.screenshot(path="/tmp/einschaetzung-pruefen.png", full_page=True)
    pruefer.get_by_role("button", name="Freigeben").click()
    expect(pruefer.locator(".messagelist")).to_contain_text("freigegeben")
    e.refresh_from_db()
    assert (e.pruefstatus, e.geprueft_von.username) == (EinschaetzungStatus.FREIGEGEBEN, "zweiter")

"""Screenshots of the partner workflow and the Berichtsrunde for the README (run by hand).

Plays the workflow in headless Chromium (Debian's /usr/bin/chromium; nothing is downloaded)
against the development server on a fresh database holding the concept and the demo accounts:
the Büro opens a Berichtsrunde, partner-ajsa answers for one measure, the Büro approves it and
looks at the response rate.

    export DATABASE_URL=sqlite:////tmp/partner-demo.sqlite3 DEBUG=1
    rm -f /tmp/partner-demo.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_konzept
    .venv/bin/python manage.py demo_konten
    .venv/bin/python -m tests.e2e.partner_screenshots          # → docs/screenshots/

Options: ``--port`` (default 8766), ``--ziel`` (output folder).
"""

import re
from pathlib import Path

from playwright.sync_api import sync_playwright

from measures.demo_zweiter_faktor import demo_code
from tests.e2e.admin_screenshot import CHROMIUM_ARGS, mit_entwicklungsserver

BASE_DIR = Path(__file__).resolve().parents[2]


def _kontext(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")


def _admin_anmelden(seite, basis):
    seite.goto(f"{basis}/admin/login/")
    seite.fill("#id_username", "buero")
    seite.fill("#id_password", "demo-buero-2020")
    seite.click("input[type=submit]")
    # The demo account's second factor (manage.py demo_konten gives it a known key).
    seite.fill("#id_code", demo_code())
    seite.click("form.formular button[type=submit]")
    seite.wait_for_url(f"{basis}/admin/")


def fotografieren(basis, ziel):
    ziel.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        buero = _kontext(browser).new_page()
        _admin_anmelden(buero, basis)
        buero.goto(f"{basis}/admin/measures/berichtsrunde/add/")
        buero.fill("#id_titel", "Sachstandsbericht 2026")
        buero.fill("#id_stichtag", "30.06.2026")
        buero.fill("#id_faellig_am", "31.07.2026")
        buero.click("input[name=_save]")
        buero.get_by_role("checkbox", name=re.compile("Sachstandsbericht 2026")).check()
        buero.select_option("select[name=action]", "oeffnen_aktion")
        buero.click("button[name=index]")
        # Opening mails everyone asked: the admin asks first (measures/admin/berichtsrunden.py).
        buero.get_by_role("button", name="Ja, öffnen und E-Mails senden").click()
        buero.wait_for_selector(".messagelist")

        partner = _kontext(browser).new_page()
        partner.goto(f"{basis}/konto/login/")
        partner.screenshot(path=str(ziel / "partner-anmelden.png"))
        partner.fill("#id_username", "partner-ajsa")
        partner.fill("#id_password", "demo-partner-ajsa-2020")
        partner.get_by_role("button", name="Anmelden").click()
        partner.wait_for_url(f"{basis}/meine-massnahmen/")
        partner.screenshot(path=str(ziel / "partner-meine-massnahmen.png"))
        partner.locator(".meine-massnahme a.button").first.click()
        partner.select_option("#id_status", "in_umsetzung")
        partner.select_option("#id_ampel", "im_plan")
        partner.fill("#id_fortschritt", "40")
        partner.fill(
            "#id_text",
            "Die Beratung läuft in drei Stadtteilen; ein weiterer Standort ist für den Herbst "
            "geplant.",
        )
        partner.screenshot(path=str(ziel / "partner-sachstand-formular.png"), full_page=True)
        partner.get_by_role("button", name="Sachstand einreichen").click()
        partner.wait_for_url(f"{basis}/meine-sachstaende/")
        partner.screenshot(path=str(ziel / "partner-meine-sachstaende.png"))

        buero.goto(f"{basis}/admin/measures/sachstand/")
        buero.screenshot(path=str(ziel / "admin-sachstaende-pruefen.png"))
        buero.locator("#result_list tbody a").first.click()
        buero.fill("#id_pruefkommentar", "Danke für den ausführlichen Stand.")
        buero.screenshot(path=str(ziel / "admin-sachstand-freigeben.png"), full_page=True)
        buero.click("input[name=_freigeben]")
        buero.wait_for_selector(".messagelist")

        buero.goto(f"{basis}/admin/measures/berichtsrunde/")
        buero.get_by_role("link", name="Rücklauf ansehen").first.click()
        buero.screenshot(path=str(ziel / "admin-berichtsrunde-ruecklauf.png"))
        browser.close()


def main():
    mit_entwicklungsserver(__doc__, fotografieren, "/konto/login/", port=8766)


if __name__ == "__main__":
    main()

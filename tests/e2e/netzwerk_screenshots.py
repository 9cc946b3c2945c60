"""Screenshots of "Partner gewinnen" for the README (not a test; run by hand).

The Büro imports the example contacts (fixtures/ansprechpersonen-beispiel.csv), sees the list of
Ansprechpersonen with Konto/erreichbar, and the question before opening a Berichtsrunde with the
Akteure nobody can be reached at. Same set-up as tests/e2e/admin_screenshot.py:

    export DATABASE_URL=sqlite:////tmp/netzwerk-demo.sqlite3 DEBUG=1
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_konzept
    .venv/bin/python manage.py demo_konten
    .venv/bin/python -m tests.e2e.netzwerk_screenshots          # → docs/screenshots/
"""

from playwright.sync_api import sync_playwright

from measures.demo_zweiter_faktor import demo_code
from tests.browser import CHROMIUM_ARGS
from tests.e2e.admin_screenshot import BASE_DIR, mit_entwicklungsserver

BEISPIEL = BASE_DIR / "fixtures" / "ansprechpersonen-beispiel.csv"


def fotografieren(basis, ziel):
    ziel.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        seite = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="de-DE")
        seite.goto(f"{basis}/admin/login/")
        seite.fill("#id_username", "buero")
        seite.fill("#id_password", "demo-buero-2020")
        seite.click("input[type=submit]")
        seite.fill("#id_code", demo_code())
        seite.click("form.formular button[type=submit]")
        seite.wait_for_url(f"{basis}/admin/")

        seite.goto(f"{basis}/admin/measures/ansprechperson/import/")
        seite.set_input_files("#id_datei", str(BEISPIEL))
        seite.click("input[type=submit][value='Vorschau anzeigen']")
        seite.wait_for_selector("text=Wird angelegt")
        seite.screenshot(path=str(ziel / "admin-ansprechpersonen-import.png"), full_page=True)
        seite.click("input[type=submit][value='Import bestätigen']")
        seite.wait_for_selector("text=Import übernommen")
        seite.screenshot(path=str(ziel / "admin-ansprechpersonen.png"))

        seite.goto(f"{basis}/admin/measures/berichtsrunde/add/")
        seite.fill("#id_titel", "Sachstandsbericht 2027")
        seite.fill("#id_stichtag", "30.06.2027")
        seite.fill("#id_faellig_am", "31.07.2027")
        seite.click("input[name=_save]")
        seite.check("input[name=_selected_action] >> nth=0")
        seite.select_option("select[name=action]", "oeffnen_aktion")
        seite.click("button[name=index]")
        seite.wait_for_selector("text=Wenn Sie die Runde öffnen")
        seite.screenshot(path=str(ziel / "admin-berichtsrunde-erreichbarkeit.png"))
        browser.close()


def main():
    mit_entwicklungsserver(__doc__, fotografieren, "/admin/login/", port=8121)


if __name__ == "__main__":
    main()

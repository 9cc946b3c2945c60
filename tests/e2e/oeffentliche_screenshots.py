"""Screenshots of the public pages for the README (not a test; run by hand).

Photographs the concept overview and a Handlungsfeld page from a running server in headless
Chromium (Debian's /usr/bin/chromium; no browser is downloaded):

    export DATABASE_URL=sqlite:////tmp/oeffentlich-demo.sqlite3 DEBUG=1
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_konzept
    .venv/bin/python manage.py runserver 127.0.0.1:8771 &
    .venv/bin/python -m tests.e2e.oeffentliche_screenshots        # → docs/screenshots/

Options: ``--basis`` (default http://127.0.0.1:8771), ``--handlungsfeld`` (default 5.2),
``--ziel`` (output folder).
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS

BASE_DIR = Path(__file__).resolve().parents[2]


def fotografieren(basis, handlungsfeld, ziel):
    ziel.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        seite = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="de-DE")
        seite.goto(f"{basis}/")
        seite.screenshot(path=str(ziel / "oeffentlich-uebersicht.png"))
        seite.goto(f"{basis}/handlungsfelder/{handlungsfeld}/#teilziele")
        seite.screenshot(path=str(ziel / "oeffentlich-handlungsfeld.png"))
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basis", default="http://127.0.0.1:8771")
    parser.add_argument("--handlungsfeld", default="5.2")
    parser.add_argument("--ziel", type=Path, default=BASE_DIR / "docs" / "screenshots")
    args = parser.parse_args()
    fotografieren(args.basis.rstrip("/"), args.handlungsfeld, args.ziel)
    print(f"Screenshots in {args.ziel}")


if __name__ == "__main__":
    main()

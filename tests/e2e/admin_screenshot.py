"""Screenshot of the Büro's Maßnahmen list for the README (not a test; run by hand).

Starts the development server on a database that holds the concept and the demo accounts,
logs in as the demo account ``buero`` and photographs the admin's Maßnahmen list in headless
Chromium (Debian's /usr/bin/chromium; no browser is downloaded).

    export DATABASE_URL=sqlite:////tmp/admin-demo.sqlite3 DEBUG=1
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_konzept
    .venv/bin/python manage.py demo_konten
    .venv/bin/python -m tests.e2e.admin_screenshot            # → docs/screenshots/

Options: ``--port`` (default 8765), ``--ziel`` (output folder).
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from measures.demo_zweiter_faktor import demo_code
from tests.browser import CHROMIUM_ARGS

BASE_DIR = Path(__file__).resolve().parents[2]


def _warten_auf(url, sekunden=60):
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Server unter {url} antwortet nicht.")


def fotografieren(basis, ziel):
    ziel.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        seite = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="de-DE")
        seite.goto(f"{basis}/admin/login/")
        seite.fill("#id_username", "buero")
        seite.fill("#id_password", "demo-buero-2020")
        seite.click("input[type=submit]")
        # The demo account's second factor (manage.py demo_konten gives it a known key).
        seite.fill("#id_code", demo_code())
        seite.click("form.formular button[type=submit]")
        seite.wait_for_url(f"{basis}/admin/")
        seite.screenshot(path=str(ziel / "admin-start.png"))
        seite.goto(f"{basis}/admin/measures/massnahme/")
        seite.screenshot(path=str(ziel / "admin-massnahmen.png"))
        browser.close()


def mit_entwicklungsserver(doc, fotografieren, warte_pfad, port):
    """Command line of a screenshot script: start runserver, wait, photograph, stop."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--ziel", type=Path, default=BASE_DIR / "docs" / "screenshots")
    args = parser.parse_args()
    basis = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{args.port}"],
        cwd=BASE_DIR,
        env={**os.environ, "DEBUG": os.environ.get("DEBUG", "1")},
    )
    try:
        _warten_auf(f"{basis}{warte_pfad}")
        fotografieren(basis, args.ziel)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Bildschirmfotos in {args.ziel}")


def main():
    mit_entwicklungsserver(__doc__, fotografieren, "/admin/login/", port=8765)


if __name__ == "__main__":
    main()

"""Browser fixtures for every test folder: Debian's Chromium driven by Playwright.

One Playwright instance per test session: a second ``sync_playwright()`` in the same process
fails ("Sync API inside the asyncio loop"), so every browser test uses these fixtures, which
tests/conftest.py registers for the whole tree.

Use ``seite`` (a fresh Playwright page) with pytest-django's ``live_server`` and mark the test
``@pytest.mark.browser``. ``axe_pruefen(seite)`` runs axe-core (tests/e2e/vendor) on the open page
and returns the violations of impact serious or critical.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls
# from the test body (SynchronousOnlyOperation). The tests do not share the loop with Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).parent / "e2e" / "vendor" / "axe.min.js"
# What we hold ourselves to (DESIGN.md): WCAG 2.1 A and AA, plus axe's best practices.
AXE_OPTIONEN = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}
SCHWER = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} fehlt (apt-get install chromium); es wird kein Browser geladen")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def seite(browser):
    # bypass_csp: the portal forbids inline scripts (django-csp); axe is injected as one.
    kontext = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = kontext.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontext.close()


def _axe(page):
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("optionen => axe.run(document, optionen)", AXE_OPTIONEN)


def _beschreiben(verstoesse):
    zeilen = []
    for v in verstoesse:
        ziele = ", ".join(str(k["target"]) for k in v["nodes"][:3])
        zeilen.append(f"{v['impact']}: {v['id']} – {v['help']} ({ziele})")
    return "\n".join(zeilen)


@pytest.fixture
def axe_pruefen():
    """Return a function: run axe on a page, give back its serious and critical violations."""

    def pruefen(page):
        ergebnis = _axe(page)
        return [v for v in ergebnis["violations"] if v["impact"] in SCHWER]

    pruefen.beschreiben = _beschreiben
    return pruefen

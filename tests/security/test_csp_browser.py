"""In real Chromium, with the Content Security Policy enforced: no page violates it.

Public pages, the partner's pages, the admin (list, form with its widgets) and the API's
browsable pages and docs. Chromium reports every blocked script, style or image on the console
("Refused to … because it violates the following Content Security Policy directive").
"""

import os

import pytest
from django.urls import reverse

from measures.choices import Pruefstatus
from tests import builders as b
from tests.konten.totp import app_geraet, im_browser_bestaetigen

# Playwright's sync API runs an event loop in this thread (see tests/e2e/conftest.py).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seite(browser):
    """A page that enforces CSP (no bypass) and collects every violation and script error.

    Uses the session's shared Chromium (tests/browser.py): one Playwright per process.
    """
    kontext = browser.new_context(locale="de-DE")
    page = kontext.new_page()
    page.set_default_timeout(20_000)
    page.verstoesse = []
    page.on(
        "console",
        lambda m: (
            page.verstoesse.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: page.verstoesse.append(f"{page.url}: JS-Fehler {e}"))
    yield page
    kontext.close()


@pytest.fixture
def daten(personen):
    k = b.konzept()
    hf = b.handlungsfeld(b.kapitel(k), "5.2")
    m = b.massnahme(b.teilziel(hf, 1), "a")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.sachstand(m, personen.akteur_a, personen.partner_a, pruefstatus=Pruefstatus.FREIGEGEBEN)
    b.messwert(b.indikator("anteil", handlungsfelder=[hf]), 2019, 6.8)
    b.messwert(b.indikator("zweiter", handlungsfelder=[hf]), 2020, 7)
    personen.buero.is_superuser = True
    personen.buero.set_password("geheim-12345")
    personen.buero.save()
    return {"massnahme": m, "personen": personen}


def besuchen(page, url):
    antwort = page.goto(url, wait_until="networkidle")
    assert antwort.status < 400, f"{url}: {antwort.status}"


def anmelden(page, basis, pfad, name, passwort="geheim-12345"):
    page.goto(basis + pfad, wait_until="networkidle")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", passwort)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def test_public_and_partner_pages(live_server, seite, daten):
    m = daten["massnahme"]
    for pfad in [
        "/",
        "/handlungsfelder/5.2/",
        "/massnahmen/",
        "/massnahmen/?status=nicht_begonnen",
        m.get_absolute_url(),
        "/akteure/",
        daten["personen"].akteur_a.get_absolute_url(),
        "/best-practice/",
        "/indikatoren/",
        "/indikatoren/anteil/",
        "/berichte/",
        "/kontakt/",
        "/konto/login/",
    ]:
        besuchen(seite, live_server.url + pfad)
    anmelden(seite, live_server.url, "/konto/login/", "partner_a")
    besuchen(seite, live_server.url + "/meine-massnahmen/")
    besuchen(
        seite, live_server.url + reverse("measures:sachstand-neu", args=[m.oeffentliche_kennung])
    )
    # The account's pages: the second factor's setup with its inline SVG QR code, the tokens.
    besuchen(seite, live_server.url + reverse("konten:zwei-faktor"))
    assert seite.locator(".qr-code svg").count() == 1
    besuchen(seite, live_server.url + reverse("konten:tokens"))
    assert seite.verstoesse == []


def test_admin(live_server, seite, daten):
    m = daten["massnahme"]
    geraet = app_geraet(daten["personen"].buero)
    anmelden(seite, live_server.url, "/admin/login/", "buero")
    im_browser_bestaetigen(seite, geraet)
    for pfad in [
        "/admin/",
        "/admin/measures/massnahme/",
        reverse("admin:measures_massnahme_change", args=[m.pk]),
        reverse("admin:measures_massnahme_history", args=[m.pk]),
        "/admin/measures/sachstand/",
        "/admin/measures/akteur/add/",
        "/admin/measures/berichtsrunde/add/",
        "/admin/monitoring/messwert/",
        "/admin/auth/user/",
        reverse("admin:measures_massnahme_import"),
        reverse("admin:measures_massnahme_export"),
        reverse("admin:monitoring_messwert_importieren"),
    ]:
        besuchen(seite, live_server.url + pfad)
    # The date widget's calendar (admin JavaScript) opens without a violation.
    besuchen(seite, live_server.url + "/admin/measures/berichtsrunde/add/")
    kalender = seite.locator(".vDateField + span a, .datetimeshortcuts a").first
    if kalender.count():
        kalender.click()
    assert seite.verstoesse == []


def test_api_pages(live_server, seite, daten):
    """The browsable API and Swagger UI (templates/rest_framework/, templates/drf_spectacular/).

    Not Redoc (/api/v1/redoc/): its bundle loads Google Fonts and injects <style> elements at
    run time, which a policy without 'unsafe-inline' blocks; Swagger UI is the API's docs.
    """
    for pfad in ["/api/v1/", "/api/v1/massnahmen/", "/api/v1/massnahmen/?status=umgesetzt"]:
        besuchen(seite, live_server.url + pfad)
    seite.goto(live_server.url + "/api/v1/docs/", wait_until="networkidle")
    seite.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert seite.verstoesse == []

"""What the partner and Berichtsrunde browser tests share besides the fixtures of tests/browser.py.

People and plan for a live server, one browser context per person, login helpers. The live
server runs in a thread of the test process, so mails sent there land in ``mail.outbox``.
"""

import pytest

from measures.roles import rollen_einrichten
from tests.konten.totp import app_geraet, im_browser_bestaetigen
from tests.measures.partnerplan import plan_anlegen
from tests.people import personen_anlegen

PASSWORT = "geheim-12345"  # tests/people.py


@pytest.fixture
def leute(transactional_db):
    """The people of tests/people.py with their roles' rights, and the partner plan.

    Transactional tests empty the tables afterwards, so the roles are set up again here.
    """
    rollen_einrichten()
    personen = personen_anlegen()
    return personen, plan_anlegen(personen)


@pytest.fixture
def neue_seite(browser):
    """Opens a page in a fresh context per person (own cookies); all closed after the test."""
    kontexte = []

    def oeffnen():
        # bypass_csp: axe is injected as an inline script, which the portal's CSP forbids.
        kontext = browser.new_context(
            locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=True
        )
        kontexte.append(kontext)
        seite = kontext.new_page()
        seite.set_default_timeout(15_000)
        return seite

    yield oeffnen
    for kontext in kontexte:
        kontext.close()


def anmelden(seite, basis, benutzername, ziel="/meine-massnahmen/"):
    seite.goto(f"{basis}/konto/login/?next={ziel}")
    seite.get_by_label("Benutzername").fill(benutzername)
    seite.get_by_label("Passwort").fill(PASSWORT)
    seite.get_by_role("button", name="Anmelden").click()
    seite.wait_for_url(f"{basis}{ziel}")


def admin_anmelden(seite, basis, benutzername):
    """Password, then the code of the account's authenticator app (a TOTP device made here)."""
    from django.contrib.auth.models import User

    geraet = app_geraet(User.objects.get(username=benutzername), "Browser-Test")
    seite.goto(f"{basis}/admin/login/")
    seite.fill("#id_username", benutzername)
    seite.fill("#id_password", PASSWORT)
    seite.click("input[type=submit]")
    im_browser_bestaetigen(seite, geraet)
    seite.wait_for_url(f"{basis}/admin/")

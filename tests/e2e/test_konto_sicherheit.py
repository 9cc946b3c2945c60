"""A partner protects the account: second factor set up with the app, an API token made.

In real Chromium, each page checked with axe-core (WCAG 2.1 AA).
"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import anmelden
from tests.konten.totp import code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
leute = partner_hilfen.leute
neue_seite = partner_hilfen.neue_seite


def _barrierefrei(axe_pruefen, seite):
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_partner_sets_up_second_factor_and_a_token(live_server, neue_seite, axe_pruefen, leute):
    personen, _plan = leute
    basis = live_server.url
    seite = neue_seite()
    anmelden(seite, basis, "partner_a", ziel="/konto/zwei-faktor/")
    expect(seite.locator(".qr-code svg")).to_be_visible()
    _barrierefrei(axe_pruefen, seite)

    geraet = TOTPDevice.objects.get(user=personen.partner_a, confirmed=False)
    seite.fill("#id_code", code(geraet))
    seite.get_by_role("button", name="Einrichten").click()
    expect(seite.locator(".wiederherstellungscodes li")).to_have_count(10)
    _barrierefrei(axe_pruefen, seite)

    seite.goto(f"{basis}/konto/tokens/")
    seite.get_by_label("Bezeichnung").fill("Fachverfahren")
    seite.get_by_role("button", name="Token erstellen").click()
    expect(seite.locator("code.geheimnis")).to_have_count(1)
    expect(seite.get_by_role("rowheader", name="Fachverfahren")).to_be_visible()
    _barrierefrei(axe_pruefen, seite)

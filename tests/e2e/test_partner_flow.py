"""A partner logs in and submits a Sachstand; staff approve it; the public page shows it.

Real headless Chromium against the live server; axe-core checks the partner pages on the way.
"""

import re

import pytest
from playwright.sync_api import expect

from measures.choices import Pruefstatus, Status
from measures.models import Sachstand
from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import admin_anmelden, anmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures shared with the other partner browser test (tests/e2e/partner_hilfen.py).
leute = partner_hilfen.leute
neue_seite = partner_hilfen.neue_seite


def assert_barrierefrei(axe_pruefen, seite):
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_partner_submits_staff_approve_public_page_shows_it(
    live_server, leute, neue_seite, axe_pruefen
):
    personen, plan = leute
    basis = live_server.url

    # The partner: login page (checked by axe before logging in), then "Meine Maßnahmen".
    partner = neue_seite()
    partner.goto(f"{basis}/konto/login/")
    assert_barrierefrei(axe_pruefen, partner)
    anmelden(partner, basis, "partner_a")
    expect(partner.get_by_role("heading", level=1)).to_have_text("Meine Maßnahmen")
    assert_barrierefrei(axe_pruefen, partner)
    # One compact table, federführende first (issue 14); 5.2-1a is A's and marked so.
    federfuehrend = partner.locator(
        "tr", has=partner.get_by_role("link", name="Maßnahme 5.2 / 1 a", exact=True)
    )
    expect(federfuehrend).to_contain_text("federführend")

    # The Sachstand form of 5.2-1a.
    federfuehrend.get_by_role("link", name=re.compile("Sachstand melden")).click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Sachstand melden")
    assert_barrierefrei(axe_pruefen, partner)
    partner.get_by_label("Status").select_option(Status.IN_UMSETZUNG)
    partner.get_by_label("Ampel").select_option("gefaehrdet")
    partner.get_by_label("Fortschritt (%)").fill("45")
    partner.get_by_role("textbox", name=re.compile("^Sachstand")).fill(
        "Drei Sprachkurse laufen; ein vierter fehlt noch."
    )
    partner.get_by_role("button", name="Sachstand einreichen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Meine Sachstände")
    expect(partner.get_by_text("wartet jetzt auf die Prüfung")).to_be_visible()
    expect(
        partner.get_by_role("cell", name=re.compile("eingereicht, wartet auf Prüfung"))
    ).to_be_visible()
    # Error handling of the form is checked by axe too (the summary, the field errors).
    partner.goto(f"{basis}/massnahmen/5.2-1a/sachstand/neu/")
    partner.get_by_label("Fortschritt (%)").fill("140")
    partner.get_by_role("button", name="Sachstand einreichen").click()
    expect(partner.get_by_role("alert")).to_contain_text("Fortschritt")
    assert_barrierefrei(axe_pruefen, partner)
    sachstand = Sachstand.objects.get()
    assert sachstand.pruefstatus == Pruefstatus.EINGEREICHT

    # Not yet public.
    oeffentlich = neue_seite()
    oeffentlich.goto(f"{basis}/massnahmen/5.2-1a/")
    expect(oeffentlich.get_by_text("Drei Sprachkurse laufen")).to_have_count(0)

    # Staff approve it in the admin.
    buero = neue_seite()
    admin_anmelden(buero, basis, "buero")
    buero.goto(f"{basis}/admin/measures/sachstand/")
    buero.get_by_role("link", name="5.2 / 1 a", exact=True).click()
    buero.get_by_label("Kommentar der Prüfung").fill("Danke, sehr anschaulich.")
    buero.get_by_role("button", name="Freigeben").click()
    expect(buero.locator(".messagelist")).to_contain_text("freigegeben")

    # The public page now shows the new state and the Sachstand in its timeline.
    oeffentlich.reload()
    expect(
        oeffentlich.get_by_text("Drei Sprachkurse laufen; ein vierter fehlt noch.")
    ).to_be_visible()
    stand = oeffentlich.locator(
        "section", has=oeffentlich.get_by_role("heading", name="Stand", exact=True)
    )
    expect(stand).to_contain_text("in Umsetzung")
    expect(stand).to_contain_text("45 %")

    # The partner sees the outcome and can no longer change it.
    partner.goto(f"{basis}/meine-sachstaende/")
    expect(partner.get_by_role("cell", name=re.compile("^freigegeben"))).to_be_visible()
    expect(partner.get_by_role("link", name=re.compile("korrigieren"))).to_have_count(0)
    antwort = partner.goto(f"{basis}/sachstaende/{sachstand.pk}/bearbeiten/")
    assert antwort.status == 403


def test_partner_of_another_akteur_gets_403_on_a_direct_url(
    live_server, leute, neue_seite, axe_pruefen
):
    basis = live_server.url
    seite = neue_seite()
    anmelden(seite, basis, "partner_b")
    antwort = seite.goto(f"{basis}/massnahmen/4.1.2-1a/sachstand/neu/")
    assert antwort.status == 403
    expect(seite.get_by_role("link", name="4.1.2 / 1 a", exact=True)).to_have_count(0)

"""Milestones and lateness in real Chromium (issue 15): axe-core finds no serious violation on
the pages that show the "überfällig" badge and the milestones, nor on the Sachstand form with
its milestone fields (also with an error); partner A reports a milestone done, the Büro
approves, and the measure's page no longer says "überfällig"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from measures import sachstaende
from measures.models import Meilenstein, Sachstand
from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import anmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
leute = partner_hilfen.leute
neue_seite = partner_hilfen.neue_seite


def assert_barrierefrei(axe_pruefen, seite):
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_badge_pages_and_milestone_form_are_accessible_and_reporting_works(
    live_server, leute, neue_seite, axe_pruefen
):
    personen, plan = leute
    heute = timezone.localdate()
    stein = Meilenstein.objects.create(
        massnahme=plan.a, titel="Träger gefunden", faellig_am=heute - timedelta(days=30)
    )
    basis = live_server.url
    seite = neue_seite()
    for pfad in ("/massnahmen/5.2-1a/", "/massnahmen/", "/handlungsfelder/5.2/"):
        seite.goto(basis + pfad)
        expect(seite.locator(".verzug").first).to_contain_text("überfällig")
        assert_barrierefrei(axe_pruefen, seite)

    partner = neue_seite()
    anmelden(partner, basis, "partner_a")
    expect(partner.locator(".verzug").first).to_be_visible()
    assert_barrierefrei(axe_pruefen, partner)
    partner.goto(basis + "/massnahmen/5.2-1a/sachstand/neu/")
    feld = partner.get_by_label("„Träger gefunden“ erledigt am")
    feld.fill((heute + timedelta(days=3)).isoformat())
    partner.fill("#id_text", "Der Träger ist gefunden.")
    partner.get_by_role("button", name="Sachstand einreichen").click()
    expect(partner.locator(".fehler-zusammenfassung")).to_contain_text("Zukunft")
    assert_barrierefrei(axe_pruefen, partner)
    partner.get_by_label("„Träger gefunden“ erledigt am").fill(
        (heute - timedelta(days=1)).isoformat()
    )
    partner.get_by_role("button", name="Sachstand einreichen").click()
    partner.wait_for_url(f"{basis}/meine-sachstaende/")

    sachstaende.freigeben(Sachstand.objects.get(massnahme=plan.a), personen.buero)
    stein.refresh_from_db()
    assert stein.erledigt_am == heute - timedelta(days=1)
    seite.goto(basis + "/massnahmen/5.2-1a/")
    # The anonymous page may come from the browser's own cache for CACHE_CONTROL_MAX_AGE
    # (README "Seitencache"); reloading asks the server, which has the new Datenstand.
    seite.reload()
    expect(seite.locator("main")).to_contain_text("Träger gefunden")
    assert seite.locator(".verzug").count() == 0

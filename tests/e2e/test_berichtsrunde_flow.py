"""A Berichtsrunde in the browser: staff open it, a partner answers, the response rate shows."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from measures.choices import RundenStatus
from measures.models import Berichtsrunde
from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import admin_anmelden, anmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures shared with the other partner browser test (tests/e2e/partner_hilfen.py).
leute = partner_hilfen.leute
neue_seite = partner_hilfen.neue_seite


def test_round_is_opened_answered_and_its_response_rate_shown(live_server, leute, neue_seite):
    basis = live_server.url

    # Staff plan the round in the admin and open it from the list.
    buero = neue_seite()
    admin_anmelden(buero, basis, "buero")
    buero.goto(f"{basis}/admin/measures/berichtsrunde/add/")
    buero.get_by_label("Titel").fill("Sachstandsbericht 2026")
    buero.get_by_label("Stichtag").fill("30.06.2026")
    buero.get_by_label("fällig am").fill("31.07.2026")
    buero.get_by_role("button", name="Sichern", exact=True).click()
    expect(buero.locator(".messagelist")).to_contain_text("Sachstandsbericht 2026")
    buero.get_by_role("checkbox", name=re.compile("Sachstandsbericht 2026")).check()
    buero.get_by_role("combobox", name=re.compile("Aktion")).select_option(
        label="Öffnen und Akteure anschreiben"
    )
    buero.get_by_role("button", name=re.compile("Ausführen")).click()
    # Opening mails everyone asked: the admin says so and asks first.
    expect(buero.locator(".folgen")).to_contain_text("Es entstehen 4 Anfragen an 2 Akteure.")
    assert not mail.outbox
    buero.get_by_role("button", name="Ja, öffnen und E-Mails senden").click()
    expect(buero.locator(".messagelist")).to_contain_text("ist geöffnet: 4 Anfragen")
    runde = Berichtsrunde.objects.get()
    assert runde.status == RundenStatus.OFFEN
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kollegin_a@example.org",
        "partner_a@example.org",
        "partner_b@example.org",
    ]

    # The partner finds the round in "Meine Maßnahmen" and answers for 5.2-1a.
    partner = neue_seite()
    anmelden(partner, basis, "partner_a")
    expect(
        partner.get_by_role("heading", name="Offene Berichtsrunde: Sachstandsbericht 2026")
    ).to_be_visible()
    expect(partner.get_by_text("Noch 2 Sachstände offen.")).to_be_visible()
    partner.get_by_role("link", name="Sachstand melden zu Maßnahme 5.2 / 1 a").click()
    expect(partner.get_by_text("zur Berichtsrunde „Sachstandsbericht 2026“")).to_be_visible()
    partner.get_by_label("Fortschritt (%)").fill("55")
    partner.get_by_role("textbox", name=re.compile("^Sachstand")).fill("Die Kurse sind voll.")
    partner.get_by_role("button", name="Sachstand einreichen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Meine Sachstände")
    partner.goto(f"{basis}/meine-massnahmen/")
    expect(partner.get_by_text("Noch 1 Sachstand offen.")).to_be_visible()

    # Staff see the response rate per Handlungsfeld and per Akteur, and remind the rest.
    buero.goto(f"{basis}/admin/measures/berichtsrunde/")
    expect(buero.get_by_role("cell", name="1 von 4 (25 %)")).to_be_visible()
    buero.get_by_role("link", name="Rücklauf ansehen").click()
    expect(buero.locator(".ruecklauf-gesamt")).to_have_text("1 von 4 Anfragen beantwortet (25 %)")
    expect(buero.locator(".ruecklauf-handlungsfeld")).to_contain_text("5.2 Arbeit")
    zeile_a = buero.locator(".ruecklauf-akteur tr", has_text="Amt A")
    expect(zeile_a).to_contain_text("50 %")
    zeile_b = buero.locator(".ruecklauf-akteur tr", has_text="Verein B")
    expect(zeile_b).to_contain_text("0 %")
    vorher = len(mail.outbox)
    buero.get_by_role("button", name="An offene Anfragen erinnern").click()
    expect(buero.locator(".messagelist")).to_contain_text("Erinnerung zu 3 offenen Anfragen")
    assert len(mail.outbox) == vorher + 3
    expect(zeile_b).not_to_contain_text("–")  # the reminder's time is shown

"""Reporting without an afternoon, in real Chromium (issue 14): the partner filters Meine
Maßnahmen, reports with a note and two attachments, downloads one back; the Büro sees note and
files on the review page and sends it back; "neu melden" starts from the returned content."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import admin_anmelden, anmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
leute = partner_hilfen.leute
neue_seite = partner_hilfen.neue_seite

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.fixture
def dateien(tmp_path, settings):
    ablage = tmp_path / "ablage"
    settings.ANHANG_ROOT = ablage
    (tmp_path / "bericht.pdf").write_bytes(PDF)
    (tmp_path / "foto.png").write_bytes(PNG + b"\x00" * 32)
    return [tmp_path / "bericht.pdf", tmp_path / "foto.png"]


def assert_barrierefrei(axe_pruefen, seite):
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)


def test_partner_reports_with_note_and_files_buero_returns_partner_starts_from_it(
    live_server, leute, neue_seite, axe_pruefen, dateien, tmp_path
):
    basis = live_server.url
    partner = neue_seite()
    anmelden(partner, basis, "partner_a")

    # Filter: only Handlungsfeld 5.2, sorted by number.
    partner.get_by_label("Handlungsfeld").select_option("5.2")
    partner.get_by_label("Sortieren nach").select_option("referenz")
    partner.get_by_role("button", name="Filter anwenden").click()
    expect(partner.locator(".trefferzahl")).to_contain_text("2 Maßnahmen")
    expect(partner.get_by_role("link", name="Maßnahme 4.1.2 / 1 a", exact=True)).to_have_count(0)
    assert_barrierefrei(axe_pruefen, partner)

    zeile = partner.locator(
        "tr", has=partner.get_by_role("link", name="Maßnahme 5.2 / 1 a", exact=True)
    )
    zeile.get_by_role("link", name=re.compile("Sachstand melden")).click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Sachstand melden")
    partner.get_by_label("Fortschritt (%)").fill("45")
    partner.get_by_role("textbox", name=re.compile("^Sachstand")).fill("Drei Kurse laufen.")
    partner.get_by_label("Notiz an das Büro (wird nicht veröffentlicht)").fill(
        "Bitte rufen Sie mich wegen der Räume an."
    )
    partner.get_by_label("Anhänge").set_input_files([str(p) for p in dateien])
    assert_barrierefrei(axe_pruefen, partner)
    partner.get_by_role("button", name="Sachstand einreichen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Meine Sachstände")
    expect(partner.get_by_role("link", name="bericht.pdf")).to_be_visible()
    expect(partner.get_by_role("link", name="foto.png")).to_be_visible()
    assert_barrierefrei(axe_pruefen, partner)

    # The file comes back as it went in.
    with partner.expect_download() as laden:
        partner.get_by_role("link", name="bericht.pdf").click()
    ziel = tmp_path / "zurueck.pdf"
    laden.value.save_as(ziel)
    assert Path(ziel).read_bytes() == PDF
    assert laden.value.suggested_filename == "bericht.pdf"

    # The Büro sees note and files, and sends it back.
    buero = neue_seite()
    admin_anmelden(buero, basis, "buero")
    buero.goto(f"{basis}/admin/measures/sachstand/")
    buero.get_by_role("link", name="5.2 / 1 a").click()
    expect(buero.get_by_text("Bitte rufen Sie mich wegen der Räume an.")).to_be_visible()
    expect(buero.get_by_role("link", name="bericht.pdf")).to_be_visible()
    buero.get_by_label("Kommentar der Prüfung").fill("Bitte nennen Sie die Teilnehmerzahl.")
    buero.get_by_role("button", name="Zurückgeben mit Kommentar").click()
    expect(buero.locator(".messagelist")).to_contain_text("zurückgegeben")

    # "neu melden" starts from the returned content, the comment above the form.
    partner.goto(f"{basis}/meine-sachstaende/")
    partner.get_by_role("link", name=re.compile("neu melden")).click()
    expect(partner.locator(".zurueckgegeben")).to_contain_text(
        "Bitte nennen Sie die Teilnehmerzahl."
    )
    expect(partner.get_by_role("textbox", name=re.compile("^Sachstand"))).to_have_value(
        "Drei Kurse laufen."
    )
    expect(partner.get_by_label("Fortschritt (%)")).to_have_value("45")
    assert_barrierefrei(axe_pruefen, partner)

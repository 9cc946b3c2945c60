"""The round form in real Chromium: reachable by keyboard and screen reader (axe-core), a row
filled with an attachment, submitted through a contact's personal link."""

import pytest

from measures import berichtsrunden, rundenzugaenge
from measures.models import Ansprechperson, Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from tests.measures.rundenhilfen import anfrage, zugang_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_contact_reports_through_the_link_in_the_browser(
    live_server, seite, axe_pruefen, personen, settings, tmp_path
):
    settings.ANHANG_ROOT = tmp_path
    plan = plan_anlegen(personen)
    runde = b.berichtsrunde()
    berichtsrunden.oeffnen(runde, mails=False)
    vera = Ansprechperson.objects.create(akteur=personen.akteur_b, name="Vera", email="v@x.de")
    ((_zugang, token),) = rundenzugaenge.ausstellen([vera], runde)
    a = anfrage(runde, personen.akteur_b, plan.a)

    assert seite.goto(live_server.url + zugang_url(token)).status == 200
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

    # One bad row: the page shows the error and keeps the text.
    seite.fill(f"#id_z{a.pk}-text", "Zwölf Kurse laufen.")
    seite.fill(f"#id_z{a.pk}-fortschritt", "150")
    with seite.expect_navigation():
        seite.click("button[name=einreichen]")
    assert seite.locator("#fehler").is_visible(), seite.content()[-3000:]
    assert seite.input_value(f"#id_z{a.pk}-text") == "Zwölf Kurse laufen."
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

    seite.fill(f"#id_z{a.pk}-fortschritt", "60")
    seite.set_input_files(
        f"#id_z{a.pk}-anhaenge",
        files=[{"name": "bericht.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    with seite.expect_navigation():
        seite.click("button[name=einreichen]")
    assert "wurden eingereicht" in seite.content()
    s = Sachstand.objects.get()
    assert (s.ansprechperson, s.fortschritt, s.anhaenge.count()) == (vera, 60, 1)

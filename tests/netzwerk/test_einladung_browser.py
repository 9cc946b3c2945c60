"""The invitation in real Chromium: open the link from the mail, set a password, land as a
member; the page and its "no longer valid" sibling have no serious WCAG violation (axe-core)."""

import pytest
from django.contrib.auth.models import User

from measures.models import Ansprechperson
from measures.permissions import akteure_von
from netzwerk import einladungen
from tests.netzwerk.conftest import link_aus_mail
from tests.people import personen_anlegen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pfad(transactional_db):
    personen = personen_anlegen()
    person = Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Frieda Neu", email="frieda@example.org"
    )
    einladungen.einladen(person)  # autocommit: the mail goes out at once
    return link_aus_mail()


def test_accept_in_the_browser(live_server, seite, axe_pruefen, pfad):
    assert seite.goto(live_server.url + pfad).status == 200
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)
    seite.fill("#id_new_password1", "kurz")
    seite.fill("#id_new_password2", "kurz")
    seite.click("form.formular button[type=submit]")
    seite.wait_for_selector(".fehler-zusammenfassung")
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)
    seite.fill("#id_new_password1", "Ostsee-Wind-2026!")
    seite.fill("#id_new_password2", "Ostsee-Wind-2026!")
    seite.click("form.formular button[type=submit]")
    seite.wait_for_url("**/meine-massnahmen/")
    assert "Willkommen" in seite.content()
    user = User.objects.get(username="frieda@example.org")
    assert [a.name for a in akteure_von(user)] == ["Amt A"]

    # The same link again: the German page says it was used, and is accessible too.
    assert seite.goto(live_server.url + pfad).status == 410
    assert "bereits benutzt" in seite.content()
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)

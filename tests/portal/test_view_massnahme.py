"""A Maßnahme page; the internal note only for the Büro and the responsible Akteure."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOTIZ = "Vertraulich: Finanzierung erst ab Herbst gesichert."


def _seite(client, kennung="5.1.1-1a"):
    return client.get(reverse("measures:massnahme", kwargs={"kennung": kennung}))


def test_shows_text_goals_akteure_and_state(client, plan):
    response = _seite(client)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Maßnahme 5.1.1 / 1 a",
        "Sprachkitas ausbauen",
        "Alle Kinder lernen früh und gut Deutsch.",  # Leitziel
        "Sprachförderung in allen Kitas",  # Teilziel
        "Amt A",
        "(federführend)",
        "Verein B",
        "in Umsetzung",
        "im Plan",
        "40 %",
    ]:
        assert text in html, text
    assert 'href="/handlungsfelder/5.2/"' in html  # Verweis


def test_timeline_shows_only_approved_sachstaende(client, plan):
    html = _seite(client).content.decode()
    assert "Zwölf Kitas nehmen teil." in html
    assert "Entwurf: noch nicht geprüft." not in html


def test_unknown_or_malformed_kennung_is_404(client, plan):
    assert _seite(client, "5.1.1-1z").status_code == 404
    assert _seite(client, "5.1.1-9a").status_code == 404
    assert _seite(client, "kein-gueltiges").status_code == 404


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b", "buero"])
def test_internal_note_for_staff_and_every_responsible_akteur(client, plan, personen, wer):
    # Verein B is responsible for 1 a too (not leading), so partner_b may read the note.
    client.force_login(getattr(personen, wer))
    assert NOTIZ in _seite(client).content.decode()


@pytest.mark.parametrize("wer", [None, "buergerschaft", "partner_a"])
def test_internal_note_hidden_from_everyone_else(client, plan, personen, wer):
    # On 5.3 / 1 a only the Wohnungsgesellschaft is responsible: Akteur A's people see nothing.
    plan.m_wohnen.interne_notiz = "Nur intern: Mietpreise."
    plan.m_wohnen.save()
    if wer:
        client.force_login(getattr(personen, wer))
    html = _seite(client, "5.3-1a").content.decode()
    assert "Nur intern: Mietpreise." not in html
    assert "Interne Notiz" not in html


def test_anonymous_does_not_see_the_note_of_1a(client, plan):
    assert NOTIZ not in _seite(client).content.decode()


def test_report_link_only_for_responsible_partners(client, plan, personen):
    melden = 'href="/massnahmen/5.1.1-1a/sachstand/neu/"'
    assert melden not in _seite(client).content.decode()
    client.force_login(personen.buero)
    assert melden not in _seite(client).content.decode()
    client.force_login(personen.kollegin_a)
    assert melden in _seite(client).content.decode()

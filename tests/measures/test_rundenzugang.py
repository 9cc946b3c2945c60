"""Reporting without an account: the personal link of the round's mail opens the round form."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from measures import berichtsrunden, rundenzugaenge
from measures.choices import Pruefstatus
from measures.models import Ansprechperson, Rundenzugang, Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from tests.measures.rundenhilfen import anfrage, zeile, zugang_url
from versand.models import Mail


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def verein(personen):
    """A contact of Verein B without an account."""
    return Ansprechperson.objects.create(
        akteur=personen.akteur_b, name="Vera Verein", email="Vera@verein-b.example"
    )


@pytest.fixture
def runde(plan, verein, django_capture_on_commit_callbacks):
    runde = b.berichtsrunde(titel="Sachstandsbericht 2026")
    with django_capture_on_commit_callbacks(execute=True):
        berichtsrunden.oeffnen(runde)
    return runde


def token_aus(nachricht):
    (pfad,) = re.findall(r"/melden/([A-Za-z0-9_-]{20,})/", nachricht.body)
    return pfad


@pytest.fixture
def token(runde):
    (an_vera,) = [m for m in mail.outbox if m.to == ["Vera@verein-b.example"]]
    return token_aus(an_vera)


def test_the_contact_without_account_gets_a_personal_link(personen, plan, runde, token):
    an_vera = next(m for m in mail.outbox if m.to == ["Vera@verein-b.example"])
    assert "Guten Tag Vera Verein" in an_vera.body
    assert "5.2 / 1 a" in an_vera.body and "5.2 / 1 b" in an_vera.body
    assert "persönlich" in an_vera.body
    zugang = Rundenzugang.objects.get()
    assert (zugang.ansprechperson.name, zugang.akteur, zugang.berichtsrunde) == (
        "Vera Verein",
        personen.akteur_b,
        runde,
    )
    assert token not in zugang.token_hash  # only the hash is kept
    # The account holders got the form link, no token.
    an_b = next(m for m in mail.outbox if m.to == ["partner_b@example.org"])
    assert "/melden/" not in an_b.body.replace(f"/melden/{personen.akteur_b.slug}/", "")


def test_the_link_opens_the_form_for_exactly_the_akteurs_measures(client, plan, runde, token):
    seite = client.get(zugang_url(token))
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "Maßnahme 5.2 / 1 a" in inhalt and "Maßnahme 5.2 / 1 b" in inhalt
    assert "4.1.2 / 1 a" not in inhalt  # Amt A's
    assert "als Vera Verein (ohne Benutzerkonto)" in inhalt
    assert seite["Referrer-Policy"] == "same-origin"


def test_submitted_through_the_link_names_the_contact(client, personen, plan, runde, token, verein):
    a = anfrage(runde, personen.akteur_b, plan.a)
    antwort = client.post(zugang_url(token), {**zeile(a, text="Über den Link"), "einreichen": "1"})
    assert antwort.status_code == 302
    s = Sachstand.objects.get()
    assert s.ansprechperson == verein and s.eingereicht_von is None
    assert (s.akteur, s.pruefstatus) == (personen.akteur_b, Pruefstatus.EINGEREICHT)
    # Reviewed like every other; the admin names the contact.
    client.force_login(personen.buero)
    seite = client.get(reverse("admin:measures_sachstand_change", args=[s.pk]))
    assert "Vera Verein (Ansprechperson ohne Konto)" in seite.content.decode()


def test_a_draft_through_the_link(client, personen, plan, runde, token):
    a = anfrage(runde, personen.akteur_b, plan.a)
    client.post(zugang_url(token), {**zeile(a, text="Entwurf per Link"), "entwurf": "1"})
    assert "Entwurf per Link" in client.get(zugang_url(token)).content.decode()


def test_a_foreign_anfrage_posted_through_the_link_does_nothing(
    client, personen, plan, runde, token
):
    fremd = anfrage(runde, personen.akteur_a, plan.d)
    client.post(zugang_url(token), {**zeile(fremd, text="untergeschoben"), "einreichen": "1"})
    assert not Sachstand.objects.exists()


def test_a_tampered_token_is_unknown(client, runde, token):
    falsch = token[:-1] + ("A" if token[-1] != "A" else "B")
    seite = client.get(zugang_url(falsch))
    assert seite.status_code == 404
    inhalt = seite.content.decode()
    assert "Diesen Link kennen wir nicht" in inhalt and "Neuen Link anfordern" in inhalt


def test_after_closing_the_link_is_refused(client, personen, plan, runde, token):
    berichtsrunden.schliessen(runde)
    seite = client.get(zugang_url(token))
    assert seite.status_code == 410
    assert "nicht mehr offen" in seite.content.decode()
    a = anfrage(runde, personen.akteur_b, plan.a)
    assert client.post(zugang_url(token), {**zeile(a, text="zu spät")}).status_code == 410
    assert not Sachstand.objects.exists()


def test_another_rounds_token_opens_nothing_of_this_round(
    client, personen, plan, runde, token, verein
):
    """A link of a former round stays shut when the next round is open."""
    berichtsrunden.schliessen(runde)
    neue = b.berichtsrunde(titel="Nächste Runde", stichtag="2027-06-30", faellig_am="2027-07-31")
    berichtsrunden.oeffnen(neue, mails=False)
    assert client.get(zugang_url(token)).status_code == 410
    # Nor does the service take the old link for the new round.
    (zugang,) = rundenzugaenge.ausstellen([verein], runde)
    from measures import sachstaende

    with pytest.raises(sachstaende.PermissionDenied):
        sachstaende.runde_einreichen(neue, personen.akteur_b, [], zugang=zugang[0])


def test_revoked_by_the_buero_in_the_admin(client, personen, plan, runde, token):
    buero = type(client)()
    buero.force_login(personen.buero)
    liste = reverse("admin:measures_rundenzugang_changelist")
    assert "Vera Verein" in buero.get(liste).content.decode()
    buero.post(
        liste,
        {"action": "widerrufen_aktion", "_selected_action": [Rundenzugang.objects.get().pk]},
    )
    seite = client.get(zugang_url(token))
    assert seite.status_code == 410
    assert "widerrufen" in seite.content.decode()


def test_a_link_revoked_while_the_form_is_open_takes_nothing(client, personen, plan, runde, token):
    a = anfrage(runde, personen.akteur_b, plan.a)
    assert client.get(zugang_url(token)).status_code == 200
    rundenzugaenge.widerrufen(Rundenzugang.objects.all())
    client.post(zugang_url(token), {**zeile(a, text="x"), "einreichen": "1"})
    assert not Sachstand.objects.exists()


def test_a_contact_moved_or_deactivated_loses_the_link(client, runde, token, verein):
    verein.aktiv = False
    verein.save()
    assert client.get(zugang_url(token)).status_code == 410


def test_too_many_requests_get_a_german_429(client, settings, runde, token):
    settings.RUNDENZUGANG_JE_LINK = 3
    for _ in range(3):
        assert client.get(zugang_url(token)).status_code == 200
    seite = client.get(zugang_url(token))
    assert seite.status_code == 429
    assert "Zu viele Anfragen" in seite.content.decode()


def test_guessing_tokens_from_one_client_is_limited(client, settings, runde):
    settings.RUNDENZUGANG_JE_CLIENT = 5
    status = [client.get(zugang_url(f"geraten{i:040d}")).status_code for i in range(6)]
    assert status == [404] * 5 + [429]


def test_a_new_link_is_mailed_to_a_known_address_and_the_page_says_the_same_either_way(
    client, runde, django_capture_on_commit_callbacks
):
    url = reverse("measures:rundenzugang-anfordern")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bekannt = client.post(url, {"email": "vera@VEREIN-b.example"})
    (nachricht,) = mail.outbox
    assert nachricht.to == ["Vera@verein-b.example"]
    assert Mail.objects.filter(anlass="rundenzugang").count() == 1
    assert client.get(zugang_url(token_aus(nachricht))).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unbekannt = client.post(url, {"email": "niemand@example.org"})
    assert len(mail.outbox) == 1
    text = "erhalten Sie in wenigen Minuten eine E-Mail"
    assert text in bekannt.content.decode() and text in unbekannt.content.decode()
    assert bekannt.status_code == unbekannt.status_code == 200


def test_requesting_links_is_limited_per_address(
    client, settings, runde, django_capture_on_commit_callbacks
):
    settings.MAIL_DROSSEL_JE_ADRESSE = 2
    mail.outbox.clear()
    url = reverse("measures:rundenzugang-anfordern")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            assert client.post(url, {"email": "vera@verein-b.example"}).status_code == 200
    assert len(mail.outbox) == 2


def test_a_malformed_address_gets_a_german_message(client, runde):
    seite = client.post(reverse("measures:rundenzugang-anfordern"), {"email": "kein-at"})
    assert seite.status_code == 400
    assert "gültige E-Mail-Adresse" in seite.content.decode()

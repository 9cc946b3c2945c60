"""Invitations (netzwerk/einladungen.py, netzwerk/views.py): one-time, expiring, hashed links.

The story: the Büro invites Frieda Neu (a contact of Akteur A without account); she opens the
link from the mail, sets a password and reports for A. Then every way the link can fail, and
the attacker's tries: replay, another person's token, a tampered token, a foreign account.
"""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from measures.models import Ansprechperson
from measures.permissions import akteure_von
from measures.roles import NETZWERKPARTNER
from netzwerk import einladungen
from netzwerk.models import Einladung
from tests.netzwerk.conftest import link_aus_mail
from versand.models import Mail

pytestmark = pytest.mark.django_db

PASSWORT = {"new_password1": "Ostsee-Wind-2026!", "new_password2": "Ostsee-Wind-2026!"}


def einladen(person, capture, von=None):
    with capture(execute=True):
        einladungen.einladen(person, von=von)
    return link_aus_mail()


def test_invitation_mail_link_password_membership(
    client, kontakt, personen, django_capture_on_commit_callbacks
):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks, von=personen.buero)
    nachricht = mail.outbox[-1]
    assert nachricht.to == ["Frieda.Neu@example.org"]
    assert "Amt A" in nachricht.subject and "Guten Tag Frieda Neu" in nachricht.body
    gespeichert = Mail.objects.get(anlass="einladung")
    assert gespeichert.bezug == f"ansprechperson:{kontakt.pk}"
    # Only the hash is stored: the token from the mail is nowhere in the database.
    token = pfad.split("/")[2]
    einladung = Einladung.objects.get()
    assert einladung.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in einladung.token_hash
    assert einladung.eingeladen_von == personen.buero

    seite = client.get(pfad)
    assert seite.status_code == 200
    assert "frieda.neu@example.org" in seite.content.decode().lower()
    antwort = client.post(pfad, PASSWORT)
    assert antwort.status_code == 302 and antwort["Location"] == reverse(
        "measures:meine-massnahmen"
    )

    user = User.objects.get(username="frieda.neu@example.org")
    assert user.email == "Frieda.Neu@example.org" and user.check_password("Ostsee-Wind-2026!")
    assert user.groups.filter(name=NETZWERKPARTNER).exists()
    kontakt.refresh_from_db()
    assert kontakt.user == user
    assert list(akteure_von(user)) == [personen.akteur_a]
    assert client.get(reverse("measures:meine-massnahmen")).wsgi_request.user == user
    # The history says how the account came to the row.
    assert kontakt.history.first().history_change_reason == "Einladung angenommen"


def test_weak_passwords_are_refused_in_german_and_nothing_is_created(
    client, kontakt, django_capture_on_commit_callbacks
):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    seite = client.post(pfad, {"new_password1": "frieda", "new_password2": "frieda"})
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "Bitte korrigieren Sie Ihre Angaben" in inhalt and "zu kurz" in inhalt
    seite = client.post(pfad, {"new_password1": "Ostsee-Wind-2026!", "new_password2": "anders"})
    assert "nicht identisch" in seite.content.decode()
    assert not User.objects.filter(username__icontains="frieda").exists()
    assert Einladung.objects.get().eingeloest_am is None


def test_replay_a_used_link_says_so(client, kontakt, django_capture_on_commit_callbacks):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    client.post(pfad, PASSWORT)
    client.logout()
    for methode in (client.get, client.post):
        seite = methode(pfad, PASSWORT)
        assert seite.status_code == 410
        assert "bereits benutzt" in seite.content.decode()
    assert User.objects.filter(username="frieda.neu@example.org").count() == 1


def test_expired_link_says_so(client, kontakt, settings, django_capture_on_commit_callbacks):
    settings.EINLADUNG_GUELTIG_TAGE = 14
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        seite = client.post(pfad, PASSWORT)
    assert seite.status_code == 410 and "abgelaufen" in seite.content.decode()
    assert "Büro für Integration" in seite.content.decode()
    kontakt.refresh_from_db()
    assert kontakt.user is None


def test_a_new_invitation_revokes_the_older(client, kontakt, django_capture_on_commit_callbacks):
    alt = einladen(kontakt, django_capture_on_commit_callbacks)
    neu = einladen(kontakt, django_capture_on_commit_callbacks)
    seite = client.get(alt)
    assert seite.status_code == 410 and "widerrufen" in seite.content.decode()
    assert client.get(neu).status_code == 200


def test_unknown_and_tampered_tokens(client, kontakt, django_capture_on_commit_callbacks):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    token = pfad.split("/")[2]
    verfaelscht = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get("/einladung/..%2F../").status_code == 404  # no route at all
    for falsch in (verfaelscht, "x", "a" * 300, token.upper()):
        seite = client.get(f"/einladung/{falsch}/")
        assert seite.status_code == 404, falsch
        assert "kennen wir nicht" in seite.content.decode()
        assert client.post(f"/einladung/{falsch}/", PASSWORT).status_code == 404
    assert not User.objects.filter(email__iexact=kontakt.email).exists()


def test_a_token_is_for_its_own_person_only(
    client, kontakt, personen, django_capture_on_commit_callbacks
):
    anderer = Ansprechperson.objects.create(
        akteur=personen.akteur_b, name="Otto Anders", email="otto@example.org"
    )
    pfad_frieda = einladen(kontakt, django_capture_on_commit_callbacks)
    einladen(anderer, django_capture_on_commit_callbacks)
    client.post(pfad_frieda, PASSWORT)
    user = User.objects.get(username="frieda.neu@example.org")
    # Frieda's link made her a member of A only; Otto's row is untouched.
    assert list(akteure_von(user)) == [personen.akteur_a]
    anderer.refresh_from_db()
    assert anderer.user is None


def test_deactivated_contact_link_is_revoked(client, kontakt, django_capture_on_commit_callbacks):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    kontakt.aktiv = False
    kontakt.save()
    seite = client.post(pfad, PASSWORT)
    assert seite.status_code == 410 and "widerrufen" in seite.content.decode()
    assert not User.objects.filter(username="frieda.neu@example.org").exists()


def test_who_cannot_be_invited(kontakt, personen):
    mitglied = Ansprechperson.objects.get(user=personen.partner_a)
    ohne_adresse = Ansprechperson.objects.create(akteur=personen.akteur_b, name="Ohne Adresse")
    kontakt.aktiv = False
    for person, text in (
        (mitglied, "bereits ein Benutzerkonto"),
        (ohne_adresse, "keine E-Mail-Adresse"),
        (kontakt, "deaktiviert"),
    ):
        with pytest.raises(ValidationError, match=text):
            einladungen.einladen(person)
    assert not Einladung.objects.exists() and not Mail.objects.exists()


# --- an account with the address exists already ------------------------------------------------


@pytest.fixture
def vorhanden(django_user_model):
    return django_user_model.objects.create_user(
        "frieda", "frieda.neu@example.org", "Altes-Passwort-77"
    )


def test_existing_account_is_asked_to_log_in_and_link(
    client, kontakt, vorhanden, personen, django_capture_on_commit_callbacks
):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    seite = client.get(pfad)
    inhalt = seite.content.decode()
    assert "gibt es bereits ein Konto" in inhalt and reverse("login") in inhalt
    # A password post does not create a second account with the same address.
    client.post(pfad, PASSWORT)
    assert User.objects.filter(email__iexact=kontakt.email).count() == 1
    kontakt.refresh_from_db()
    assert kontakt.user is None

    client.force_login(vorhanden)
    assert "verknüpfen" in client.get(pfad).content.decode()
    antwort = client.post(pfad)
    assert antwort.status_code == 302
    kontakt.refresh_from_db()
    assert kontakt.user == vorhanden
    assert list(akteure_von(vorhanden)) == [personen.akteur_a]
    assert vorhanden.check_password("Altes-Passwort-77")  # unchanged


def test_a_foreign_account_cannot_take_the_invitation(
    client, kontakt, vorhanden, personen, django_capture_on_commit_callbacks
):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    client.force_login(personen.partner_b)
    seite = client.get(pfad)
    assert "mit einem anderen Konto angemeldet" in seite.content.decode()
    client.post(pfad)
    kontakt.refresh_from_db()
    assert kontakt.user is None
    assert list(akteure_von(personen.partner_b)) == [personen.akteur_b]


def test_no_account_enumeration_without_a_valid_token(client, vorhanden):
    # An unknown token answers the same whether or not an account exists for some address.
    seite = client.get("/einladung/" + "A" * 43 + "/")
    assert seite.status_code == 404
    assert "bereits ein Konto" not in seite.content.decode()


def test_a_link_dies_when_the_person_changes(
    client, kontakt, personen, django_capture_on_commit_callbacks
):
    pfad = einladen(kontakt, django_capture_on_commit_callbacks)
    kontakt.email = "neu@example.org"
    kontakt.save()
    assert client.get(pfad).status_code == 410
    kontakt.email = "Frieda.Neu@example.org"
    # The Büro linked an account by hand meanwhile.
    kontakt.user = User.objects.create_user("frieda-hand", "", "x")
    kontakt.save()
    assert client.post(pfad, PASSWORT).status_code == 410
    kontakt.refresh_from_db()
    assert kontakt.user.username == "frieda-hand"

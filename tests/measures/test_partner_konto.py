"""Accounts: login, logout, password change and reset by e-mail, in German."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_german_and_logs_in_to_meine_massnahmen(client, personen):
    seite = client.get(reverse("login"))
    inhalt = seite.content.decode()
    assert seite.status_code == 200
    assert "<h1>Anmelden</h1>" in inhalt
    assert "Passwort vergessen?" in inhalt
    response = client.post(reverse("login"), {"username": "partner_a", "password": "geheim-12345"})
    assert response.status_code == 302
    assert response["Location"] == reverse("konten:start")  # the landing of every role
    assert client.get(reverse("konten:start"))["Location"] == reverse("measures:meine-massnahmen")
    assert client.get(reverse("measures:meine-massnahmen")).context["user"] == personen.partner_a


def test_wrong_password_is_refused_with_a_german_message(client, personen):
    response = client.post(reverse("login"), {"username": "partner_a", "password": "falsch"})
    assert response.status_code == 200
    assert "Fehler:" in response.content.decode()
    assert "Benutzername" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_login_returns_to_the_page_asked_for(client, personen):
    ziel = reverse("measures:meine-sachstaende")
    response = client.post(
        reverse("login") + f"?next={ziel}",
        {"username": "partner_a", "password": "geheim-12345", "next": ziel},
    )
    assert response["Location"] == ziel


def test_logout_needs_post_and_ends_the_session(client, personen):
    client.force_login(personen.partner_a)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:overview")
    assert client.get(reverse("measures:meine-massnahmen")).status_code == 302


def test_password_change(client, personen):
    assert client.get(reverse("password_change")).status_code == 302  # login first
    client.force_login(personen.partner_a)
    seite = client.get(reverse("password_change"))
    assert "<h1>Passwort ändern</h1>" in seite.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "geheim-12345",
            "new_password1": "Ostsee-Wind-2026",
            "new_password2": "Ostsee-Wind-2026",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    personen.partner_a.refresh_from_db()
    assert personen.partner_a.check_password("Ostsee-Wind-2026")


def test_password_reset_by_email(client, personen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "partner_a@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["partner_a@example.org"]
    assert "neues Passwort" in nachricht.subject
    assert "partner_a" in nachricht.body
    link = re.search(r"https?://[^/\s]+(/konto/reset/\S+)", nachricht.body).group(1)
    formular = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in formular.content.decode()
    response = client.post(
        formular.redirect_chain[-1][0],
        {"new_password1": "Warnemuende-2026!", "new_password2": "Warnemuende-2026!"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    personen.partner_a.refresh_from_db()
    assert personen.partner_a.check_password("Warnemuende-2026!")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(
    client, personen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []

"""A mail with a sign-in link is logged, but its link is never readable in the admin: otherwise
staff could reset a superuser's password and read the link (issue 14: no rights one lacks)."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail as django_mail
from django.urls import reverse

from versand.mail import GELOESCHT
from versand.models import Mail, MailStatus

pytestmark = pytest.mark.django_db


def test_reset_mail_is_logged_and_its_link_erased_once_sent(
    client, personen, django_capture_on_commit_callbacks
):
    User.objects.create_superuser("chefin", "chefin@example.org", "geheim-12345")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "chefin@example.org"})
    (nachricht,) = django_mail.outbox
    link = re.search(r"/konto/reset/\S+", nachricht.body).group(0)

    protokoll = Mail.objects.get()
    assert (protokoll.anlass, protokoll.status) == ("passwort", MailStatus.VERSENDET)
    assert protokoll.vertraulich and protokoll.text == GELOESCHT

    client.force_login(personen.buero)
    seite = client.get(reverse("admin:versand_mail_change", args=[protokoll.pk]))
    assert seite.status_code == 200
    assert link not in seite.content.decode()


def test_a_waiting_confidential_mail_hides_its_text_in_the_admin(client, personen):
    mail = Mail.objects.create(
        empfaenger="chefin@example.org",
        betreff="Passwort",
        text="https://portal/konto/reset/MQ/geheim-token/",
        anlass="passwort",
        vertraulich=True,
    )
    client.force_login(personen.buero)
    inhalt = client.get(reverse("admin:versand_mail_change", args=[mail.pk])).content.decode()
    assert "geheim-token" not in inhalt
    assert "vertraulich" in inhalt


def test_buero_link_for_a_new_account_goes_through_versand(
    personen, django_capture_on_commit_callbacks
):
    from konten.passwort import passwort_link_senden

    nora = User.objects.create_user("nora", "nora@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert passwort_link_senden(nora)
    assert Mail.objects.get().empfaenger == "nora@example.org"
    assert [m.to for m in django_mail.outbox] == [["nora@example.org"]]
    assert not passwort_link_senden(User.objects.create_user("ohne_adresse"))


def test_feedback_is_logged_with_the_sender_as_reply_address(
    client, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("measures:kontakt"),
            {"betreff": "Frage", "nachricht": "Wann?", "email": "erika@example.org"},
        )
    protokoll = Mail.objects.get()
    assert (protokoll.anlass, protokoll.empfaenger) == ("feedback", settings.FEEDBACK_EMAIL)
    assert protokoll.antwort_an == "erika@example.org"
    assert not protokoll.vertraulich

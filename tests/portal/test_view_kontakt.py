"""The feedback form: a valid message goes by e-mail to FEEDBACK_EMAIL, an invalid one does not."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def empfaenger(settings):
    settings.FEEDBACK_EMAIL = "feedback@example.org"
    return settings.FEEDBACK_EMAIL


def test_form_has_csrf_token(client):
    html = client.get(reverse("measures:kontakt")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<form method="post"' in html


def test_valid_message_is_sent(client, mailoutbox, empfaenger, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("measures:kontakt"),
            {
                "name": "Erika Muster",
                "email": "erika@example.org",
                "betreff": "Frage zu 5.2",
                "nachricht": "Wann beginnt die Maßnahme?",
                "seite": "/massnahmen/5.2-1a/",
            },
            follow=True,
        )
    assert response.status_code == 200
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [empfaenger]
    assert "Frage zu 5.2" in mail.subject
    assert "Wann beginnt die Maßnahme?" in mail.body
    assert "erika@example.org" in mail.body
    assert "/massnahmen/5.2-1a/" in mail.body
    assert mail.reply_to == ["erika@example.org"]  # the Büro answers with "Reply"
    assert "Vielen Dank" in response.content.decode()


def test_invalid_message_is_shown_again_with_german_errors(client, mailoutbox, empfaenger):
    response = client.post(
        reverse("measures:kontakt"),
        {"email": "keine-adresse", "betreff": "", "nachricht": "Mein Text bleibt stehen"},
    )
    assert response.status_code == 200
    assert mailoutbox == []
    html = response.content.decode()
    assert "Bitte korrigieren Sie Ihre Angaben" in html
    assert "Bitte geben Sie einen Betreff ein." in html
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in html
    assert "Mein Text bleibt stehen" in html
    assert 'aria-invalid="true"' in html


def test_honeypot_filled_sends_nothing(client, mailoutbox, empfaenger):
    client.post(
        reverse("measures:kontakt"),
        {"betreff": "Angebot", "nachricht": "Spam", "website": "http://spam.example"},
    )
    assert mailoutbox == []


def test_post_without_csrf_token_is_refused(mailoutbox, empfaenger):
    from django.test import Client

    strenger_client = Client(enforce_csrf_checks=True)
    response = strenger_client.post(reverse("measures:kontakt"), {"betreff": "x", "nachricht": "y"})
    assert response.status_code == 403
    assert mailoutbox == []


def test_name_and_email_fields_say_what_they_hold(client):
    """WCAG 1.3.5: browsers and assistive tools can fill in and label the person's own data."""
    html = client.get(reverse("measures:kontakt")).content.decode()
    assert 'name="name"' in html and 'autocomplete="name"' in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    # The trap field for bots stays out of autofill.
    assert 'name="website"' in html and 'autocomplete="off"' in html

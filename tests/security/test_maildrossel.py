"""Mails anonymous visitors can trigger are limited per address and per client (issue 12, 10).

Before: 15 reset mails to one account and 30 feedback mails within a second.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
KONTAKT = reverse("measures:kontakt")


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Mail goes out on commit (versand): each POST here commits as a live request does."""
    post = client.post

    def post_mit_commit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_mit_commit
    return client


@pytest.fixture(autouse=True)
def grenzen(settings):
    settings.MAIL_DROSSEL_JE_ADRESSE = 3
    settings.MAIL_DROSSEL_JE_CLIENT = 6
    settings.MAIL_DROSSEL_SEKUNDEN = 3600


def _reset(client, adresse, ip="203.0.113.7"):
    return client.post(RESET, {"email": adresse}, REMOTE_ADDR=ip)


def test_reset_mails_to_one_account_are_limited(client, personen, mailoutbox):
    antworten = [_reset(client, "partner_a@example.org", ip=f"198.51.100.{i}") for i in range(15)]
    assert len(mailoutbox) == 3
    # Every request ends on the same "sent" page: nothing tells whether mails still go out.
    assert {(a.status_code, a["Location"]) for a in antworten} == {
        (302, reverse("password_reset_done"))
    }


def test_reset_answers_the_same_for_unknown_addresses(client, personen, mailoutbox):
    bekannt = [_reset(client, "partner_a@example.org", ip=f"198.51.100.{i}") for i in range(5)]
    unbekannt = [_reset(client, "niemand@example.org", ip=f"192.0.2.{i}") for i in range(5)]
    assert [(a.status_code, a["Location"]) for a in bekannt] == [
        (a.status_code, a["Location"]) for a in unbekannt
    ]
    assert all(m.to == ["partner_a@example.org"] for m in mailoutbox)


def test_reset_requests_of_one_client_are_limited(client, personen, mailoutbox):
    for i in range(6):
        assert _reset(client, f"jemand{i}@example.org").status_code == 302
    antwort = _reset(client, "partner_a@example.org")
    assert antwort.status_code == 200
    assert "zu viele Anfragen" in antwort.content.decode()
    assert len(mailoutbox) == 0
    # Another client is not affected.
    assert _reset(client, "partner_a@example.org", ip="203.0.113.99").status_code == 302
    assert len(mailoutbox) == 1


def _feedback(client, absender="", ip="203.0.113.7"):
    daten = {"betreff": "Frage", "nachricht": "Wann beginnt die Maßnahme?", "email": absender}
    return client.post(KONTAKT, daten, REMOTE_ADDR=ip)


def test_feedback_mails_are_limited_per_client(client, mailoutbox):
    antworten = [_feedback(client) for _ in range(30)]
    assert len(mailoutbox) == 6
    letzte = antworten[-1]
    assert letzte.status_code == 200
    assert "viele Nachrichten gesendet" in letzte.content.decode()
    assert _feedback(client, ip="203.0.113.99").status_code == 302


def test_feedback_mails_are_limited_per_sender_address(client, mailoutbox):
    for i in range(5):
        _feedback(client, absender="erika@example.org", ip=f"198.51.100.{i}")
    assert len(mailoutbox) == 3


def test_throttle_keys_hold_no_address_in_clear(client, personen):
    _reset(client, "partner_a@example.org")
    _feedback(client, absender="erika@example.org")
    schluessel = " ".join(str(k) for k in cache._cache)  # LocMemCache in tests
    assert "maildrossel" in schluessel
    for klartext in ("partner_a@example.org", "erika@example.org", "203.0.113.7"):
        assert klartext not in schluessel

"""Login throttling: after AXES_FAILURE_LIMIT wrong passwords the pair (account, address) is
locked out — on the site's login, the admin's login and the API — and the security log says so.

Real POSTs to the login views (the test client's login() bypasses them).
"""

import base64
import logging

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

PASSWORT = "richtig-und-lang-genug-42"


@pytest.fixture
def konto(db):
    return User.objects.create_user("sabine", "sabine@example.org", PASSWORT, is_staff=True)


def anmelden(client, url, passwort, ip="198.51.100.7"):
    return client.post(
        url, {"username": "sabine", "password": passwort}, REMOTE_ADDR=ip, follow=False
    )


def angemeldet(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_locked_out_after_five_failures_even_with_the_right_password(
    client, konto, settings, url_name
):
    url = reverse(url_name)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        antwort = anmelden(client, url, "falsch")
        assert antwort.status_code == 200  # the form again, with its error
    antwort = anmelden(client, url, "falsch")
    assert antwort.status_code == 429

    antwort = anmelden(client, url, PASSWORT)
    assert antwort.status_code == 429
    assert not angemeldet(client)
    inhalt = antwort.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in inhalt
    assert "15 Minuten" in inhalt


def test_fewer_failures_do_not_lock_and_success_resets_the_count(client, konto, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        anmelden(client, url, "falsch")
    assert anmelden(client, url, PASSWORT).status_code == 302
    assert angemeldet(client)
    client.logout()
    # The count started again: four more failures still do not lock.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert anmelden(client, url, "falsch").status_code == 200
    assert anmelden(client, url, PASSWORT).status_code == 302


def test_lockout_holds_the_pair_not_the_account_everywhere(client, konto, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anmelden(client, url, "falsch", ip="203.0.113.66")
    assert anmelden(client, url, PASSWORT, ip="203.0.113.66").status_code == 429
    # The owner in the town hall, at another address, still gets in.
    assert anmelden(client, url, PASSWORT, ip="198.51.100.7").status_code == 302


def test_lockout_ends_after_the_cooloff(client, konto, settings):
    from axes.models import AccessAttempt

    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anmelden(client, url, "falsch")
    assert anmelden(client, url, PASSWORT).status_code == 429
    # Time passes: the attempts age beyond the cool-off period.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time.replace(year=2000)
    )
    assert anmelden(client, url, PASSWORT).status_code == 302


def test_api_password_authentication_is_locked_out_too(konto, settings):
    """DRF's password authentication (basic auth) passes the request: axes counts and locks.

    The portal's API itself takes sessions and tokens only (no password endpoint); this guards
    the day someone enables basic auth for a partner tool.
    """
    factory = APIRequestFactory()

    def api(passwort):
        token = base64.b64encode(f"sabine:{passwort}".encode()).decode()
        anfrage = factory.get(
            "/api/v1/sachstaende/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR="192.0.2.9"
        )
        try:
            return BasicAuthentication().authenticate(Request(anfrage))
        except AuthenticationFailed:
            return None

    assert api(PASSWORT)[0] == konto
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert api("falsch") is None
    assert api(PASSWORT) is None


def test_security_log_records_failures_successes_and_lockout(client, konto, settings, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    url = reverse("login")
    anmelden(client, url, PASSWORT, ip="198.51.100.1")
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anmelden(client, url, "falsch", ip="198.51.100.2")

    ereignisse = [
        (r.ereignis, r.benutzer, r.ip)
        for r in caplog.records
        if r.name == "integration_portal.security"
    ]
    assert ("anmeldung", "sabine", "198.51.100.1") in ereignisse
    assert [e[1] for e in ereignisse if e[0] == "abmeldung"] == ["sabine"]
    fehl = [e for e in ereignisse if e[0] == "anmeldung_fehlgeschlagen"]
    assert len(fehl) == settings.AXES_FAILURE_LIMIT
    assert all(e[1:] == ("sabine", "198.51.100.2") for e in fehl)
    assert ("gesperrt", "sabine", "198.51.100.2") in ereignisse
    # The password never reaches the log.
    assert "falsch" not in caplog.text
    assert PASSWORT not in caplog.text


def test_refused_permission_is_logged(client, caplog, db):
    """Staff without the permission for user accounts is refused there; the log names them."""
    caplog.set_level(logging.WARNING, logger="integration_portal.security")
    praktikant = User.objects.create_user("praktikant", password=PASSWORT, is_staff=True)
    client.force_login(praktikant)
    url = reverse("admin:auth_user_changelist")
    assert client.get(url, REMOTE_ADDR="198.51.100.3").status_code == 403
    verweigert = [r for r in caplog.records if getattr(r, "ereignis", "") == "zugriff_verweigert"]
    assert [(r.benutzer, r.ip, r.pfad, r.methode) for r in verweigert] == [
        ("praktikant", "198.51.100.3", url, "GET")
    ]


def test_allowed_requests_are_not_logged_as_refused(client, caplog, db):
    caplog.set_level(logging.WARNING, logger="integration_portal.security")
    assert client.get(reverse("measures:overview")).status_code == 200
    assert not [r for r in caplog.records if getattr(r, "ereignis", "") == "zugriff_verweigert"]


def test_test_client_login_still_works(client, konto):
    """Tests elsewhere use client.login(): the lockout backend lets request-less calls through."""
    assert client.login(username="sabine", password=PASSWORT)
    assert not client.login(username="sabine", password="falsch")

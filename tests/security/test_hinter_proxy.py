"""Behind a reverse proxy: the login lockout, the API's throttling and the security log see the
client's address from the trusted proxy's header (TRUSTED_PROXY_COUNT), never the proxy's own
address and never a header the client forged.

Requests arrive as from nginx on the same machine: REMOTE_ADDR 127.0.0.1 and X-Forwarded-For
ending in the address nginx saw. Real POSTs to the login view (the test client's login()
bypasses axes). Time passes by moving axes' attempt times back (no sleeps).
"""

import logging
import random
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

PASSWORT = "richtig-und-lang-genug-42"
PROXY = "127.0.0.1"
CLIENT_A = "198.51.100.20"  # the guesser
CLIENT_B = "203.0.113.40"  # the account's owner, in the town hall


@pytest.fixture
def buero_konto(db):
    return User.objects.create_user("buero", "buero@example.org", PASSWORT, is_staff=True)


@pytest.fixture
def hinter_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def ueber_proxy(client, passwort, client_adresse, benutzer="buero", weitergeleitet=None):
    """A login POST as nginx passes it on: its own address, the client's appended to the header."""
    kette = f"{weitergeleitet}, {client_adresse}" if weitergeleitet else client_adresse
    return client.post(
        reverse("login"),
        {"username": benutzer, "password": passwort},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=kette,
    )


def direkt(client, passwort, remote_addr, benutzer="buero", **kopf):
    return client.post(
        reverse("login"),
        {"username": benutzer, "password": passwort},
        REMOTE_ADDR=remote_addr,
        **kopf,
    )


def zeit_vergeht(minuten):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minuten))


def test_five_wrong_passwords_from_client_a_do_not_lock_the_owner_on_client_b(
    client, buero_konto, hinter_nginx, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        ueber_proxy(client, "falsch", CLIENT_A)
    assert ueber_proxy(client, PASSWORT, CLIENT_A).status_code == 429
    # The owner, behind the same proxy but at another client address, logs in.
    assert ueber_proxy(client, PASSWORT, CLIENT_B).status_code == 302
    assert AccessAttempt.objects.get().ip_address == CLIENT_A


def test_forged_entries_left_of_the_proxys_do_not_dodge_the_lockout(
    client, buero_konto, hinter_nginx, settings
):
    """The guesser forges a new X-Forwarded-For each time; nginx appends the real address."""
    for i in range(settings.AXES_FAILURE_LIMIT):
        ueber_proxy(client, "falsch", CLIENT_A, weitergeleitet=f"10.9.8.{i}")
    assert ueber_proxy(client, PASSWORT, CLIENT_A, weitergeleitet="10.9.9.9").status_code == 429


def test_forged_header_is_ignored_without_a_trusted_proxy(client, buero_konto, settings):
    """TRUSTED_PROXY_COUNT = 0 (default): gunicorn is reached directly, no header is believed."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    for i in range(settings.AXES_FAILURE_LIMIT):
        direkt(client, "falsch", CLIENT_A, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    antwort = direkt(client, PASSWORT, CLIENT_A, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert antwort.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}
    # Claiming to be the owner's address in a header does not lock the owner either.
    assert direkt(client, PASSWORT, CLIENT_B).status_code == 302


def test_attempts_during_the_lockout_do_not_extend_it(client, buero_konto, hinter_nginx, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        ueber_proxy(client, "falsch", CLIENT_A)
    zeit_vergeht(10)
    # Ten minutes into the 15-minute lockout: refused, wrong or right password alike …
    assert ueber_proxy(client, "falsch", CLIENT_A).status_code == 429
    assert ueber_proxy(client, PASSWORT, CLIENT_A).status_code == 429
    zeit_vergeht(6)
    # … and 16 minutes after the last counted failure the lockout is over.
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert ueber_proxy(client, PASSWORT, CLIENT_A).status_code == 302


def test_one_client_cannot_try_many_accounts(client, db, hinter_nginx, settings):
    """Below the limit per account, but across accounts the address is capped."""
    settings.ANMELDESPERRE_JE_ADRESSE = 9
    for name in ["partner_a", "partner_b", "buero"]:
        User.objects.create_user(name, password=PASSWORT)
    for name in ["partner_a", "partner_b"]:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert ueber_proxy(client, "falsch", CLIENT_A, benutzer=name).status_code == 200
    # The ninth failure from this address, on a third account, reaches the cap.
    gesperrt = ueber_proxy(client, "falsch", CLIENT_A, benutzer="buero")
    assert gesperrt.status_code == 429
    assert "Nach 9 fehlgeschlagenen Anmeldeversuchen" in gesperrt.content.decode()
    assert "für alle Konten" in gesperrt.content.decode()
    assert ueber_proxy(client, PASSWORT, CLIENT_A, benutzer="buero").status_code == 429
    # Every account still opens from another client.
    for name in ["partner_a", "partner_b", "buero"]:
        assert ueber_proxy(client, PASSWORT, CLIENT_B, benutzer=name).status_code == 302
        client.logout()
    # The cap ends with the cool-off like the lockout of a pair.
    zeit_vergeht(16)
    assert ueber_proxy(client, PASSWORT, CLIENT_A, benutzer="buero").status_code == 302


def test_security_log_records_the_client_not_the_proxy(
    client, buero_konto, hinter_nginx, settings, caplog
):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    ueber_proxy(client, PASSWORT, CLIENT_B, weitergeleitet="10.0.0.1")
    client.post(reverse("logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_B)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        ueber_proxy(client, "falsch", CLIENT_A, weitergeleitet="10.0.0.1")
    ereignisse = {
        (r.ereignis, r.ip) for r in caplog.records if r.name == "integration_portal.security"
    }
    assert ereignisse == {
        ("anmeldung", CLIENT_B),
        ("abmeldung", CLIENT_B),
        ("anmeldung_fehlgeschlagen", CLIENT_A),
        ("gesperrt", CLIENT_A),
    }


@pytest.fixture
def fuenfzig_pro_minute(monkeypatch):
    # The class reads its rates once; the dict is the one from settings.REST_FRAMEWORK.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "50/minute")


def zufaellige_adresse(zufall):
    return ".".join(str(zufall.randint(1, 254)) for _ in range(4))


@pytest.mark.parametrize("proxies", [0, 1])
def test_api_rate_limit_holds_with_forged_forwarded_for(
    client, db, settings, fuenfzig_pro_minute, proxies
):
    """700 anonymous requests, each with a new forged X-Forwarded-For: 50 pass, 650 get 429."""
    settings.TRUSTED_PROXY_COUNT = proxies
    zufall = random.Random(12)
    status = []
    for _ in range(700):
        gefaelscht = zufaellige_adresse(zufall)
        if proxies:  # through nginx: the forged entry, then the one nginx appends
            kopf = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{gefaelscht}, {CLIENT_A}"}
        else:
            kopf = {"REMOTE_ADDR": CLIENT_A, "HTTP_X_FORWARDED_FOR": gefaelscht}
        status.append(client.get("/api/v1/akteure/", **kopf).status_code)
    assert status[:50] == [200] * 50
    assert status[50:] == [429] * 650


def test_api_rate_limit_is_per_client_behind_the_proxy(client, db, hinter_nginx, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    for _ in range(3):
        client.get("/api/v1/akteure/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    gesperrt = client.get("/api/v1/akteure/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    assert gesperrt.status_code == 429
    # Another client behind the same proxy is not held back by A.
    antwort = client.get("/api/v1/akteure/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert antwort.status_code == 200

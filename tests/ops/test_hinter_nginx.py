"""Through a real nginx (Debian's package): the portal records the client's address, not the
proxy's, and not what the client forged (TRUSTED_PROXY_COUNT=1).

nginx listens on 127.0.0.1; the client connects from 127.0.0.2 (all of 127/8 is loopback), so
that client and proxy have different addresses as they would in production.
"""

import http.client
import logging
import re
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from pytest_django.live_server_helper import LiveServer

from tests.nginx import Nginx, nginx_programm

pytestmark = pytest.mark.skipif(
    nginx_programm() is None, reason="nginx fehlt (Debian: apt-get install nginx-light)"
)

PORTAL_PORT = 8152
PROXY_PORT = 8153
CLIENT = "127.0.0.2"


@pytest.fixture
def portal(transactional_db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    server = LiveServer(f"127.0.0.1:{PORTAL_PORT}")
    yield server
    server.stop()


@pytest.fixture
def proxy(portal):
    with Nginx(PROXY_PORT, [PORTAL_PORT]) as nginx:
        yield nginx


def anfrage(methode, pfad, body=None, headers=None, client=CLIENT):
    verbindung = http.client.HTTPConnection(
        "127.0.0.1", PROXY_PORT, timeout=30, source_address=(client, 0)
    )
    try:
        verbindung.request(methode, pfad, body=body, headers=headers or {})
        antwort = verbindung.getresponse()
        return antwort, antwort.read().decode("utf-8", "replace")
    finally:
        verbindung.close()


def test_client_address_recorded_through_nginx(proxy, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    User.objects.create_user("buero", password="richtig-und-lang-genug-42")

    antwort, seite = anfrage("GET", "/konto/login/")
    assert antwort.status == 200
    cookie = re.search(r"csrftoken=([^;]+)", antwort.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite).group(1)
    daten = {"csrfmiddlewaretoken": token, "username": "buero", "password": "falsch"}
    antwort, _seite = anfrage(
        "POST",
        "/konto/login/",
        body=urlencode(daten),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            # Forged by the client; nginx appends the real address behind it.
            "X-Forwarded-For": "203.0.113.99",
        },
    )
    assert antwort.status == 200  # the form again, with its error

    fehlversuche = [
        r for r in caplog.records if getattr(r, "ereignis", "") == "anmeldung_fehlgeschlagen"
    ]
    assert [(r.benutzer, r.ip) for r in fehlversuche] == [("buero", CLIENT)]
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("buero", CLIENT)]


def test_nginx_limits_report_requests_per_client(proxy):
    """A client asking for reports without pause gets 429 from nginx (README "Betrieb"): 20 at
    once pass, the rest are refused without the portal computing anything; pages and other
    clients are not affected. The forged X-Forwarded-For does not help."""
    status = [
        anfrage("GET", "/berichte/", headers={"X-Forwarded-For": f"198.51.100.{i}"})[0].status
        for i in range(30)
    ]
    assert status.count(200) >= 20
    assert 429 in status
    assert status[-1] == 429
    assert anfrage("GET", "/")[0].status == 200
    assert anfrage("GET", "/berichte/", client="127.0.0.3")[0].status == 200

"""Through a real nginx (Debian's package, configured as README "Betrieb"): gzip, the weak
ETag, Last-Modified, 304 and Cache-Control reach the client as the portal sent them."""

import gzip
import http.client
import json

import pytest
from pytest_django.live_server_helper import LiveServer

from tests import builders as b
from tests.nginx import Nginx, nginx_programm

pytestmark = pytest.mark.skipif(
    nginx_programm() is None, reason="nginx fehlt (Debian: apt-get install nginx-light)"
)

# The ports of the helper "http" (not those of tests/ops/test_hinter_nginx.py).
PORTAL_PORT = 8240
PROXY_PORT = 8241


@pytest.fixture
def proxy(transactional_db, personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2", titel="Arbeit und Qualifizierung")
    b.massnahme(b.teilziel(hf, 1), "a", text="Beratung im Jobcenter " * 40)
    server = LiveServer(f"127.0.0.1:{PORTAL_PORT}")
    try:
        with Nginx(PROXY_PORT, [PORTAL_PORT]) as nginx:
            yield nginx
    finally:
        server.stop()


def holen(pfad, **kopf):
    verbindung = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=30)
    try:
        verbindung.request("GET", pfad, headers={"Host": "localhost", **kopf})
        antwort = verbindung.getresponse()
        return antwort, antwort.read()
    finally:
        verbindung.close()


@pytest.mark.parametrize("pfad", ["/api/v1/konzept/", "/massnahmen/5.2-1a/"])
def test_gzip_etag_and_304_pass_through_nginx(proxy, pfad):
    roh, roh_inhalt = holen(pfad)
    assert roh.status == 200
    gepackt, inhalt = holen(pfad, **{"Accept-Encoding": "gzip"})
    assert gepackt.status == 200
    assert gepackt.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(inhalt) == roh_inhalt
    assert len(inhalt) < len(roh_inhalt)
    if pfad.startswith("/api/"):
        assert json.loads(gzip.decompress(inhalt))
    etag = gepackt.getheader("ETag")
    assert etag == roh.getheader("ETag")
    assert etag.startswith('W/"')
    assert {"public", "max-age=60"} == {
        teil.strip() for teil in gepackt.getheader("Cache-Control").split(",")
    }
    assert "Accept-Encoding" in gepackt.getheader("Vary")
    nicht_geaendert, leer = holen(pfad, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert nicht_geaendert.status == 304
    assert not leer
    assert nicht_geaendert.getheader("ETag") == etag
    seit = gepackt.getheader("Last-Modified")
    assert holen(pfad, **{"If-Modified-Since": seit})[0].status == 304

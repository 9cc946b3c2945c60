"""401 for missing or refused credentials (with ``WWW-Authenticate``), 403 only for "known but
not allowed" – for every role and kind of endpoint."""

import pytest

from konten.tokens import token_erstellen
from measures.models import Sachstand
from monitoring.models import Messwert
from tests import builders as b
from tests.api.beispiele import SACHSTAND

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    b.zustaendigkeit(b.massnahme(b.teilziel(hf, 1), "a"), personen.akteur_a, federfuehrend=True)
    b.indikator("arbeitslose")
    return personen


def messwert():
    return {"indikator": "arbeitslose", "datum": "2024", "wert": "12.5"}


SCHREIBEN = [
    ("/api/v1/sachstaende/", SACHSTAND),
    ("/api/v1/messwerte/", None),
    ("/api/v1/messwerte/bulk/", None),
]


def _daten(url, daten):
    if daten is not None:
        return daten
    return [messwert()] if url.endswith("bulk/") else messwert()


def _nichts_geschrieben():
    return not Sachstand.objects.exists() and not Messwert.objects.exists()


@pytest.mark.parametrize(("url", "daten"), SCHREIBEN)
def test_anonymous_write_is_401_with_www_authenticate(client, plan, url, daten):
    antwort = client.post(url, _daten(url, daten), content_type="application/json")
    assert antwort.status_code == 401
    assert antwort["WWW-Authenticate"] == "Token"
    assert antwort["Content-Type"] == "application/problem+json"
    assert antwort.json()["code"] == "nicht_angemeldet"
    assert _nichts_geschrieben()


@pytest.mark.parametrize(
    "kopf", ["Token falsch", "Token ", "Token a b", "Token \xe4\xf6", "token 0123456789abcdef"]
)
@pytest.mark.parametrize(("url", "daten"), SCHREIBEN)
def test_a_bad_token_is_401(client, plan, url, daten, kopf):
    antwort = client.post(
        url, _daten(url, daten), content_type="application/json", HTTP_AUTHORIZATION=kopf
    )
    assert antwort.status_code == 401
    assert antwort["WWW-Authenticate"] == "Token"
    assert antwort.json()["detail"]
    assert _nichts_geschrieben()


@pytest.mark.parametrize("url", ["/api/v1/massnahmen/", "/api/v1/messwerte/", "/api/v1/konzept/"])
def test_a_bad_token_on_a_public_read_is_401_too(client, plan, url):
    """Credentials that are sent must be right: a client learns its token is gone."""
    antwort = client.get(url, HTTP_AUTHORIZATION="Token abgelaufen")
    assert antwort.status_code == 401
    assert antwort["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("url", ["/api/v1/massnahmen/", "/api/v1/messwerte/", "/api/v1/konzept/"])
def test_public_reads_need_no_login(client, plan, url):
    assert client.get(url).status_code == 200


def test_revoked_token_is_401(client, plan):
    token, geheimnis = token_erstellen(plan.partner_a)
    token.delete()
    antwort = client.post(
        "/api/v1/sachstaende/",
        SACHSTAND,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {geheimnis}",
    )
    assert antwort.status_code == 401
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize("anmeldung", ["sitzung", "token"])
def test_partner_b_writing_for_a_measure_of_a_is_403(client, plan, anmeldung):
    kopf = {}
    if anmeldung == "sitzung":
        client.force_login(plan.partner_b)
    else:
        kopf["HTTP_AUTHORIZATION"] = f"Token {token_erstellen(plan.partner_b)[1]}"
    antwort = client.post(
        "/api/v1/sachstaende/", SACHSTAND, content_type="application/json", **kopf
    )
    assert antwort.status_code == 403
    assert "WWW-Authenticate" not in antwort
    assert antwort.json()["detail"] == "Sie sind für diese Maßnahme nicht zuständig."
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize("wer", ["partner_a", "partner_b", "buergerschaft"])
@pytest.mark.parametrize("url", ["/api/v1/messwerte/", "/api/v1/messwerte/bulk/"])
def test_logged_in_without_the_right_to_write_values_is_403(client, plan, wer, url):
    client.force_login(getattr(plan, wer))
    antwort = client.post(url, _daten(url, None), content_type="application/json")
    assert antwort.status_code == 403
    assert antwort.json()["code"] == "keine_berechtigung"
    assert not Messwert.objects.exists()


def test_council_cannot_submit_a_sachstand(client, plan):
    client.force_login(plan.buergerschaft)
    antwort = client.post("/api/v1/sachstaende/", SACHSTAND, content_type="application/json")
    assert antwort.status_code == 403
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize("anmeldung", ["sitzung", "token"])
def test_partner_a_and_staff_write(client, plan, anmeldung):
    def kopf(user):
        if anmeldung == "sitzung":
            client.force_login(user)
            return {}
        return {"HTTP_AUTHORIZATION": f"Token {token_erstellen(user)[1]}"}

    antwort = client.post(
        "/api/v1/sachstaende/", SACHSTAND, content_type="application/json", **kopf(plan.partner_a)
    )
    assert antwort.status_code == 201, antwort.json()
    antwort = client.post(
        "/api/v1/messwerte/", messwert(), content_type="application/json", **kopf(plan.buero)
    )
    assert antwort.status_code == 201, antwort.json()
    assert Sachstand.objects.count() == 1
    assert Messwert.objects.count() == 1


def test_session_writes_still_need_the_csrf_token(plan):
    """The browser's session is checked as before: without the token no write (403)."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(plan.partner_a)
    antwort = browser.post("/api/v1/sachstaende/", SACHSTAND, content_type="application/json")
    assert antwort.status_code == 403
    assert not Sachstand.objects.exists()

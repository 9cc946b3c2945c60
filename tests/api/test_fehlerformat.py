"""One error format for the whole API: RFC 9457 problem details in German, for every status and
also for addresses no view knows (404 as JSON under /api/, the HTML page elsewhere)."""

import pytest
from rest_framework.throttling import AnonRateThrottle

from integration_portal.api.errors import PROBLEM_JSON, TYP_PRAEFIX
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    b.zustaendigkeit(b.massnahme(b.teilziel(hf, 1), "a"), personen.akteur_a)
    return personen


def problem(antwort, status):
    """The body of an error answer, after checking what every one of them has."""
    assert antwort.status_code == status
    assert antwort["Content-Type"] == PROBLEM_JSON
    daten = antwort.json()
    assert daten["status"] == status
    assert daten["type"] == TYP_PRAEFIX + daten["code"]
    assert daten["title"] and daten["detail"]
    assert daten["meldung"] == daten["detail"]  # kept for clients of API v1
    assert isinstance(daten["felder"], dict)
    return daten


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/gibtsnicht/",
        "/api/v1/gibtsnicht",
        "/api/v1/massnahmen/9.9-1a/",
        "/api/v1/massnahmen/kein-muster/",
        "/api/v2/",
        "/api/",
    ],
)
def test_unknown_addresses_under_api_are_a_german_404_problem(client, plan, url):
    daten = problem(client.get(url), 404)
    assert daten["code"] == "nicht_gefunden"
    assert daten["title"] == "Nicht gefunden"
    assert daten["instance"] == url
    assert "Not Found" not in str(daten)


def test_outside_the_api_a_404_is_the_html_page(client, plan):
    antwort = client.get("/gibtsnicht/")
    assert antwort.status_code == 404
    assert antwort["Content-Type"].startswith("text/html")


def test_405_problem(client, plan):
    client.force_login(plan.buero)  # anonymous, DRF asks for a login first (401)
    daten = problem(client.delete("/api/v1/massnahmen/5.2-1a/"), 405)
    assert daten["code"] == "methode_nicht_erlaubt"
    assert "DELETE" in daten["detail"]


def test_400_keeps_the_field_errors_usable(client, plan):
    client.force_login(plan.partner_a)
    antwort = client.post(
        "/api/v1/sachstaende/",
        {"massnahme": "5.2-1a", "fortschritt": 300},
        content_type="application/json",
    )
    daten = problem(antwort, 400)
    assert daten["code"] == "ungueltig"
    assert daten["title"] == "Ungültige Eingabe"
    assert set(daten["felder"]) >= {"fortschritt", "text", "datum"}
    assert all(isinstance(meldungen, list) for meldungen in daten["felder"].values())


def test_400_of_a_bad_query_parameter(client, plan):
    daten = problem(client.get("/api/v1/massnahmen/?stichtag=gestern"), 400)
    assert "stichtag" in daten["felder"]


def test_401_403_are_problems(client, plan):
    assert problem(client.post("/api/v1/sachstaende/", {}), 401)["code"] == "nicht_angemeldet"
    client.force_login(plan.partner_b)
    antwort = client.post(
        "/api/v1/sachstaende/",
        {
            "massnahme": "5.2-1a",
            "datum": "2026-06-30",
            "status": "in_umsetzung",
            "ampel": "im_plan",
            "fortschritt": 30,
            "text": "Text",
        },
        content_type="application/json",
    )
    assert problem(antwort, 403)["code"] == "keine_berechtigung"


def test_429_problem_with_retry_after(client, plan, monkeypatch):
    # The class reads its rates once; the dict is the one from settings.REST_FRAMEWORK.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    for _ in range(2):
        assert client.get("/api/v1/massnahmen/").status_code == 200
    antwort = client.get("/api/v1/massnahmen/")
    daten = problem(antwort, 429)
    assert daten["code"] == "zu_viele_anfragen"
    assert 1 <= int(antwort["Retry-After"]) <= 60

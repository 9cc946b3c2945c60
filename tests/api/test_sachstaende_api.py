"""Partners report by machine: POST /api/v1/sachstaende/ under the same rules as the form."""

import pytest

from konten.tokens import token_erstellen
from measures.choices import Pruefstatus, RundenStatus
from measures.models import Berichtsrunde, Sachstand
from measures.sachstaende import freigeben
from tests import builders as b
from tests.api.beispiele import SACHSTAND

pytestmark = pytest.mark.django_db

GUELTIG = SACHSTAND


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    tz = b.teilziel(hf, 1)
    a = b.massnahme(tz, "a")
    b.zustaendigkeit(a, personen.akteur_a, federfuehrend=True)
    b.zustaendigkeit(b.massnahme(tz, "b"), personen.akteur_b)
    return personen


def test_partner_submits_for_own_measure(client, plan):
    client.force_login(plan.partner_a)
    response = client.post("/api/v1/sachstaende/", GUELTIG, content_type="application/json")
    assert response.status_code == 201, response.json()
    sachstand = Sachstand.objects.get()
    assert sachstand.akteur == plan.akteur_a
    assert sachstand.eingereicht_von == plan.partner_a
    assert sachstand.pruefstatus == Pruefstatus.EINGEREICHT
    assert response.json()["massnahme"] == "5.2-1a"


def test_token_auth_works_for_partner_tools(client, plan):
    _token, geheimnis = token_erstellen(plan.partner_a)
    response = client.post(
        "/api/v1/sachstaende/",
        GUELTIG,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {geheimnis}",
    )
    assert response.status_code == 201


def test_partner_of_other_akteur_is_refused(client, plan):
    client.force_login(plan.partner_b)
    response = client.post("/api/v1/sachstaende/", GUELTIG, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "keine_berechtigung"
    assert response.json()["meldung"] == "Sie sind für diese Maßnahme nicht zuständig."
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize("wer", ["buergerschaft", None])
def test_council_and_anonymous_cannot_submit(client, plan, wer):
    if wer:
        client.force_login(getattr(plan, wer))
    response = client.post("/api/v1/sachstaende/", GUELTIG, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Sachstand.objects.exists()


def test_bad_input_answers_400_with_field_errors(client, plan):
    client.force_login(plan.partner_a)
    daten = {**GUELTIG, "fortschritt": 140, "status": "fertig", "massnahme": "9.9-9z"}
    response = client.post("/api/v1/sachstaende/", daten, content_type="application/json")
    assert response.status_code == 400
    felder = response.json()["felder"]
    assert set(felder) >= {"fortschritt", "status", "massnahme"}
    assert "9.9-9z" in felder["massnahme"][0]
    assert not Sachstand.objects.exists()


def test_closed_round_takes_nothing(client, plan):
    runde = Berichtsrunde.objects.create(
        titel="2025",
        stichtag="2025-12-31",
        faellig_am="2026-01-31",
        status=RundenStatus.GESCHLOSSEN,
    )
    client.force_login(plan.partner_a)
    response = client.post(
        "/api/v1/sachstaende/",
        {**GUELTIG, "berichtsrunde": runde.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "berichtsrunde" in response.json()["felder"]


def test_visibility_of_sachstaende(client, plan):
    client.force_login(plan.partner_a)
    client.post("/api/v1/sachstaende/", GUELTIG, content_type="application/json")
    client.post(
        "/api/v1/sachstaende/", {**GUELTIG, "text": "zweiter"}, content_type="application/json"
    )
    freigeben(Sachstand.objects.get(text="zweiter"), plan.buero)

    def texte(user):
        client.logout()
        if user:
            client.force_login(user)
        return sorted(s["text"] for s in client.get("/api/v1/sachstaende/").json()["results"])

    assert texte(None) == ["zweiter"]
    assert texte(plan.partner_b) == ["zweiter"]
    assert texte(plan.kollegin_a) == ["Erste Beratungstage haben stattgefunden.", "zweiter"]
    assert texte(plan.buero) == ["Erste Beratungstage haben stattgefunden.", "zweiter"]


def test_sachstaende_cannot_be_changed_through_the_api(client, plan):
    client.force_login(plan.partner_a)
    pk = client.post("/api/v1/sachstaende/", GUELTIG, content_type="application/json").json()["id"]
    response = client.put(f"/api/v1/sachstaende/{pk}/", GUELTIG, content_type="application/json")
    assert response.status_code == 405


def test_a_submission_by_token_stays_within_its_query_budget(client, plan):
    """8 % of the load test's requests are submissions (README "Lasttest"): no query more than
    the rule needs – no second look at objects the service has just read (budget in
    tests/query_counts.json)."""
    import json
    from pathlib import Path

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    budget = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())[
        "api_sachstand_einreichen"
    ]["partner_a"]
    _token, geheimnis = token_erstellen(plan.partner_a)
    kopf = {"HTTP_AUTHORIZATION": f"Token {geheimnis}"}
    client.post("/api/v1/sachstaende/", GUELTIG, content_type="application/json", **kopf)
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.post(
            "/api/v1/sachstaende/",
            {**GUELTIG, "text": "Zweite Meldung."},
            content_type="application/json",
            **kopf,
        )
    assert antwort.status_code == 201
    assert Sachstand.objects.filter(text="Zweite Meldung.", akteur=plan.akteur_a).count() == 1
    assert len(abfragen) <= budget, [q["sql"][:120] for q in abfragen.captured_queries]

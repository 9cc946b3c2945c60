"""Reading the plan through /api/v1/: identifiers, nesting, filters, errors, query counts."""

import pytest

from measures.choices import Ampel, Pruefstatus, Seite, Status
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    k = b.konzept()
    kap = b.kapitel(k)
    hf = b.handlungsfeld(kap, "5.2", titel="Arbeit und Qualifizierung")
    tz1 = b.teilziel(hf, 1, "Arbeitsmarktzugang verbessern")
    a = b.massnahme(
        tz1,
        "a",
        text="Beratung zur Anerkennung",
        status=Status.IN_UMSETZUNG,
        fortschritt=40,
        interne_notiz="nur intern",
    )
    c = b.massnahme(tz1, "b", text="Sprachkurse im Betrieb", ampel=Ampel.KRITISCH)
    b.zustaendigkeit(a, personen.akteur_a, federfuehrend=True)
    b.zustaendigkeit(c, personen.akteur_b)
    b.handlungsfeld(kap, "5.4", titel="Ohne Ziele", leitziel=None)
    return {"hf": hf, "a": a, "b": c, "personen": personen}


def test_massnahme_detail_by_public_identifier(client, plan):
    data = client.get("/api/v1/massnahmen/5.2-1a/").json()
    assert data["kennung"] == "5.2-1a"
    assert data["referenz"] == "5.2 / 1 a"
    assert data["teilziel"] == "5.2-1"
    assert data["status"] == "in_umsetzung"
    assert data["zustaendigkeiten"] == [
        {
            "akteur": "Amt A",
            "akteur_slug": "amt-a",
            "seite": "intern",
            "federfuehrend": True,
            "hinweis": "",
        }
    ]


def test_internal_note_only_for_responsible_and_staff(client, plan):
    p = plan["personen"]
    assert client.get("/api/v1/massnahmen/5.2-1a/").json()["interne_notiz"] is None
    client.force_login(p.partner_b)
    assert client.get("/api/v1/massnahmen/5.2-1a/").json()["interne_notiz"] is None
    client.force_login(p.partner_a)
    assert client.get("/api/v1/massnahmen/5.2-1a/").json()["interne_notiz"] == "nur intern"
    client.force_login(p.buero)
    assert client.get("/api/v1/massnahmen/5.2-1a/").json()["interne_notiz"] == "nur intern"


@pytest.mark.parametrize(
    ("query", "erwartet"),
    [
        ("", ["5.2-1a", "5.2-1b"]),
        ("?status=in_umsetzung", ["5.2-1a"]),
        ("?ampel=kritisch", ["5.2-1b"]),
        ("?akteur=verein-b", ["5.2-1b"]),
        ("?seite=intern", ["5.2-1a"]),
        ("?federfuehrend=true", ["5.2-1a"]),
        ("?handlungsfeld=5.2", ["5.2-1a", "5.2-1b"]),
        ("?teilziel=5.2-1", ["5.2-1a", "5.2-1b"]),
        ("?teilziel=5.2-9", []),
        ("?search=sprachkurse", ["5.2-1b"]),
    ],
)
def test_massnahmen_filters(client, plan, query, erwartet):
    response = client.get(f"/api/v1/massnahmen/{query}")
    assert response.status_code == 200
    assert [m["kennung"] for m in response.json()["results"]] == erwartet


def test_handlungsfeld_detail_nests_teilziele_and_massnahmen(client, plan):
    data = client.get("/api/v1/handlungsfelder/5.2/").json()
    assert data["nummer"] == "5.2"
    assert data["fortschritt"] == 20.0  # (40 + 0) / 2
    assert [t["kennung"] for t in data["teilziele"]] == ["5.2-1"]
    assert [m["kennung"] for m in data["teilziele"][0]["massnahmen"]] == ["5.2-1a", "5.2-1b"]


def test_handlungsfeld_without_goals_has_null_leitziel(client, plan):
    data = client.get("/api/v1/handlungsfelder/5.4/").json()
    assert data["leitziel"] is None
    assert data["teilziele"] == []


def test_teilziel_by_identifier(client, plan):
    data = client.get("/api/v1/teilziele/5.2-1/").json()
    assert data["text"] == "Arbeitsmarktzugang verbessern"
    assert data["fortschritt"] == 20.0


@pytest.mark.parametrize(
    "url",
    ["/api/v1/massnahmen/9.9-1a/", "/api/v1/handlungsfelder/9.9/", "/api/v1/teilziele/5.2-7/"],
)
def test_unknown_identifier_is_404_in_the_error_format(client, plan, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response.json()["code"] == "nicht_gefunden"


def test_reads_are_read_only(client, plan):
    client.force_login(plan["personen"].partner_a)
    assert client.post("/api/v1/massnahmen/", {}).status_code in (403, 405)
    assert client.delete("/api/v1/massnahmen/5.2-1a/").status_code in (403, 405)


def test_akteure_by_slug_and_filter(client, plan):
    assert client.get("/api/v1/akteure/amt-a/").json()["name"] == "Amt A"
    namen = [a["name"] for a in client.get("/api/v1/akteure/?seite=extern").json()["results"]]
    assert namen == ["Verein B"]


def _viele_massnahmen(plan, anzahl, start=0):
    """More measures, each with its own Akteur and an approved Sachstand."""
    tz = b.teilziel(plan["hf"], 10 + start)
    for i in range(start, start + anzahl):
        m = b.massnahme(tz, f"z{i}")
        akteur = b.akteur(f"Akteur {i}", seite=Seite.EXTERN)
        b.zustaendigkeit(m, akteur)
        b.sachstand(m, akteur, plan["personen"].buero, pruefstatus=Pruefstatus.FREIGEGEBEN)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/massnahmen/",
        "/api/v1/handlungsfelder/",
        "/api/v1/handlungsfelder/5.2/",
        "/api/v1/akteure/",
        "/api/v1/teilziele/",
        "/api/v1/sachstaende/",
    ],
)
def test_list_query_count_does_not_grow(client, plan, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _viele_massnahmen(plan, 3)
    with CaptureQueriesContext(connection) as klein:
        assert client.get(url).status_code == 200
    _viele_massnahmen(plan, 30, start=100)
    with django_assert_max_num_queries(len(klein)):
        assert client.get(url).status_code == 200


def test_konzept_open_data_has_the_export_shape(client, plan):
    response = client.get("/api/v1/konzept/?download=1")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    daten = response.json()
    assert set(daten) >= {"konzept", "handlungsfelder"}
    hf = next(h for h in daten["handlungsfelder"] if h["nummer"] == "5.2")
    massnahme = hf["teilziele"][0]["massnahmen"][0]
    assert massnahme["kennung"] == "a"
    assert massnahme["akteure"][0] == {
        "name": "Amt A",
        "seite": "intern",
        "federfuehrend": True,
        "hinweis": "",
    } | {
        k: v
        for k, v in massnahme["akteure"][0].items()
        if k not in {"name", "seite", "federfuehrend", "hinweis"}
    }


def test_api_docs_load_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html

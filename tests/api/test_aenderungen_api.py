"""GET /api/v1/aenderungen/: the change log (measures/aenderungen.py) for machines."""

import pytest
from django.utils import timezone

from tests import aenderungen_szenario as sz

pytestmark = pytest.mark.django_db

ROLLEN = ["anonymous", "partner_a", "partner_b", "buergerschaft", "buero"]


def _als(client, personen, rolle):
    if rolle != "anonymous":
        client.force_login(getattr(personen, rolle))
    return client


@pytest.mark.parametrize("rolle", ROLLEN)
def test_only_approved_sachstaende_for_everybody(client, personen, rolle):
    szenario = sz.anlegen(personen)
    client = _als(client, personen, rolle)
    antwort = client.get("/api/v1/aenderungen/")
    assert antwort.status_code == 200
    # Partner A's own submission waits for review: not in the log, not even for A or the Büro.
    assert sz.NEUER_TEXT not in antwort.content.decode()
    assert [e["sachstand"]["text"] for e in antwort.json()["results"]] == [
        "Zwölf Kitas nehmen teil."
    ]

    sz.freigeben(szenario, personen)
    daten = client.get("/api/v1/aenderungen/").json()
    neu = daten["results"][0]
    assert neu["id"] == f"sachstand-{szenario.eingereicht.pk}"
    assert (neu["art"], neu["massnahme"], neu["referenz"], neu["handlungsfeld"]) == (
        "sachstand",
        "5.1.1-1a",
        "5.1.1 / 1 a",
        "5.1.1",
    )
    assert (neu["status_vorher"], neu["status"]) == ("in_umsetzung", "umgesetzt")
    assert neu["sachstand"]["text"] == sz.NEUER_TEXT
    assert neu["sachstand"]["akteur"] == personen.akteur_a.slug
    inhalt = str(daten)
    for intern in (sz.GEHEIME_NOTIZ, "Prüfkommentar intern", "Vertraulich", "Entwurf"):
        assert intern not in inhalt


def test_status_change_and_paging(client, personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    daten = client.get("/api/v1/aenderungen/?page_size=1").json()
    assert daten["count"] == 2
    erste = daten["results"][0]
    assert (erste["art"], erste["massnahme"], erste["sachstand"]) == ("status", "5.1.1-1b", None)
    assert (erste["status_vorher"], erste["status"]) == ("verzoegert", "in_umsetzung")
    assert daten["next"]
    zweite = client.get(daten["next"]).json()["results"]
    assert [e["art"] for e in zweite] == ["sachstand"]


def test_seit_and_filters(client, personen):
    szenario = sz.anlegen(personen)
    sz.freigeben(szenario, personen)
    vorher = timezone.localtime().isoformat()
    sz.status_im_admin_aendern(szenario, personen)
    daten = client.get("/api/v1/aenderungen/", {"seit": vorher}).json()
    assert [e["art"] for e in daten["results"]] == ["status"]
    assert client.get("/api/v1/aenderungen/?seit=2000-01-01").json()["count"] == 3
    assert client.get("/api/v1/aenderungen/?handlungsfeld=5.3").json()["count"] == 0
    akteur_a = client.get(f"/api/v1/aenderungen/?akteur={personen.akteur_a.slug}").json()
    assert {e["massnahme"] for e in akteur_a["results"]} == {"5.1.1-1a"}


@pytest.mark.parametrize(
    "anfrage",
    [
        "seit=gestern",
        "seit=2026-02-30",
        "seit=0001-01-01",
        "seit=%27%3B--",
        "seit=2026-01-01" + "x" * 300,
        "seit=2026-01-01T99:00",
    ],
)
def test_bad_seit_is_a_german_400(client, personen, anfrage):
    sz.anlegen(personen)
    antwort = client.get(f"/api/v1/aenderungen/?{anfrage}")
    assert antwort.status_code == 400
    fehler = antwort.json()
    assert fehler["code"] == "ungueltig"
    assert "seit" in fehler["felder"]
    assert "„seit“" in fehler["felder"]["seit"][0]


@pytest.mark.parametrize(
    ("anfrage", "feld"),
    [("handlungsfeld=9.9", "handlungsfeld"), ("akteur=gibt-es-nicht", "akteur")],
)
def test_unknown_handlungsfeld_or_akteur_is_a_german_400(client, personen, anfrage, feld):
    sz.anlegen(personen)
    antwort = client.get(f"/api/v1/aenderungen/?{anfrage}")
    assert antwort.status_code == 400
    assert antwort.json()["felder"][feld][0].startswith("Dies")


def test_writes_are_not_allowed(client, personen):
    client.force_login(personen.buero)
    assert client.post("/api/v1/aenderungen/", {}).status_code == 405


def test_documented_in_the_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/aenderungen/"]["get"]
    parameter = {p["name"] for p in operation["parameters"]}
    assert {"seit", "handlungsfeld", "akteur", "page", "page_size"} <= parameter
    assert "400" in operation["responses"]
    komponenten = schema["components"]["schemas"]
    assert "status_vorher" in komponenten["Aenderung"]["properties"]


def test_anonymous_answer_comes_from_the_page_cache(client, personen, django_assert_num_queries):
    sz.anlegen(personen)
    erste = client.get("/api/v1/aenderungen/")
    assert erste.status_code == 200 and erste.headers.get("ETag")
    # The second anonymous GET: one query (the Datenstand), and 304 with the ETag.
    with django_assert_num_queries(1):
        zweite = client.get("/api/v1/aenderungen/", HTTP_IF_NONE_MATCH=erste.headers["ETag"])
    assert zweite.status_code == 304


def test_one_entry_by_its_id(client, personen):
    szenario = sz.anlegen(personen)
    liste = client.get("/api/v1/aenderungen/").json()["results"]
    eintrag = client.get(f"/api/v1/aenderungen/{liste[0]['id']}/")
    assert eintrag.status_code == 200
    assert eintrag.json() == liste[0]
    # Not yet approved: no entry, the same 404 as for an unknown one.
    for kennung in (
        f"sachstand-{szenario.eingereicht.pk}",
        "status-999999",
        "sachstand-" + "9" * 18,
    ):
        antwort = client.get(f"/api/v1/aenderungen/{kennung}/")
        assert antwort.status_code == 404, kennung
        assert antwort.json()["meldung"] == "Diese Änderung gibt es nicht."
    sz.freigeben(szenario, personen)
    assert (
        client.get(f"/api/v1/aenderungen/sachstand-{szenario.eingereicht.pk}/").status_code == 200
    )


def test_status_entry_by_its_id(client, personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    erste = client.get("/api/v1/aenderungen/").json()["results"][0]
    assert erste["id"].startswith("status-")
    assert client.get(f"/api/v1/aenderungen/{erste['id']}/").json() == erste
    # The later record of the same measure changed progress only: no entry of its own.
    naechste = int(erste["id"].removeprefix("status-")) + 1
    assert client.get(f"/api/v1/aenderungen/status-{naechste}/").status_code == 404


@pytest.mark.parametrize("groesse", [1, 2, 3])
def test_paging_shows_each_entry_once(client, personen, groesse):
    szenario = sz.anlegen(personen)
    sz.freigeben(szenario, personen)
    sz.status_im_admin_aendern(szenario, personen)
    gesehen, url = [], f"/api/v1/aenderungen/?page_size={groesse}"
    while url:
        daten = client.get(url).json()
        gesehen += [e["id"] for e in daten["results"]]
        url = daten["next"]
    assert len(gesehen) == len(set(gesehen)) == 3

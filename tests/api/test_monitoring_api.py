"""Indikatoren and Messwerte through the API: public reads, staff writes (single and bulk)."""

from datetime import date

import pytest

from monitoring.models import Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def reihe(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "4.2.3")
    anteil = b.indikator("auslaenderanteil", name="Ausländeranteil", handlungsfelder=[hf])
    for jahr, wert in [(2018, "6.18"), (2019, "6.80"), (2020, "7.00")]:
        b.messwert(anteil, jahr, wert)
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    b.messwert(anteil, 2020, "3.10", aufschluesselung="geschlecht=weiblich")
    intern = b.indikator("intern", oeffentlich=False)
    b.messwert(intern, 2020, 1)
    return personen


def test_indicator_list_shows_public_ones_with_latest_value(client, reihe):
    daten = client.get("/api/v1/indikatoren/").json()["results"]
    assert [i["kennung"] for i in daten] == ["auslaenderanteil"]
    assert daten[0]["letzter_wert"] == "7"
    assert daten[0]["letztes_datum"] == "2020-12-31"
    assert daten[0]["handlungsfelder"] == ["4.2.3"]


def test_internal_indicator_for_staff_only(client, reihe):
    assert client.get("/api/v1/indikatoren/intern/").status_code == 404
    client.force_login(reihe.buero)
    assert client.get("/api/v1/indikatoren/intern/").status_code == 200


@pytest.mark.parametrize(
    ("query", "anzahl"),
    [
        ("?indikator=auslaenderanteil", 4),
        ("?indikator=auslaenderanteil&insgesamt=true", 3),
        ("?insgesamt=false", 1),
        ("?nach=geschlecht", 1),
        ("?aufschluesselung=geschlecht=weiblich", 1),
        ("?datum_von=2019-01-01&datum_bis=2019-12-31", 1),
    ],
)
def test_messwerte_filters(client, reihe, query, anzahl):
    response = client.get(f"/api/v1/messwerte/{query}")
    assert response.status_code == 200
    assert response.json()["count"] == anzahl


def test_breakdown_is_a_mapping(client, reihe):
    daten = client.get("/api/v1/messwerte/?nach=geschlecht").json()["results"][0]
    assert daten["aufschluesselung"] == {"geschlecht": "weiblich"}
    assert daten["wert"] == "3.1"


NEU = {"indikator": "auslaenderanteil", "datum": "2021", "wert": "7.4", "status": "vorlaeufig"}


@pytest.mark.parametrize("wer", [None, "partner_a", "buergerschaft"])
def test_only_staff_writes(client, reihe, wer):
    if wer:
        client.force_login(getattr(reihe, wer))
    response = client.post("/api/v1/messwerte/", NEU, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Messwert.objects.filter(datum=date(2021, 12, 31)).exists()


def test_staff_creates_and_updates_a_value(client, reihe):
    client.force_login(reihe.buero)
    response = client.post("/api/v1/messwerte/", NEU, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    messwert = Messwert.objects.get(pk=pk)
    assert str(messwert.wert.normalize()) == "7.4"
    assert messwert.history.count() == 1
    response = client.put(
        f"/api/v1/messwerte/{pk}/",
        {**NEU, "wert": "7.5", "status": "endgueltig"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    messwert.refresh_from_db()
    assert str(messwert.wert.normalize()) == "7.5"
    assert messwert.history.count() == 2


def test_bad_value_answers_400_and_writes_nothing(client, reihe):
    client.force_login(reihe.buero)
    response = client.post(
        "/api/v1/messwerte/",
        {**NEU, "wert": "viel", "indikator": "gibtsnicht"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["felder"]) >= {"wert", "indikator"}
    assert Messwert.objects.count() == 5


def test_bulk_is_all_or_nothing(client, reihe):
    client.force_login(reihe.buero)
    zeilen = [
        {**NEU, "datum": "2021"},
        {**NEU, "datum": "31.12.2022"},
        {**NEU, "datum": "kein Datum"},
    ]
    response = client.post("/api/v1/messwerte/bulk/", zeilen, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["felder"]) == ["2"]
    assert "datum" in response.json()["felder"]["2"][0]
    assert Messwert.objects.count() == 5

    zeilen[2]["datum"] = "2023"
    zeilen.append({**NEU, "datum": "2020", "wert": "7.00", "status": "endgueltig"})  # unchanged
    response = client.post("/api/v1/messwerte/bulk/", zeilen, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"neu": 3, "geaendert": 0, "unveraendert": 1}
    assert Messwert.objects.count() == 8


@pytest.mark.parametrize("url", ["/api/v1/indikatoren/", "/api/v1/messwerte/"])
def test_list_query_count_does_not_grow(client, reihe, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as klein:
        assert client.get(url).status_code == 200
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.9")
    for i in range(20):
        ind = b.indikator(f"weiterer-{i}", handlungsfelder=[hf])
        for jahr in (2019, 2020):
            b.messwert(ind, jahr, i)
    with django_assert_max_num_queries(len(klein)):
        assert client.get(url).status_code == 200

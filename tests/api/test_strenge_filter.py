"""Filters and parameters the API cannot read are a 400 naming them, not silently ignored."""

import pytest

from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    tz = b.teilziel(hf, 1)
    b.zustaendigkeit(b.massnahme(tz, "a"), personen.akteur_a, federfuehrend=True)
    b.zustaendigkeit(b.massnahme(tz, "b"), personen.akteur_b)
    ind = b.indikator("arbeitslose")
    b.messwert(ind, 2023, "11")
    return personen


@pytest.mark.parametrize(
    ("url", "feld"),
    [
        ("/api/v1/massnahmen/?federfuehrend=null", "federfuehrend"),
        ("/api/v1/massnahmen/?federfuehrend=ja", "federfuehrend"),
        ("/api/v1/messwerte/?insgesamt=null", "insgesamt"),
        ("/api/v1/massnahmen/?page_size=0", "page_size"),
        ("/api/v1/massnahmen/?page_size=501", "page_size"),
        ("/api/v1/massnahmen/?page_size=zwei", "page_size"),
    ],
)
def test_unreadable_parameters_are_a_400(client, plan, url, feld):
    antwort = client.get(url)
    assert antwort.status_code == 400
    assert feld in antwort.json()["felder"]


@pytest.mark.parametrize(
    ("url", "anzahl"),
    [
        ("/api/v1/massnahmen/?federfuehrend=true&akteur=amt-a", 1),
        ("/api/v1/massnahmen/?federfuehrend=", 2),
        ("/api/v1/messwerte/?insgesamt=true", 1),
        ("/api/v1/messwerte/?insgesamt=false", 0),
        ("/api/v1/massnahmen/?page_size=500", 2),
        ("/api/v1/sachstaende/?berichtsrunde=999", 0),
    ],
)
def test_readable_parameters_filter(client, plan, url, anzahl):
    antwort = client.get(url)
    assert antwort.status_code == 200, antwort.json()
    assert antwort.json()["count"] == anzahl


def test_bulk_takes_a_json_list_only(client, plan):
    client.force_login(plan.buero)
    antwort = client.post("/api/v1/messwerte/bulk/", {"indikator": "arbeitslose"})
    assert antwort.status_code == 415
    antwort = client.post(
        "/api/v1/messwerte/bulk/", {"indikator": "arbeitslose"}, content_type="application/json"
    )
    assert antwort.status_code == 400

"""The licence of the open data where machines read it: the API root, the concept export, the
OpenAPI info, the indicator JSON."""

import json

import pytest

from concept import lizenz

pytestmark = pytest.mark.django_db


def test_api_root_names_the_licence_and_the_open_data_page(client):
    daten = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert daten["lizenz"] == lizenz.lizenz_json()
    assert daten["lizenz"]["uri"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert daten["offene_daten"] == "http://testserver/offene-daten/"
    assert daten["massnahmen"] == "http://testserver/api/v1/massnahmen/"  # the lists stay


def test_konzept_export_names_the_licence(client, plan):
    daten = client.get("/api/v1/konzept/").json()
    assert daten["lizenz"]["name"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert daten["lizenz"]["text"] == "https://www.govdata.de/dl-de/by-2-0"


def test_openapi_info_has_the_licence(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert schema["info"]["license"] == {"name": lizenz.NAME, "url": lizenz.TEXT_URL}


def test_indicator_json_download_names_the_licence(client):
    antwort = client.get("/indikatoren/daten.json")
    daten = json.loads(b"".join(antwort.streaming_content))
    assert daten["lizenz"]["kennung"] == "dl-by-de/2.0"
    assert daten["messwerte"] == []

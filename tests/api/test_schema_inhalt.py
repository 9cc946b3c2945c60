"""What the OpenAPI schema states beyond the success answers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v1/schema/?format=json").json()


def test_every_operation_documents_its_errors_as_problems(schema):
    for pfad, operationen in schema["paths"].items():
        for methode, operation in operationen.items():
            erwartet = {"400", "401", "404", "429"}
            if methode not in ("get", "head"):
                erwartet |= {"403", "413", "415"}
            assert erwartet <= set(operation["responses"]), (methode, pfad)
            for code in erwartet:
                inhalt = operation["responses"][code]["content"]
                assert list(inhalt) == ["application/problem+json"], (methode, pfad, code)
                assert inhalt["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "felder"} <= set(problem["required"])


def test_headers_are_documented(schema):
    liste = schema["paths"]["/api/v1/massnahmen/"]["get"]["responses"]
    assert {"Link", "RateLimit", "RateLimit-Policy"} <= set(liste["200"]["headers"])
    assert "Retry-After" in liste["429"]["headers"]
    assert "WWW-Authenticate" in liste["401"]["headers"]


@pytest.mark.parametrize(
    "pfad",
    ["/api/v1/messwerte/", "/api/v1/massnahmen/", "/api/v1/konzept/", "/api/v1/indikatoren/"],
)
def test_public_reads_need_no_auth(schema, pfad):
    assert {} in schema["paths"][pfad]["get"]["security"]


def test_writes_need_auth(schema):
    for pfad in ("/api/v1/messwerte/", "/api/v1/sachstaende/", "/api/v1/messwerte/bulk/"):
        assert {} not in schema["paths"][pfad]["post"]["security"], pfad


def test_nullable_fields_and_parameters(schema):
    handlungsfeld = schema["components"]["schemas"]["Handlungsfeld"]["properties"]
    assert handlungsfeld["leitziel"]["nullable"] is True
    parameter = {
        p["name"] for p in schema["paths"]["/api/v1/handlungsfelder/{nummer}/"]["get"]["parameters"]
    }
    assert "stichtag" in parameter  # behind the page cache's subclass too


def test_the_konzept_has_a_json_body(schema):
    antwort = schema["paths"]["/api/v1/konzept/"]["get"]["responses"]["200"]
    assert antwort["content"]["application/json"]["schema"]["type"] == "object"

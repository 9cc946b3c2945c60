"""Schemathesis against our own OpenAPI schema: no server error, responses match the schema.

A bounded number of generated examples per operation keeps CI fast; the data is made here.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from measures.choices import Pruefstatus
from tests import builders as b

# pytest-django has set Django up before collection; fetching the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture
def verbindung_offen_halten():
    """Keep the test's database connection across WSGI requests, as Django's test client does.

    Outside the test client Django closes the connection when a request ends; on PostgreSQL that
    would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def daten(personen, verbindung_offen_halten):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    tz = b.teilziel(hf, 1)
    m = b.massnahme(tz, "a")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.sachstand(m, personen.akteur_a, personen.partner_a, pruefstatus=Pruefstatus.FREIGEGEBEN)
    b.berichtsrunde()


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(daten, case):
    response = case.call_and_validate(
        # The WSGI transport asks for gzip like requests does but does not unpack it, as an HTTP
        # client would (integration_portal/komprimieren.py): the schema is about the JSON.
        headers={"Accept-Encoding": "identity"},
        checks=[schemathesis.checks.not_a_server_error, response_schema_conformance],
    )
    assert response.status_code < 500

"""Schemathesis against our own OpenAPI schema on the *real* concept (fixtures/), with all of
its checks: no server error, status codes, content types, headers and bodies as documented,
valid data accepted, invalid data refused, credentials required where the schema says so.

Each operation runs anonymously and with the Büro's token (so writes really write and invalid
writes are really refused). A bounded number of generated examples per operation keeps CI
within a few minutes on two cores; the real data are loaded once for the module.
"""

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from konten.tokens import token_erstellen
from measures.choices import Pruefstatus
from measures.models import Massnahme
from tests import builders as b
from tests.people import personen_anlegen

# "Valid data accepted" (positive_data_acceptance) also allows a 400: the portal's rules that no
# OpenAPI schema can state – a Stichtag or Sachstand date not in the future, a Maßnahme or
# Indikator that exists, a date not before the concept's adoption – refuse schema-valid input
# with a German field error. Every other check keeps schemathesis's defaults.
KONFIGURATION = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "429"]
            }
        }
    }
)
# pytest-django has set Django up before collection; fetching the schema needs no database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json", get_wsgi_application(), config=KONFIGURATION
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def echte_daten(django_db_setup, django_db_blocker):
    """The shipped concept and its figures, people with a Sachstand and a Berichtsrunde; loaded
    once for the module and rolled back at its end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_konzept", stdout=io.StringIO())
        call_command("load_monitoring", stdout=io.StringIO(), stderr=io.StringIO())
        personen = personen_anlegen()
        massnahme = Massnahme.objects.im_aktuellen_konzept().in_konzeptreihenfolge().first()
        b.zustaendigkeit(massnahme, personen.akteur_a, federfuehrend=True)
        b.sachstand(
            massnahme, personen.akteur_a, personen.partner_a, pruefstatus=Pruefstatus.FREIGEGEBEN
        )
        b.berichtsrunde()
        _token, geheimnis = token_erstellen(personen.buero)
        yield {"Authorization": f"Token {geheimnis}"}
        transaction.set_rollback(True)


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


@pytest.mark.parametrize("wer", ["anonym", "buero"])
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(echte_daten, verbindung_offen_halten, wer, case):
    # The WSGI transport asks for gzip like requests does but does not unpack it, as an HTTP
    # client would (integration_portal/komprimieren.py): the schema is about the JSON.
    headers = {"Accept-Encoding": "identity", **(echte_daten if wer == "buero" else {})}
    # No ``checks=``: schemathesis runs every check it has.
    response = case.call_and_validate(headers=headers)
    assert response.status_code < 500

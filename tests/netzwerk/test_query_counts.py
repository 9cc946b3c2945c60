"""The pages of netzwerk need a fixed number of queries at 1× and 10× the contacts (budgets in
tests/query_counts.json, by role)."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import Ansprechperson
from netzwerk import einladungen
from tests import builders as b
from tests.netzwerk.conftest import link_aus_mail

pytestmark = pytest.mark.django_db

BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())
SEITEN = {
    "admin_ansprechpersonen": "buero",
    "admin_ansprechpersonen_unerreichbar": "buero",
    "admin_akteure_erreichbar": "buero",
    "admin_akteur_mit_ansprechpersonen": "buero",
    "einladung": "anonymous",
}


def aufbauen(faktor, n, capture):
    parent = b.akteur(f"Amt {n}")
    for i in range(5 * faktor):
        akteur = b.akteur(f"Verein {n}-{i}", uebergeordnet=parent)
        Ansprechperson.objects.bulk_create(
            [
                Ansprechperson(akteur=akteur, name="Mit", email=f"m{n}-{i}@example.org"),
                Ansprechperson(akteur=akteur, name="Ohne Adresse"),
                Ansprechperson(akteur=parent, name=f"P{i}", email=f"p{n}-{i}@example.org"),
            ]
        )
    with capture(execute=True):
        einladungen.einladen(Ansprechperson.objects.filter(akteur=parent).first())
    return {
        "admin_ansprechpersonen": reverse("admin:measures_ansprechperson_changelist"),
        "admin_ansprechpersonen_unerreichbar": reverse("admin:measures_ansprechperson_changelist")
        + "?erreichbar=nein",
        "admin_akteure_erreichbar": reverse("admin:measures_akteur_changelist") + "?erreichbar=ja",
        "admin_akteur_mit_ansprechpersonen": reverse(
            "admin:measures_akteur_change", args=[parent.pk]
        ),
        "einladung": link_aus_mail(),
    }


def _zaehlen(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url).status_code == 200, url
    return len(abfragen)


@pytest.mark.parametrize("seite", sorted(SEITEN))
def test_queries_bounded_and_constant(client, personen, seite, django_capture_on_commit_callbacks):
    rolle = SEITEN[seite]
    if rolle == "buero":
        client.force_login(personen.buero)
    zahlen = []
    for faktor, n in ((1, 1), (10, 2)):
        url = aufbauen(faktor, n, django_capture_on_commit_callbacks)[seite]
        zahlen.append(_zaehlen(client, url))
    klein, gross = zahlen
    assert klein <= BUDGETS[seite][rolle], f"{seite}: {klein}, Budget {BUDGETS[seite][rolle]}"
    assert gross == klein, f"{seite}: {klein} bei 1×, {gross} bei 10×"

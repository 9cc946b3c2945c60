"""The council's start page and the one landing after login for every role."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.choices import Ampel, RundenStatus, Status
from measures.models import Berichtsanfrage, Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db

SEITE = reverse("measures:buergerschaft")
BUDGET = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())["buergerschaft"]


def _lage(personen, anzahl=3):
    """A plan with one critical measure, a closed round to compare with and an open round."""
    massnahmen = b.plan_mit_massnahmen(anzahl, [personen.akteur_a, personen.akteur_b])
    geschlossen = b.berichtsrunde(
        "Berichtsrunde 2025",
        stichtag=date(2025, 12, 31),
        faellig_am=date(2026, 1, 31),
        status=RundenStatus.GESCHLOSSEN,
        geschlossen_am=timezone.now(),
    )
    for m in massnahmen:
        b.berichtsstand(geschlossen, m)
    offen = b.berichtsrunde("Berichtsrunde 2026", status=RundenStatus.OFFEN)
    for m in massnahmen:
        Berichtsanfrage.objects.create(berichtsrunde=offen, massnahme=m, akteur=personen.akteur_a)
    kritisch, veraendert = massnahmen[0], massnahmen[1]
    Massnahme.objects.filter(pk=kritisch.pk).update(ampel=Ampel.KRITISCH)
    Massnahme.objects.filter(pk=veraendert.pk).update(status=Status.IN_UMSETZUNG, fortschritt=40)
    return massnahmen, geschlossen, offen


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b"])
def test_partners_may_not_open_it(client, personen, wer):
    client.force_login(getattr(personen, wer))
    assert client.get(SEITE).status_code == 403


def test_anonymous_are_asked_to_log_in(client):
    antwort = client.get(SEITE)
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("wer", ["buergerschaft", "buero"])
def test_council_and_buero_see_what_is_theirs(client, personen, wer):
    massnahmen, geschlossen, offen = _lage(personen)
    sachstand = b.sachstand(
        massnahmen[2], personen.akteur_a, personen.partner_a, berichtsrunde=offen
    )
    assert sachstand.pk
    client.force_login(getattr(personen, wer))
    antwort = client.get(SEITE)
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    k = antwort.context
    assert [m.pk for m in k["kritisch"]] == [massnahmen[0].pk]
    assert [s.massnahme_id for s in k["aenderungen"]] == [massnahmen[0].pk, massnahmen[1].pk]
    assert (k["ruecklauf"]["anfragen"], k["ruecklauf"]["antworten"]) == (3, 1)
    assert "Berichtsrunde 2026" in inhalt
    assert "1 von 3 angefragten Sachständen liegen vor (33 %)" in inhalt
    assert f"?berichtsrunde={geschlossen.pk}" in inhalt
    assert "?intern=1" in inhalt  # the non-public report
    assert "nicht begonnen → in Umsetzung" in inhalt
    assert "0 % → 40 %" in inhalt
    assert "noch keinem Akteur zugeordnet" not in inhalt


def test_without_rounds_the_page_says_so(client, personen):
    client.force_login(personen.buergerschaft)
    inhalt = client.get(SEITE).content.decode()
    assert "Zurzeit ist keine Berichtsrunde offen." in inhalt
    assert "Es ist noch keine Berichtsrunde abgeschlossen." in inhalt


@pytest.mark.parametrize("wer", ["buergerschaft", "buero"])
def test_query_count_is_in_budget_and_does_not_grow(client, personen, wer):
    client.force_login(getattr(personen, wer))
    _lage(personen, anzahl=9)
    with CaptureQueriesContext(connection) as klein:
        assert client.get(SEITE).status_code == 200
    b.plan_mit_massnahmen(90, [personen.akteur_a, personen.akteur_b])
    Massnahme.objects.update(ampel=Ampel.KRITISCH, fortschritt=50)
    with CaptureQueriesContext(connection) as gross:
        antwort = client.get(SEITE)
    assert len(antwort.context["kritisch"]) == 90  # the newest Konzept's
    assert len(gross) == len(klein) <= BUDGET[wer]


def _anmelden(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": "geheim-12345"})


@pytest.mark.parametrize(
    "wer, ziel",
    [
        ("buergerschaft", "measures:buergerschaft"),
        ("partner_a", "measures:meine-massnahmen"),
        ("partner_b", "measures:meine-massnahmen"),
    ],
)
def test_login_leads_each_role_to_its_start(client, personen, wer, ziel):
    antwort = _anmelden(client, getattr(personen, wer))
    assert antwort["Location"] == reverse("konten:start")
    assert client.get(reverse("konten:start"))["Location"] == reverse(ziel)


def test_login_leads_the_buero_through_the_second_factor_to_the_admin(client, personen):
    assert _anmelden(client, personen.buero)["Location"] == reverse("konten:start")
    # First the code (konten/zwei_faktor.py), which then returns to the landing …
    assert client.get(reverse("konten:start"))["Location"].startswith(reverse("konten:zwei-faktor"))
    client.force_login(personen.buero)  # … and once confirmed, the landing is the admin.
    assert client.get(reverse("konten:start"))["Location"] == reverse("admin:index")


def test_the_landing_needs_a_login(client):
    assert client.get(reverse("konten:start"))["Location"].startswith(reverse("login"))


def test_council_members_find_their_page_in_the_navigation(client, personen):
    _anmelden(client, personen.buergerschaft)
    assert f'href="{SEITE}"' in client.get(reverse("measures:overview")).content.decode()
    client.logout()
    _anmelden(client, personen.partner_a)
    assert f'href="{SEITE}"' not in client.get(reverse("measures:overview")).content.decode()

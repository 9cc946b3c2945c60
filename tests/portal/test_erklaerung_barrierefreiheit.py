"""The Erklärung zur Barrierefreiheit says what was measured, how, and each known gap with its
plan (BITVO M-V; issue 17). It must stay true: the claims here are the ones the browser tests
check (tests/e2e/test_reflow.py, tests/e2e/test_barrierefreiheit.py)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def erklaerung(client):
    antwort = client.get(reverse("measures:barrierefreiheit"))
    assert antwort.status_code == 200
    # One line per paragraph, as a reader sees it (blocktranslate keeps the template's breaks).
    return re.sub(r"\s+", " ", antwort.content.decode())


def test_names_the_law_of_mecklenburg_vorpommern(erklaerung):
    assert "§ 14 Absatz 1 des Landesbehindertengleichstellungsgesetzes" in erklaerung
    assert "BITVO M-V" in erklaerung
    assert "Accessibility Guidelines</span> (WCAG) 2.1, Stufe AA" in erklaerung


def test_says_when_and_how_it_was_checked(erklaerung):
    assert "Stand der Prüfung: 1. Dezember 2026" in erklaerung
    assert "axe-core" in erklaerung and "Chromium" in erklaerung
    assert "320 und 390 Pixeln" in erklaerung
    assert "Tastatur" in erklaerung
    assert "Selbstbewertung" in erklaerung


@pytest.mark.parametrize(
    "luecke",
    ["PDF-Berichte:", "API-Dokumentation (Swagger UI):", "Partnerbereich:", "Verwaltungsbereich"],
)
def test_lists_each_known_gap_with_its_plan(erklaerung, luecke):
    absatz = erklaerung.split(f"<strong>{luecke}")[1].split("</li>")[0]
    assert re.search(r"geplant|holen wir nach|beheben", absatz), absatz


def test_leads_to_the_enforcement_procedure(erklaerung):
    assert 'id="durchsetzungsverfahren"' in erklaerung
    assert "Überwachungsstelle des Landes Mecklenburg-Vorpommern" in erklaerung
    assert "§ 2 BITVO M-V" in erklaerung
    # The page no longer claims full keyboard use without naming the gaps.
    assert "vollständig mit der Tastatur bedienen" not in erklaerung

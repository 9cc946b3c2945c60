"""The concept overview `/`: title, Beschluss, progress, Kapitel with Handlungsfelder."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_shows_konzept_beschluss_and_overall_progress(client, plan):
    response = client.get(reverse("measures:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2. Integrationskonzept – Zukunft in Vielfalt" in html
    assert "2020/BV/0974" in html
    # Konzept = mean of 5.1.1 (mean of Teilziel 1 = 25; Teilziel 2 only entfallen) and 5.3 (100).
    assert response.context["konzept"].fortschritt == pytest.approx(62.5)
    assert "Fortschritt des Konzepts:" in html


def test_handlungsfelder_nested_under_their_kapitel_in_order(client, plan):
    baum = client.get(reverse("measures:overview")).context["kapitelbaum"]
    assert [k.kapitel.nummer for k in baum] == ["5"]
    eintraege = baum[0].eintraege
    # Unterkapitel 5.1 (with 5.1.1) comes before Handlungsfelder 5.2 and 5.3 that sit under 5.
    assert eintraege[0].ist_kapitel and eintraege[0].kapitel.nummer == "5.1"
    assert [hf.nummer for hf in eintraege[0].eintraege] == ["5.1.1"]
    assert [e.nummer for e in eintraege[1:]] == ["5.2", "5.3"]


def test_each_handlungsfeld_counts_measures_by_status(client, plan):
    response = client.get(reverse("measures:overview"))
    baum = response.context["kapitelbaum"]
    bildung = baum[0].eintraege[0].eintraege[0]
    assert bildung.anzahl_massnahmen == 3
    assert {status.label: n for status, n in bildung.status_zaehlung} == {
        "in Umsetzung": 1,
        "verzögert": 1,
        "entfallen": 1,
    }
    html = response.content.decode()
    assert 'href="/handlungsfelder/5.1.1/"' in html
    assert "Ohne eigene Ziele und Maßnahmen" in html  # 5.2


def test_without_konzept_says_so(client, db):
    response = client.get(reverse("measures:overview"))
    assert response.status_code == 200
    assert "Es ist noch kein Integrationskonzept geladen." in response.content.decode()

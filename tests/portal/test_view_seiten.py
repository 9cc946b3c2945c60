"""The base layout and the fixed pages (Barrierefreiheit, Leichte Sprache, Impressum)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_base_layout_has_landmarks_skip_link_and_footer(client, plan):
    html = client.get(reverse("measures:overview")).content.decode()
    assert '<html lang="de">' in html
    assert '<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>' in html
    assert '<main id="inhalt"' in html
    assert "Hanse- und Universitätsstadt Rostock" in html
    assert "Integrationsportal" in html
    for url in ["barrierefreiheit", "leichte-sprache", "kontakt", "impressum"]:
        assert f'href="{reverse("measures:" + url)}"' in html
    assert 'aria-current="page">Übersicht' in html


def test_navigation_depends_on_login(client, plan, personen):
    anonym = client.get(reverse("measures:overview")).content.decode()
    assert f'href="{reverse("login")}"' in anonym
    assert "Abmelden" not in anonym
    assert "Meine Maßnahmen" not in anonym
    client.force_login(personen.partner_a)
    angemeldet = client.get(reverse("measures:overview")).content.decode()
    assert f'href="{reverse("login")}"' not in angemeldet
    assert f'href="{reverse("measures:meine-massnahmen")}"' in angemeldet
    # Logout is a POST form with CSRF token (Django 5 refuses GET).
    assert f'<form action="{reverse("logout")}" method="post">' in angemeldet


def test_language_switch_to_english(client, plan):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response.redirect_chain == [("/en/", 302)]
    assert '<a href="/" hreflang="de" lang="de">Deutsch</a>' in html
    # The English catalogue (locale/en) is compiled and used.
    assert "Skip to content" in html
    assert "Implementation status" in html


@pytest.mark.parametrize(
    ("name", "texte"),
    [
        (
            "barrierefreiheit",
            [
                "Erklärung zur Barrierefreiheit",
                "BITVO M-V",
                "teilweise mit den Anforderungen",
                "Nicht barrierefreie Inhalte",
                "Diese Erklärung wurde am",
                "integration@rostock.de",
                "Schlichtungsverfahren",
                "Mecklenburg-Vorpommern",
            ],
        ),
        (
            "leichte-sprache",
            ["Das Integrations-Portal in Leichter Sprache", "Die Aufgaben heißen: Maßnahmen."],
        ),
        ("impressum", ["Impressum", "Büro für Integration"]),
    ],
)
def test_fixed_pages(client, db, name, texte):
    response = client.get(reverse(f"measures:{name}"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in texte:
        assert text in html, text

"""The Datenschutzerklärung: public, linked in the footer, the officer's details from the admin."""

import pytest
from django.urls import reverse

from datenschutz.models import Datenschutzangaben

pytestmark = pytest.mark.django_db

SEITE = "/datenschutz/"


@pytest.mark.parametrize("wer", [None, "partner_a", "buergerschaft", "buero"])
def test_everyone_reads_the_privacy_page_linked_next_to_the_impressum(client, personen, wer):
    if wer:
        client.force_login(getattr(personen, wer))
    response = client.get(SEITE)
    assert response.status_code == 200
    inhalt = response.content.decode()
    for thema in ("Sachstände", "Sicherheitsprotokoll", "Kontaktformular", "Art. 15", "Art. 21"):
        assert thema in inhalt
    assert "Gelöscht nach 90 Tagen" in inhalt
    startseite = client.get(reverse("measures:impressum")).content.decode()
    assert f'href="{SEITE}"' in startseite


def test_until_the_buero_fills_it_in_the_page_shows_a_placeholder(client):
    inhalt = client.get(SEITE).content.decode()
    assert "Platzhalter" in inhalt


def test_the_buero_fills_in_the_officer_in_the_admin_and_the_page_shows_it(client, personen):
    client.force_login(personen.buero)
    hinzufuegen = reverse("admin:datenschutz_datenschutzangaben_add")
    response = client.post(
        hinzufuegen,
        {
            "verantwortliche_stelle": "Hanse- und Universitätsstadt Rostock",
            "beauftragte_name": "Dr. Erika Datenschutz",
            "beauftragte_anschrift": "Neuer Markt 1\n18055 Rostock",
            "beauftragte_email": "datenschutz@rostock.example",
            "beauftragte_telefon": "0381 381-0",
            "aufsichtsbehoerde": "Landesbeauftragter für Datenschutz M-V",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    # One row only: "add" now opens the existing one.
    zweites = client.get(hinzufuegen)
    assert zweites.status_code == 302
    assert zweites["Location"] == reverse("admin:datenschutz_datenschutzangaben_change", args=[1])
    inhalt = client.get(SEITE).content.decode()
    assert "Dr. Erika Datenschutz" in inhalt
    assert "datenschutz@rostock.example" in inhalt
    assert "Platzhalter" not in inhalt
    assert Datenschutzangaben.objects.count() == 1


@pytest.mark.parametrize("wer", ["partner_a", "buergerschaft"])
def test_only_the_buero_edits_the_details(client, personen, wer):
    client.force_login(getattr(personen, wer))
    response = client.get(reverse("admin:datenschutz_datenschutzangaben_add"))
    assert response.status_code == 302  # to the admin login
    assert not Datenschutzangaben.objects.exists()

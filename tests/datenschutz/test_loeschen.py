"""Art. 17: the Büro deletes a person; their approved Sachstände stay, under the Akteur."""

from io import BytesIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from datenschutz.loeschen import person_loeschen
from measures import sachstaende
from measures.choices import Pruefstatus
from measures.models import Sachstand
from tests import builders as b
from tests.berichte.abholen import bericht_holen
from tests.measures.partnerplan import plan_anlegen

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:auth_user_changelist")


@pytest.fixture
def lage(personen):
    """partner_a: one approved Sachstand, one waiting; partner_b: one waiting; axes records."""
    plan = plan_anlegen(personen)
    freigegeben = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, text="Zwölf Kurse.")
    sachstaende.freigeben(freigegeben, personen.buero)
    wartet = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, text="Entwurf von A.")
    fremd = b.sachstand(plan.b, personen.akteur_b, personen.partner_b, text="Von B.")
    AccessLog.objects.create(username="partner_a", ip_address="10.0.0.1", user_agent="x")
    AccessAttempt.objects.create(
        username="partner_a", ip_address="10.0.0.1", failures_since_start=2
    )
    AccessLog.objects.create(username="partner_b", ip_address="10.0.0.2", user_agent="y")
    return plan, freigegeben, wartet, fremd


def _aktion(client, users, **weiter):
    return client.post(
        LISTE,
        {"action": "personen_loeschen", ACTION_CHECKBOX_NAME: [u.pk for u in users], **weiter},
        follow=True,
    )


def test_the_buero_confirms_first_and_sees_what_happens(client, personen, lage):
    client.force_login(personen.buero)
    seite = _aktion(client, [personen.partner_a])
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "Personen löschen (Art. 17 DSGVO)" in inhalt
    zeile = seite.context["zeilen"][0]
    assert (zeile["folgen"].behalten, zeile["folgen"].geloescht) == (1, 1)
    assert User.objects.filter(username="partner_a").exists()


def test_after_deletion_the_approved_sachstand_stays_under_the_akteur(client, personen, lage):
    plan, freigegeben, wartet, fremd = lage
    client.force_login(personen.buero)
    antwort = _aktion(client, [personen.partner_a], bestaetigt="ja")
    assert "1 Person gelöscht" in antwort.content.decode()

    assert not User.objects.filter(username="partner_a").exists()
    freigegeben.refresh_from_db()
    assert (freigegeben.pruefstatus, freigegeben.eingereicht_von) == (Pruefstatus.FREIGEGEBEN, None)
    assert freigegeben.akteur == personen.akteur_a
    assert not freigegeben.history.filter(eingereicht_von=personen.partner_a.pk).exists()
    # The draft went, with its history; partner_b's is untouched.
    assert not Sachstand.objects.filter(pk=wartet.pk).exists()
    assert not Sachstand.history.filter(id=wartet.pk).exists()
    assert Sachstand.objects.get(pk=fremd.pk).eingereicht_von == personen.partner_b
    # Login records of the person are gone, others' stay.
    assert not AccessLog.objects.filter(username="partner_a").exists()
    assert not AccessAttempt.objects.filter(username="partner_a").exists()
    assert AccessLog.objects.filter(username="partner_b").exists()
    assert personen.akteur_a.mitglieder.get() == personen.kollegin_a

    # Public page, API and the colleague's list show the Akteur, never a name.
    client.logout()
    seite = client.get(plan.a.get_absolute_url()).content.decode()
    assert "Zwölf Kurse." in seite and "Amt A" in seite and "partner_a" not in seite
    api = client.get("/api/v1/sachstaende/?massnahme=5.2-1a").json()
    assert [s["text"] for s in api["results"]] == ["Zwölf Kurse."]
    assert "partner_a" not in str(api)
    client.force_login(personen.kollegin_a)
    meine = client.get(reverse("measures:meine-sachstaende")).content.decode()
    assert "von Amt A" in meine


def test_the_handlungsfeld_report_still_shows_the_sachstand_under_the_akteur(
    client, personen, lage
):
    plan, freigegeben, _, _ = lage
    person_loeschen(personen.partner_a, durch=personen.buero)
    nummer = plan.a.teilziel.handlungsfeld.nummer
    url = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": nummer})
    response = bericht_holen(client, url)
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(seite.extract_text() or "" for seite in PdfReader(BytesIO(pdf)).pages)
    assert "Zwölf Kurse." in text
    assert "partner_a" not in text


def test_deleting_a_reviewer_keeps_what_they_approved(personen, lage, django_user_model):
    _, freigegeben, _, _ = lage
    chefin = django_user_model.objects.create_superuser("chefin", "c@example.org", "x")
    person_loeschen(personen.buero, durch=chefin)
    freigegeben.refresh_from_db()
    assert (freigegeben.pruefstatus, freigegeben.geprueft_von) == (Pruefstatus.FREIGEGEBEN, None)


def test_the_buero_cannot_delete_itself_or_staff(client, personen, lage):
    client.force_login(personen.buero)
    kollege = User.objects.create_user("kollege", "k@example.org", "x", is_staff=True)
    antwort = _aktion(client, [personen.buero, kollege], bestaetigt="ja")
    inhalt = antwort.content.decode()
    assert "Ihr eigenes Konto können Sie hier nicht löschen." in inhalt
    assert "kann nur eine Administratorin oder ein Administrator löschen" in inhalt
    assert User.objects.filter(username__in=["buero", "kollege"]).count() == 2


@pytest.mark.parametrize("wer", ["partner_a", "partner_b", "buergerschaft"])
def test_nobody_but_the_buero_deletes_people(client, personen, lage, wer):
    client.force_login(getattr(personen, wer))
    _aktion(client, [personen.partner_b], bestaetigt="ja")
    assert User.objects.filter(username="partner_b").exists()
    with pytest.raises(PermissionDenied):
        person_loeschen(personen.partner_b, durch=getattr(personen, wer))
    assert User.objects.filter(username="partner_b").exists()

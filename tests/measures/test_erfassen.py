"""The Büro records a Sachstand on an Akteur's behalf, and reviews what partners sent:
note, attachments and who submitted are on the review page (issue 14)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from measures import anhaenge, berichtsrunden, sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Ansprechperson, Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture(autouse=True)
def anhang_ordner(tmp_path, settings):
    settings.ANHANG_ROOT = tmp_path


def daten(**abweichend):
    return {
        "datum": timezone.localdate() - timedelta(days=1),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.GEFAEHRDET,
        "fortschritt": 45,
        "text": "Telefonisch: Der Kurs läuft, aber die Räume fehlen.",
        **abweichend,
    }


def erfassen_url(massnahme):
    return reverse("admin:measures_sachstand_erfassen", args=[massnahme.pk])


# --- the service ------------------------------------------------------------------------------


def test_erfassen_fuer_marks_and_waits_for_review(personen, plan):
    runde = b.berichtsrunde()
    berichtsrunden.oeffnen(runde, mails=False)
    s = sachstaende.erfassen_fuer(personen.buero, plan.a, personen.akteur_b, **daten())
    assert s.erfasst_durch_buero
    assert s.eingereicht_von == personen.buero
    assert s.akteur == personen.akteur_b
    assert s.pruefstatus == Pruefstatus.EINGEREICHT
    assert s.berichtsrunde == runde  # B was asked about 5.2-1a in the open round
    sachstaende.freigeben(s, personen.buero)
    plan.a.refresh_from_db()
    assert plan.a.fortschritt == 45


@pytest.mark.parametrize("wer", ["partner_a", "buergerschaft"])
def test_erfassen_fuer_is_for_staff_only(personen, plan, wer):
    with pytest.raises(PermissionDenied):
        sachstaende.erfassen_fuer(getattr(personen, wer), plan.a, personen.akteur_a, **daten())
    assert not Sachstand.objects.exists()


def test_erfassen_fuer_needs_a_responsible_akteur_and_the_model_rules(personen, plan):
    with pytest.raises(ValidationError) as fehler:
        sachstaende.erfassen_fuer(personen.buero, plan.b, personen.akteur_a, **daten())
    assert "nicht zuständig" in str(fehler.value)
    with pytest.raises(ValidationError):
        sachstaende.erfassen_fuer(
            personen.buero,
            plan.a,
            personen.akteur_a,
            **daten(datum=timezone.localdate() + timedelta(days=3)),
        )
    assert not Sachstand.objects.exists()


# --- the admin page ---------------------------------------------------------------------------


def test_admin_page_records_for_the_chosen_akteur(client, personen, plan):
    client.force_login(personen.buero)
    aenderung = client.get(reverse("admin:measures_massnahme_change", args=[plan.a.pk]))
    assert erfassen_url(plan.a) in aenderung.content.decode()
    seite = client.get(erfassen_url(plan.a))
    assert seite.status_code == 200
    assert set(seite.context["form"].fields["akteur"].queryset) == {
        personen.akteur_a,
        personen.akteur_b,
    }
    eingabe = {
        **{k: str(v) for k, v in daten().items()},
        "akteur": personen.akteur_a.pk,
        "notiz_an_buero": "per E-Mail vom 3.11.",
        "anhaenge": [SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")],
    }
    antwort = client.post(erfassen_url(plan.a), eingabe)
    assert antwort.status_code == 302
    s = Sachstand.objects.get()
    assert (s.akteur, s.erfasst_durch_buero, s.notiz_an_buero) == (
        personen.akteur_a,
        True,
        "per E-Mail vom 3.11.",
    )
    assert s.anhaenge.get().dateiname == "scan.pdf"
    liste = client.get(reverse("admin:measures_sachstand_changelist")).content.decode()
    assert "erfasst durch das Büro für Amt A" in liste


def test_admin_page_refuses_a_foreign_akteur_pk(client, personen, plan):
    client.force_login(personen.buero)
    eingabe = {**{k: str(v) for k, v in daten().items()}, "akteur": personen.akteur_a.pk}
    antwort = client.post(erfassen_url(plan.b), eingabe)  # A is not responsible for 5.2-1b
    assert antwort.status_code == 200
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize("wer", [None, "partner_a", "buergerschaft"])
def test_admin_page_only_for_staff(client, personen, plan, wer):
    if wer:
        client.force_login(getattr(personen, wer))
    antwort = client.get(erfassen_url(plan.a))
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("admin:login"))


def test_recorded_sachstand_is_marked_for_partner_and_public(client, personen, plan):
    s = sachstaende.erfassen_fuer(personen.buero, plan.a, personen.akteur_a, **daten())
    client.force_login(personen.partner_a)
    meine = client.get(reverse("measures:meine-sachstaende")).content.decode()
    assert "erfasst durch das Büro für Amt A" in meine
    client.logout()
    assert "erfasst durch das Büro" not in client.get(plan.a.get_absolute_url()).content.decode()
    sachstaende.freigeben(s, personen.buero)
    oeffentlich = client.get(plan.a.get_absolute_url()).content.decode()
    assert "erfasst durch das Büro für Amt A" in oeffentlich


# --- the review page shows note, attachments, who submitted -------------------------------


def test_review_page_shows_note_attachments_and_submitter(client, personen, plan):
    s = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, notiz_an_buero="Bitte anrufen")
    upload = SimpleUploadedFile("bericht.pdf", PDF, content_type="application/pdf")
    anhang = anhaenge.speichern(s, [upload])[0]
    client.force_login(personen.buero)
    inhalt = client.get(reverse("admin:measures_sachstand_change", args=[s.pk])).content.decode()
    assert "Bitte anrufen" in inhalt
    assert reverse("measures:anhang", kwargs={"pk": s.pk, "anhang_pk": anhang.pk}) in inhalt
    assert "partner_a" in inhalt


def test_review_page_names_the_contact_without_account(client, personen, plan):
    person = Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Frau Ohnekonto", email="ohne@example.org"
    )
    s = b.sachstand(plan.a, personen.akteur_a, None, ansprechperson=person)
    client.force_login(personen.buero)
    inhalt = client.get(reverse("admin:measures_sachstand_change", args=[s.pk])).content.decode()
    assert "Frau Ohnekonto (Ansprechperson ohne Konto)" in inhalt

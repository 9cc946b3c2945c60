"""Approved / returned: the submitter hears of it (account, contact without account, or, for one
the Büro recorded, the Akteur's reporting contacts); logged as versand.Mail; opt-out respected."""

import pytest
from django.core import mail
from django.db import transaction

from benachrichtigungen import abbestellen
from benachrichtigungen.choices import ANLASS_FREIGEGEBEN, ANLASS_ZURUECKGEGEBEN, Art
from measures import sachstaende
from measures.models import Ansprechperson
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from versand.models import Mail


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


def empfaenger():
    return sorted(a for nachricht in mail.outbox for a in nachricht.to)


def test_approval_tells_the_submitter_only(personen, plan, django_capture_on_commit_callbacks):
    s = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        sachstaende.freigeben(s, personen.buero, "Danke, sehr klar.")
    assert empfaenger() == ["partner_a@example.org"]  # not the colleague, not the Büro
    nachricht = mail.outbox[0]
    assert nachricht.subject == "Ihr Sachstand zu 5.2 / 1 a wurde freigegeben"
    assert "Danke, sehr klar." in nachricht.body
    assert "/meine-sachstaende/" in nachricht.body
    assert "/benachrichtigungen/abbestellen/" in nachricht.body
    logged = Mail.objects.get()
    assert (logged.anlass, logged.bezug) == (ANLASS_FREIGEGEBEN, f"sachstand:{s.pk}")


def test_return_carries_the_bueros_comment(personen, plan, django_capture_on_commit_callbacks):
    s = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        sachstaende.zurueckgeben(s, personen.buero, "Bitte den Fortschritt begründen.")
    nachricht = mail.outbox[0]
    assert "Überarbeitung" in nachricht.subject
    assert "Bitte den Fortschritt begründen." in nachricht.body
    assert Mail.objects.get().anlass == ANLASS_ZURUECKGEGEBEN


def test_a_contact_without_account_hears_through_its_address(
    personen, plan, django_capture_on_commit_callbacks
):
    kontakt = Ansprechperson.objects.create(
        akteur=personen.akteur_b, name="Vera Verein", email="vera@example.org"
    )
    s = b.sachstand(plan.b, personen.akteur_b, None, ansprechperson=kontakt)
    with django_capture_on_commit_callbacks(execute=True):
        sachstaende.zurueckgeben(s, personen.buero, "Bitte ergänzen.")
    assert empfaenger() == ["vera@example.org"]
    assert "Guten Tag Vera Verein," in mail.outbox[0].body
    # Not in a round: the way back is the page that sends a fresh personal link.
    assert "/melden/neuer-link/" in mail.outbox[0].body  # benachrichtigungen.links.meldelink


def test_one_recorded_by_the_buero_goes_to_the_akteurs_reporting_contacts(
    personen, plan, django_capture_on_commit_callbacks
):
    s = b.sachstand(plan.a, personen.akteur_a, personen.buero, erfasst_durch_buero=True)
    with django_capture_on_commit_callbacks(execute=True):
        sachstaende.freigeben(s, personen.buero)
    assert empfaenger() == ["kollegin_a@example.org", "partner_a@example.org"]


def test_switched_off_means_no_mail(personen, plan, django_capture_on_commit_callbacks):
    abbestellen.abbestellen("Partner_A@Example.org", Art.PRUEFUNG)
    abbestellen.abbestellen("partner_a@example.org", Art.ERINNERUNG)  # other kind: irrelevant
    s = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        sachstaende.freigeben(s, personen.buero)
    assert mail.outbox == []
    assert not Mail.objects.exists()


def test_a_rolled_back_review_sends_nothing(personen, plan, django_capture_on_commit_callbacks):
    s = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sachstaende.freigeben(s, personen.buero)
        raise RuntimeError("Abbruch")
    assert mail.outbox == []

"""The round's request and reminder mails: per address, through versand, bulk queries."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures import berichtsrunden
from measures.models import Ansprechperson, Berichtsrunde, Rundenzugang
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from versand.models import Mail


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


def test_one_mail_per_address_even_for_two_akteure(
    personen, plan, django_capture_on_commit_callbacks
):
    for akteur in (personen.akteur_a, personen.akteur_b):
        Ansprechperson.objects.create(akteur=akteur, name="Doppelt", email="doppelt@example.org")
    runde = b.berichtsrunde()
    with django_capture_on_commit_callbacks(execute=True):
        versand = berichtsrunden.oeffnen(runde)
    (doppelt,) = [m for m in mail.outbox if m.to == ["doppelt@example.org"]]
    assert "Amt A:" in doppelt.body and "Verein B:" in doppelt.body
    assert doppelt.body.count("/melden/") == 2  # a personal link per Akteur
    assert versand.mails == Mail.objects.count() == 4  # partner_a, kollegin_a, partner_b, doppelt


def test_inactive_contacts_get_nothing(personen, plan, django_capture_on_commit_callbacks):
    Ansprechperson.objects.create(akteur=personen.akteur_b, email="weg@example.org", aktiv=False)
    runde = b.berichtsrunde()
    with django_capture_on_commit_callbacks(execute=True):
        berichtsrunden.oeffnen(runde)
    assert "weg@example.org" not in [m.to[0] for m in mail.outbox]
    assert not Rundenzugang.objects.exists()


def test_the_reminder_carries_a_fresh_link_and_the_old_one_still_works(
    client, personen, plan, django_capture_on_commit_callbacks
):
    Ansprechperson.objects.create(akteur=personen.akteur_b, email="vera@example.org")
    runde = b.berichtsrunde()
    with django_capture_on_commit_callbacks(execute=True):
        berichtsrunden.oeffnen(runde)
        berichtsrunden.erinnern(runde)
    an_vera = [m for m in mail.outbox if m.to == ["vera@example.org"]]
    assert [m.subject.startswith("Erinnerung") for m in an_vera] == [False, True]
    assert Rundenzugang.objects.count() == 2
    assert Mail.objects.filter(anlass="berichtsrunde_erinnerung").count() == 4  # nobody answered
    for m in an_vera:
        (pfad,) = re.findall(r"/melden/[A-Za-z0-9_-]{20,}/", m.body)
        assert client.get(pfad).status_code == 200


def _aufbauen(faktor):
    akteure = [b.akteur(f"Akteur {faktor}-{i}") for i in range(2 * faktor)]
    b.plan_mit_massnahmen(5 * faktor, akteure)
    for i, akteur in enumerate(akteure):
        Ansprechperson.objects.create(akteur=akteur, email=f"ohne-{faktor}-{i}@example.org")
        user = User.objects.create_user(f"konto-{faktor}-{i}", f"konto-{faktor}-{i}@example.org")
        akteur.mitglieder.add(user)


@pytest.mark.parametrize("schritt", ["oeffnen", "erinnern"])
def test_queries_do_not_grow_with_anfragen_or_persons(db, schritt):
    zaehlung = []
    for faktor in (1, 10):
        _aufbauen(faktor)
        runde = b.berichtsrunde(titel=f"Runde {faktor}")
        if schritt == "erinnern":
            berichtsrunden.oeffnen(runde, mails=False)
        with CaptureQueriesContext(connection) as abfragen:
            if schritt == "oeffnen":
                versand = berichtsrunden.oeffnen(runde)
            else:
                versand = berichtsrunden.erinnern(runde)
        assert versand.mails == Mail.objects.filter(bezug=f"berichtsrunde:{runde.pk}").count()
        assert versand.mails >= 4 * faktor
        zaehlung.append(len(abfragen))
        # Only one round may be open: close this one for the next size.
        Berichtsrunde.objects.filter(pk=runde.pk).update(status="geschlossen")
    assert zaehlung[0] == zaehlung[1], zaehlung

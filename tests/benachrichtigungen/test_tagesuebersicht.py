"""The Büro's daily digest: one mail per Büro address, only when something happened."""

from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import Group, User

from benachrichtigungen import abbestellen
from benachrichtigungen.choices import ANLASS_TAGESUEBERSICHT, Art
from benachrichtigungen.models import Tageslauf
from measures.roles import BUERO
from tests import builders as b
from tests.benachrichtigungen.conftest import BERLIN, tag
from versand.models import Mail

STAFF = "buero@example.org"


def test_nothing_happened_sends_nothing(lage, laufen):
    assert laufen(tag(-20)) == {}
    assert Tageslauf.objects.get().datum == tag(-20)  # the day is done all the same
    assert not Mail.objects.filter(anlass=ANLASS_TAGESUEBERSICHT).exists()


def test_a_new_submission_is_in_the_next_digest(lage, laufen):
    laufen(tag(-21))
    personen = lage.personen
    eingereicht = datetime.combine(tag(-21), time(14), tzinfo=BERLIN)
    import time_machine

    with time_machine.travel(eingereicht, tick=False):
        b.sachstand(lage.plan.a, personen.akteur_a, personen.partner_a, berichtsrunde=lage.runde)
    post = laufen(tag(-20))
    assert set(post) == {STAFF}
    text = post[STAFF][0].body
    assert "1 neuer Sachstand:" in text
    assert "5.2 / 1 a (Amt A)" in text
    assert post[STAFF][0].subject == "Tagesübersicht des Integrationsportals vom 11.07.2026"
    # ... and not again the day after.
    assert laufen(tag(-19)) == {}


def test_one_mail_per_buero_address_group_members_included_opt_out_applies(lage, laufen):
    gruppe = Group.objects.get(name=BUERO)
    doppelt = User.objects.create_user("zweitkonto", "BUERO@example.org", "x-12345678")
    doppelt.groups.add(gruppe)
    mitglied = User.objects.create_user("gruppe", "gruppe@example.org", "x-12345678")
    mitglied.groups.add(gruppe)
    ruhig = User.objects.create_user("ruhig", "ruhig@example.org", "x-12345678", is_staff=True)
    abbestellen.abbestellen(ruhig.email, Art.TAGESUEBERSICHT)
    User.objects.create_user("weg", "weg@example.org", "x-12345678", is_staff=True, is_active=False)
    b.sachstand(lage.plan.a, lage.personen.akteur_a, lage.personen.partner_a)
    post = laufen(tag(-20))
    assert set(post) == {STAFF, "gruppe@example.org"}
    assert all(len(m) == 1 for m in post.values())


def test_overdue_requests_escalations_and_target_dates(lage, laufen):
    laufen(tag(0))
    post = laufen(tag(1))
    text = post[STAFF][0].body
    assert "Neu überfällige Anfragen je Akteur:" in text
    assert "Amt A: 2" in text and "Verein B: 2" in text
    assert "überfällige Anfragen in der offenen Berichtsrunde: 4" in text


def test_a_measure_past_its_target_date(lage, laufen):
    laufen(tag(-30))
    lage.plan.d.zieldatum = tag(-30)
    lage.plan.d.save()
    post = laufen(tag(-29))
    text = post[STAFF][0].body
    assert "Neu überfällige Maßnahmen (Zieldatum oder Meilenstein verpasst):" in text
    assert "4.1.2 / 1 a (Zieldatum 01.07.2026)" in text
    assert "überfällige Maßnahmen (Zieldatum oder Meilenstein verpasst): 1" in text
    assert laufen(tag(-28)) == {}  # still overdue, but nothing new


def test_akteure_without_reachable_person_are_listed(lage, laufen):
    from measures.models import Ansprechperson

    Ansprechperson.objects.filter(akteur=lage.personen.akteur_b).update(aktiv=False)
    b.sachstand(lage.plan.a, lage.personen.akteur_a, lage.personen.partner_a)
    text = laufen(tag(-20))[STAFF][0].body
    assert "Akteure ohne erreichbare Ansprechperson: 1" in text
    assert "    - Verein B" in text


@pytest.mark.parametrize("abstand", [-20, 1, 14])
def test_running_twice_the_same_day_sends_no_second_digest(lage, laufen, abstand):
    b.sachstand(lage.plan.a, lage.personen.akteur_a, lage.personen.partner_a)
    laufen(tag(abstand))
    assert laufen(tag(abstand)) == {}
    assert Mail.objects.filter(anlass=ANLASS_TAGESUEBERSICHT).count() == 1


def test_the_digest_queries_do_not_grow(lage, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benachrichtigungen import tagesuebersicht

    def zaehlen(datum):
        with CaptureQueriesContext(connection) as abfragen:
            tagesuebersicht.senden(datum)
        return len(abfragen)

    for m in (lage.plan.a, lage.plan.b):
        b.sachstand(m, lage.personen.akteur_b, lage.personen.partner_b)
    wenig = zaehlen(date(2026, 8, 20))
    for _ in range(10):
        for m in (lage.plan.a, lage.plan.b, lage.plan.d):
            b.sachstand(m, lage.personen.akteur_a, lage.personen.partner_a)
    Tageslauf.objects.all().delete()
    Mail.objects.all().delete()
    assert zaehlen(date(2026, 8, 20)) == wenig <= 21  # 5 parts listed and counted, 1 Büro address

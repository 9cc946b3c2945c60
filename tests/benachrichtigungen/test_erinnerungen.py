"""The escalation chain with a fixed clock: −7 and +1 reporting contacts, +7 coordinator, +14 Büro.

Also: −3 "closes soon", 5 days between reminders to one address, one mail per person, answered
Anfragen left out, steps recorded once, a bounded number of queries.
"""

import hashlib
import re
from datetime import datetime, time

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benachrichtigungen import erinnerungen
from benachrichtigungen.choices import ANLASS_ERINNERUNG, Stufe
from benachrichtigungen.models import Schritt
from measures.choices import AnsprechpersonRolle, Status
from measures.models import Ansprechperson, Berichtsanfrage, Massnahme, Rundenzugang, Zustaendigkeit
from tests import builders as b
from tests.benachrichtigungen.conftest import BERLIN, tag
from versand.models import Mail

PARTNER_A = "partner_a@example.org"
KOLLEGIN_A = "kollegin_a@example.org"
PARTNER_B = "partner_b@example.org"
KORA = "kora@example.org"
DIRK = "dirk@example.org"
BUERO = "buero@example.org"
BIS_PLUS_EINS = {Stufe.VORAB, Stufe.BALD_FAELLIG, Stufe.ERINNERUNG}


def stufen(lage, akteur):
    return set(
        Schritt.objects.filter(anfrage__akteur=akteur).values_list("stufe", flat=True).distinct()
    )


def test_nothing_before_seven_days_ahead(lage, laufen):
    assert laufen(tag(-8)) == {}
    assert not Schritt.objects.exists()


def test_minus_seven_reminds_the_reporting_contacts_only(lage, laufen):
    post = laufen(tag(-7))
    assert set(post) == {PARTNER_A, KOLLEGIN_A, PARTNER_B}  # not the coordinators, not the Büro
    text = post[PARTNER_A][0].body
    assert "Sachstandsbericht 2026" in text
    assert "5.2 / 1 a" in text and "4.1.2 / 1 a" in text
    assert "5.2 / 1 b" not in text  # that one Verein B owes
    assert "fällig am 31.07.2026" in text
    assert "/meine-massnahmen/" in text
    assert "/benachrichtigungen/abbestellen/" in text
    assert post[PARTNER_A][0].subject.startswith("Erinnerung: Sachstände")
    assert stufen(lage, lage.personen.akteur_a) == {Stufe.VORAB}
    # Logged: a versand.Mail per person, and the Anfrage knows when it was reminded.
    assert Mail.objects.filter(anlass=ANLASS_ERINNERUNG).count() == 3
    assert not Berichtsanfrage.objects.filter(erinnert_am__isnull=True).exists()


def test_coordinators_report_when_nobody_has_the_reporting_role(lage, laufen):
    Ansprechperson.objects.filter(akteur=lage.personen.akteur_a).exclude(
        pk=lage.koordinatorin.pk
    ).update(rolle=AnsprechpersonRolle.KOORDINIERT)
    post = laufen(tag(-7))
    assert {PARTNER_A, KOLLEGIN_A, KORA} <= set(post)


def test_answered_anfragen_are_not_reminded(lage, laufen):
    personen, plan = lage.personen, lage.plan
    b.sachstand(plan.a, personen.akteur_a, personen.partner_a, berichtsrunde=lage.runde)
    b.sachstand(plan.d, personen.akteur_a, personen.partner_a, berichtsrunde=lage.runde)
    post = laufen(tag(-7))
    assert PARTNER_A not in post and KOLLEGIN_A not in post
    assert PARTNER_B in post


def test_plus_one_reminds_again_and_says_overdue(lage, laufen):
    laufen(tag(-7))
    post = laufen(tag(1))
    # The Büro's digest tells of the Anfragen that became overdue.
    assert set(post) == {PARTNER_A, KOLLEGIN_A, PARTNER_B, BUERO}
    assert "seit 1 Tag überfällig" in post[PARTNER_A][0].body
    assert stufen(lage, lage.personen.akteur_a) == {
        Stufe.VORAB,
        Stufe.BALD_FAELLIG,
        Stufe.ERINNERUNG,
    }


def test_closes_soon_reaches_who_was_not_reminded_lately(lage, laufen):
    laufen(tag(-7))
    neu = Ansprechperson.objects.create(
        akteur=lage.personen.akteur_a, name="Neue Person", email="Neu@Example.org"
    )
    post = laufen(tag(-3))
    assert set(post) == {"neu@example.org"}  # the others heard of it 4 days ago
    assert "fällig am 31.07.2026" in post["neu@example.org"][0].body
    schritt = Schritt.objects.get(
        anfrage__akteur=lage.personen.akteur_a,
        stufe=Stufe.BALD_FAELLIG,
        anfrage__massnahme=lage.plan.a,
    )
    assert schritt.empfaenger == neu.email
    assert "partner_a@example.org: innerhalb von 5 Tagen schon erinnert" in schritt.hinweis


def test_five_days_between_two_reminders_to_one_address(lage, laufen):
    # The round was due earlier than thought: −7 on Monday, then +1 four days later.
    laufen(tag(-7))
    assert laufen(tag(-3)) == {}
    # Five calendar days after the last one it goes out again, even at an earlier hour.
    Mail.objects.filter(anlass=ANLASS_ERINNERUNG).update(
        erstellt_am=datetime.combine(tag(-4), time(23, 59), tzinfo=BERLIN)
    )
    assert set(laufen(tag(1))) == {PARTNER_A, KOLLEGIN_A, PARTNER_B, BUERO}


def test_four_days_is_too_soon_whatever_the_hour(lage, laufen):
    Mail.objects.create(
        empfaenger="Partner_A@example.org", betreff="x", text="x", anlass=ANLASS_ERINNERUNG
    )
    Mail.objects.filter(anlass=ANLASS_ERINNERUNG).update(
        erstellt_am=datetime.combine(tag(-3), time(0, 1), tzinfo=BERLIN)
    )
    post = laufen(tag(1))
    assert PARTNER_A not in post and KOLLEGIN_A in post


def test_plus_seven_goes_to_the_coordinator_or_the_parents(lage, laufen):
    laufen(tag(-7))
    laufen(tag(1))
    post = laufen(tag(7))
    assert set(post) == {KORA, DIRK}  # contacts were reminded at +1, 6 days ago: no new step
    kora = post[KORA][0]
    assert kora.subject.startswith("Überfällige Sachstände in Ihrem Bereich")
    assert "Amt A" in kora.body and "seit 7 Tagen überfällig" in kora.body
    assert "Verein B" not in kora.body
    assert "Verein B" in post[DIRK][0].body and "5.2 / 1 b" in post[DIRK][0].body
    # Kora has no account: her mail carries a personal round link (meldelink), and it is hers.
    token = re.search(r"/melden/([^/\s]+)/", kora.body).group(1)
    zugang = Rundenzugang.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert zugang.ansprechperson.email == KORA and zugang.berichtsrunde.status == "offen"
    schritt = Schritt.objects.filter(
        stufe=Stufe.KOORDINATION, anfrage__akteur=lage.personen.akteur_b
    )
    assert {s.empfaenger for s in schritt} == {DIRK}


def test_plus_seven_without_any_coordinator_is_noted(lage, laufen):
    lage.dach_koordinator.delete()
    laufen(tag(7))
    schritt = Schritt.objects.filter(
        stufe=Stufe.KOORDINATION, anfrage__akteur=lage.personen.akteur_b
    )
    assert schritt and all(s.empfaenger == "" for s in schritt)
    assert all(s.hinweis == "keine Koordination erreichbar" for s in schritt)


def test_plus_fourteen_puts_the_akteur_into_the_bueros_digest(lage, laufen):
    for abstand in (-7, 1, 7):
        laufen(tag(abstand))
    post = laufen(tag(14))
    assert set(post) == {BUERO}  # no partner mail at +14
    text = post[BUERO][0].body
    assert "Seit 14 Tagen überfällig" in text
    assert "Amt A: 2 Anfragen" in text and "Verein B: 2 Anfragen" in text
    assert Schritt.objects.filter(stufe=Stufe.BUERO).count() == 4


def test_a_missed_day_catches_up_in_one_mail(lage, laufen):
    post = laufen(tag(2))  # the timer did not run for ten days
    assert len(post[PARTNER_A]) == 1
    assert stufen(lage, lage.personen.akteur_a) == {
        Stufe.VORAB,
        Stufe.BALD_FAELLIG,
        Stufe.ERINNERUNG,
    }


def test_one_mail_per_person_for_all_their_akteure(lage, laufen):
    lage.personen.akteur_b.mitglieder.add(lage.personen.kollegin_a)
    post = laufen(tag(-7))
    assert len(post[KOLLEGIN_A]) == 1
    text = post[KOLLEGIN_A][0].body
    assert "Amt A" in text and "Verein B" in text and "5.2 / 1 b" in text


def test_a_person_both_reporting_and_coordinating_gets_one_mail(lage, laufen):
    laufen(tag(-7))
    lage.koordinatorin.email = PARTNER_B
    lage.koordinatorin.save()
    post = laufen(tag(7))
    assert len(post[PARTNER_B]) == 1


def test_closed_and_planned_rounds_send_nothing(lage, laufen):
    lage.runde.status = "geschlossen"
    lage.runde.save()
    assert laufen(tag(1)) == {}


def test_inactive_contacts_and_accounts_get_nothing(lage, laufen):
    lage.personen.kollegin_a.is_active = False
    lage.personen.kollegin_a.save()
    Ansprechperson.objects.filter(user=lage.personen.partner_b).update(aktiv=False)
    post = laufen(tag(-7))
    assert set(post) == {PARTNER_A}
    schritt = Schritt.objects.filter(anfrage__akteur=lage.personen.akteur_b, stufe=Stufe.VORAB)
    assert {s.hinweis for s in schritt} == {"niemand erreichbar"}


def test_running_twice_the_same_day_sends_nothing_more(lage, laufen):
    assert laufen(tag(-7))
    assert laufen(tag(-7)) == {}
    assert Schritt.objects.count() == 4
    assert Mail.objects.filter(anlass=ANLASS_ERINNERUNG).count() == 3


def _mehr_anfragen(lage, anzahl):
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), f"9.{anzahl}"), 1)
    massnahmen = Massnahme.objects.bulk_create(
        Massnahme(teilziel=tz, kennung=f"x{i}", text="Mehr", status=Status.IN_PLANUNG)
        for i in range(anzahl)
    )
    for akteur in (lage.personen.akteur_a, lage.personen.akteur_b):
        Zustaendigkeit.objects.bulk_create(
            Zustaendigkeit(massnahme=m, akteur=akteur, seite=akteur.seite) for m in massnahmen
        )
        Berichtsanfrage.objects.bulk_create(
            Berichtsanfrage(berichtsrunde=lage.runde, massnahme=m, akteur=akteur)
            for m in massnahmen
        )


def _zaehlen(datum, django_capture_on_commit_callbacks):
    moment = datetime.combine(datum, time(6), tzinfo=BERLIN)
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as abfragen:
        erinnerungen.laufen(datum)
    return len(abfragen)


def test_queries_do_not_grow_with_the_anfragen(lage, django_capture_on_commit_callbacks):
    _mehr_anfragen(lage, 2)
    wenig = _zaehlen(tag(7), django_capture_on_commit_callbacks)
    Schritt.objects.all().delete()
    Mail.objects.all().delete()
    _mehr_anfragen(lage, 20)
    viel = _zaehlen(tag(7), django_capture_on_commit_callbacks)
    assert wenig == viel
    assert viel <= 22  # reads, one insert of steps, one update, one insert per mail (5)


def test_a_manual_round_reminder_counts_for_the_five_days(lage, laufen):
    # The Büro reminded everyone by hand two days before −7: the chain waits.
    Mail.objects.create(
        empfaenger=PARTNER_A.upper(),
        betreff="Erinnerung",
        text="…",
        anlass="berichtsrunde_erinnerung",
    )
    post = laufen(tag(-7))
    assert PARTNER_A not in post

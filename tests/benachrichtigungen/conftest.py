"""A plan with an open round due 31.07.2026, the people of tests/people.py and a coordinator.

Akteur A (partner_a, kollegin_a; coordinator without account) owes 5.2-1a and 4.1.2-1a;
Verein B (partner_b; no coordinator, its parent "Dachverband" has one) owes 5.2-1a and 5.2-1b.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from measures import berichtsrunden
from measures.choices import AnsprechpersonRolle
from measures.models import Ansprechperson
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

FAELLIG = date(2026, 7, 31)
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class Lage:
    personen: object
    plan: object
    runde: object
    koordinatorin: object
    dachverband: object
    dach_koordinator: object


@pytest.fixture
def lage(personen):
    plan = plan_anlegen(personen)
    runde = b.berichtsrunde(titel="Sachstandsbericht 2026", faellig_am=FAELLIG)
    with time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=BERLIN), tick=False):
        berichtsrunden.oeffnen(runde, mails=False)
    koordinatorin = Ansprechperson.objects.create(
        akteur=personen.akteur_a,
        name="Kora Koordinatorin",
        email="kora@example.org",
        rolle=AnsprechpersonRolle.KOORDINIERT,
    )
    dachverband = b.akteur("Dachverband", seite="extern")
    personen.akteur_b.uebergeordnet = dachverband
    personen.akteur_b.save()
    dach_koordinator = Ansprechperson.objects.create(
        akteur=dachverband,
        name="Dirk Dach",
        email="dirk@example.org",
        rolle=AnsprechpersonRolle.KOORDINIERT,
    )
    return Lage(personen, plan, runde, koordinatorin, dachverband, dach_koordinator)


def tag(abstand):
    """The day ``abstand`` days after the round's faellig_am."""
    from datetime import timedelta

    return FAELLIG + timedelta(days=abstand)


@pytest.fixture
def laufen(django_capture_on_commit_callbacks):
    """Run the daily command at 06:00 on a day; returns ``{address: [messages]}`` of that run."""

    def ausfuehren(datum, *args):
        vorher = len(mail.outbox)
        moment = datetime.combine(datum, time(6), tzinfo=BERLIN)
        uhr = time_machine.travel(moment, tick=False)
        with uhr, django_capture_on_commit_callbacks(execute=True):
            call_command("benachrichtigungen_senden", "--datum", datum.isoformat(), *args)
        post = defaultdict(list)
        for nachricht in mail.outbox[vorher:]:
            for adresse in nachricht.to:
                post[adresse.lower()].append(nachricht)
        return dict(post)

    return ausfuehren

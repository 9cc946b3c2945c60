"""``manage.py demo_fortschritt``: an invented but dated history the reports can travel through."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from berichte.models import Einschaetzung
from measures.choices import RundenStatus, Status
from measures.models import Berichtsrunde, Berichtsstand, Massnahme, Sachstand
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    massnahmen = b.plan_mit_massnahmen(27)
    get_user_model().objects.create_user("buero", is_staff=True)
    return massnahmen


def test_refuses_without_debug(plan, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_fortschritt")
    assert not Berichtsrunde.objects.exists()


def test_writes_two_closed_rounds_with_dated_history_once(plan):
    call_command("demo_fortschritt", force=True)
    geschlossen = Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN)
    assert sorted(r.stichtag for r in geschlossen) == [
        datetime.date(2025, 6, 30),
        datetime.date(2026, 6, 30),
    ]
    assert Berichtsrunde.objects.filter(status=RundenStatus.GEPLANT).count() == 1
    assert Berichtsstand.objects.count() == 2 * len(plan)
    assert Sachstand.objects.exists()
    assert Einschaetzung.objects.filter(handlungsfeld__isnull=True).count() == 1

    # The history carries the invented dates: in mid-2025 nothing was done yet, today some are.
    mitte_2025 = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)
    damals = Massnahme.history.as_of(mitte_2025)
    assert damals.count() == len(plan)
    assert not damals.filter(status=Status.UMGESETZT).exists()
    assert damals.exclude(status=Status.NICHT_BEGONNEN).exists()
    assert Massnahme.objects.filter(status=Status.UMGESETZT).exists()

    anzahl = Sachstand.objects.count()
    call_command("demo_fortschritt", force=True)
    assert Sachstand.objects.count() == anzahl
    assert Berichtsrunde.objects.count() == 3

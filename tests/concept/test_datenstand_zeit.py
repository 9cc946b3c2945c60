"""The time of the Datenstand's last change (Last-Modified of pages, API and downloads)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concept.datenstand import datenstand, stand
from measures.models import Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db

# The database's clock and Python's are the same machine's; a second of slack for rounding.
SPIEL = timedelta(seconds=2)


@pytest.fixture
def massnahme(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    return b.massnahme(b.teilziel(hf, 1), "a")


def test_stamp_and_time_come_in_one_query(massnahme):
    with CaptureQueriesContext(connection) as abfragen:
        ergebnis = stand()
    assert len(abfragen) == 1
    assert ergebnis.stempel == datenstand()
    assert ergebnis.zeit.tzinfo is not None
    assert ergebnis.zeit.utcoffset() == timedelta(0)


def test_a_change_moves_the_time_to_now(massnahme):
    vorher = stand()
    start = datetime.now(UTC)
    Massnahme.objects.filter(pk=massnahme.pk).update(fortschritt=40)
    nachher = stand()
    assert nachher.stempel != vorher.stempel
    assert start - SPIEL <= nachher.zeit <= datetime.now(UTC) + SPIEL
    assert nachher.zeit >= vorher.zeit


def test_reading_and_unwatched_writes_leave_the_time(massnahme):
    from django.contrib.auth.models import User

    vorher = stand()
    User.objects.create_user("niemand-sieht-das")
    assert stand() == vorher


def test_an_empty_table_has_no_time(massnahme):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM concept_datenstand")
    leer = stand()
    assert leer.zeit is None
    assert leer.stempel

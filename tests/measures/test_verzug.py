"""Überfällig: the SQL rule (MassnahmeQuerySet.ueberfaellig) and the Python rule
(measures/verzug.py) give the same answer for every case."""

import datetime

import pytest

from measures.choices import Status
from measures.models import Massnahme, Meilenstein
from measures.verzug import ist_ueberfaellig
from tests import builders as b

TAG = datetime.date(2026, 6, 30)
GESTERN = TAG - datetime.timedelta(days=1)
MORGEN = TAG + datetime.timedelta(days=1)

FAELLE = [
    # (status, zieldatum, [(fällig, erledigt)], erwartet)
    (Status.IN_UMSETZUNG, None, [], False),
    (Status.IN_UMSETZUNG, GESTERN, [], True),
    (Status.IN_UMSETZUNG, TAG, [], False),
    (Status.UMGESETZT, GESTERN, [], False),
    (Status.ENTFALLEN, GESTERN, [(GESTERN, None)], False),
    (Status.IN_PLANUNG, MORGEN, [(GESTERN, None)], True),
    (Status.IN_PLANUNG, None, [(GESTERN, GESTERN)], False),
    (Status.IN_PLANUNG, None, [(GESTERN, TAG)], False),
    # Done only after the Stichtag: at the Stichtag it was still open.
    (Status.IN_PLANUNG, None, [(GESTERN, MORGEN)], True),
    (Status.IN_PLANUNG, None, [(TAG, None), (MORGEN, None)], False),
]


@pytest.mark.parametrize("status,zieldatum,meilensteine,erwartet", FAELLE)
def test_python_rule(status, zieldatum, meilensteine, erwartet):
    assert ist_ueberfaellig(status, zieldatum, meilensteine, TAG) is erwartet


@pytest.mark.django_db
def test_sql_rule_gives_the_same_answers():
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.2"), 1)
    erwartet = set()
    for i, (status, zieldatum, meilensteine, soll) in enumerate(FAELLE):
        m = b.massnahme(tz, chr(ord("a") + i), status=status)
        Massnahme.objects.filter(pk=m.pk).update(zieldatum=zieldatum)
        for faellig, erledigt in meilensteine:
            Meilenstein.objects.create(
                massnahme=m, titel="Schritt", faellig_am=faellig, erledigt_am=erledigt
            )
        if soll:
            erwartet.add(m.pk)
    assert set(Massnahme.objects.ueberfaellig(TAG).values_list("pk", flat=True)) == erwartet


@pytest.mark.django_db
def test_a_milestone_cannot_be_done_in_the_future_whoever_saves_it():
    """The rule is the model's, so the admin, the partner's Sachstand and imports share it."""
    from django.core.exceptions import ValidationError

    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.2"), 1)
    stein = Meilenstein(
        massnahme=b.massnahme(tz, "a"),
        titel="Träger beauftragt",
        faellig_am=TAG,
        erledigt_am=datetime.date.today() + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as fehler:
        stein.full_clean()
    assert "in der Zukunft" in " ".join(fehler.value.message_dict["erledigt_am"])
    stein.erledigt_am = datetime.date.today()
    stein.full_clean()

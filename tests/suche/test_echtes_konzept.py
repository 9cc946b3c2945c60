"""The search on the real 2020 concept: the same counts on SQLite and PostgreSQL (the figures
were taken on PostgreSQL; this test runs on both)."""

import io

import pytest
from django.core.management import call_command

from suche.abfragen import suchen

pytestmark = pytest.mark.django_db

ARTEN = (
    "massnahmen",
    "teilziele",
    "leitziele",
    "handlungsfelder",
    "akteure",
    "best_practice",
    "indikatoren",
)


# Loading the concept takes seconds: one test, every case.
FAELLE = {
    "Sprachmittler": (8, 4, 1, 1, 0, 1, 0),
    "Sprachmittlung": (8, 4, 1, 1, 0, 1, 0),
    "Strasse": (0, 0, 0, 1, 0, 0, 0),
    "Hanse-Jobcenter": (16, 1, 1, 3, 2, 2, 0),
    "HJC": (14, 0, 0, 0, 1, 0, 0),
}


def test_the_same_hits_on_both_databases(db):
    call_command("load_konzept", verbosity=0, stdout=io.StringIO())
    gefunden = {}
    for eingabe in FAELLE:
        ergebnis = suchen(eingabe)
        assert tuple(g.art.schluessel for g in ergebnis.gruppen) == ARTEN
        gefunden[eingabe] = tuple(g.anzahl for g in ergebnis.gruppen)
    assert gefunden == FAELLE

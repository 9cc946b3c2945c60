"""The staged roll-up (``rollup.fortschritt_baum`` and the annotations) against the rule in memory.

``rollup.mittel_der_mittel`` is the roll-up written out in Python (reports, a past Stichtag). On
random trees – two Konzepte, Handlungsfelder without Teilziele, Teilziele without measures or
only with entfallen ones, every status – the one-query tree, its restricted forms and the
annotations of the row queries must give the same value on every level, and no value where
Python has none. Runs on SQLite and on PostgreSQL (DATABASE_URL).

Massnahme.fortschritt is NOT NULL (default 0), so "no value" arises only from levels without a
counted measure; ``mittel_der_mittel`` also skips None for states in memory.
"""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concept.models import Handlungsfeld, Konzept, Teilziel
from measures.choices import Status
from measures.models import Massnahme
from measures.rollup import (
    fortschritt_baum,
    gerundet,
    handlungsfeld_fortschritt,
    konzept_fortschritt,
    mittel_der_ebene,
    mittel_der_mittel,
    teilziel_fortschritt,
)
from tests import builders as b

pytestmark = pytest.mark.django_db

massnahme_st = st.tuples(st.integers(0, 100), st.sampled_from(list(Status.values)))
teilziel_st = st.lists(massnahme_st, max_size=5)  # a Teilziel may have no measure
handlungsfeld_st = st.lists(teilziel_st, max_size=4)  # … a Handlungsfeld no Teilziel
konzept_st = st.lists(handlungsfeld_st, min_size=1, max_size=3)
baum_st = st.lists(konzept_st, min_size=1, max_size=2)  # a second Konzept must not mix in


def _anlegen(baum):
    konzepte = []
    for k_nr, handlungsfelder in enumerate(baum):
        k = b.konzept(beschlossen_am=date(2020 + k_nr, 11, 11))
        kap = b.kapitel(k)
        for i, teilziele in enumerate(handlungsfelder, start=1):
            hf = b.handlungsfeld(kap, f"5.{i}")
            for j, massnahmen in enumerate(teilziele, start=1):
                tz = b.teilziel(hf, j)
                for buchstabe, (fortschritt, status) in zip("abcde", massnahmen, strict=False):
                    b.massnahme(tz, buchstabe, fortschritt=fortschritt, status=status)
        konzepte.append(k)
    return konzepte


def _python(massnahmen):
    return mittel_der_mittel(
        (m.teilziel_id, m.teilziel.handlungsfeld_id, m.status, m.fortschritt)
        for m in massnahmen.select_related("teilziel")
    )


def _gleich(sql, python):
    """Equal as published (``gerundet``) and up to float noise; None only where Python has none."""
    if python is None:
        return sql is None
    return sql is not None and abs(sql - python) < 1e-9 and gerundet(sql) == gerundet(python)


def _gleiche_ebene(sql, python):
    assert set(sql) == set(python), (sql, python)  # a level without value is absent in both
    for pk, wert in python.items():
        assert _gleich(sql[pk], wert), (pk, sql[pk], wert)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(baum=baum_st)
def test_staged_sql_equals_the_mean_of_means_on_every_level(db, baum):
    with transaction.atomic():  # each example rolls back
        konzepte = _anlegen(baum)
        ganz = fortschritt_baum()
        gesamt_je_konzept = {}
        for k in konzepte:
            je_tz, je_hf, gesamt = _python(
                Massnahme.objects.filter(teilziel__handlungsfeld__konzept=k)
            )
            if gesamt is not None:
                gesamt_je_konzept[k.pk] = gesamt

            eines = fortschritt_baum(konzept=k)
            _gleiche_ebene(eines.teilziele, je_tz)
            _gleiche_ebene(eines.handlungsfelder, je_hf)
            _gleiche_ebene(eines.konzepte, {k.pk: gesamt} if gesamt is not None else {})

            tz_annotiert = Teilziel.objects.filter(handlungsfeld__konzept=k).annotate(
                f=teilziel_fortschritt()
            )
            for tz in tz_annotiert:
                assert _gleich(tz.f, je_tz.get(tz.pk)), (baum, tz.pk)
                assert _gleich(ganz.teilziele.get(tz.pk), je_tz.get(tz.pk)), (baum, tz.pk)
            for hf in Handlungsfeld.objects.filter(konzept=k).annotate(
                f=handlungsfeld_fortschritt()
            ):
                assert _gleich(hf.f, je_hf.get(hf.pk)), (baum, hf.pk)
                assert _gleich(ganz.handlungsfelder.get(hf.pk), je_hf.get(hf.pk)), (baum, hf.pk)
                # One Handlungsfeld alone: its Teilziele and itself, no Konzept value.
                allein = fortschritt_baum(handlungsfeld=hf)
                _gleiche_ebene(
                    allein.handlungsfelder, {hf.pk: je_hf[hf.pk]} if hf.pk in je_hf else {}
                )
                eigene = set(hf.teilziele.values_list("pk", flat=True))
                _gleiche_ebene(allein.teilziele, {pk: w for pk, w in je_tz.items() if pk in eigene})
                assert allein.konzepte == {}
            annotiert = Konzept.objects.filter(pk=k.pk).annotate(f=konzept_fortschritt()).get()
            assert _gleich(annotiert.f, gesamt), baum
            # ``/`` takes the Konzept as the mean of its annotated Handlungsfelder.
            hf_werte = Handlungsfeld.objects.filter(konzept=k).annotate(
                f=handlungsfeld_fortschritt()
            )
            assert _gleich(mittel_der_ebene(hf.f for hf in hf_werte), gesamt), baum
        _gleiche_ebene(ganz.konzepte, gesamt_je_konzept)
        transaction.set_rollback(True)


def test_the_tree_is_one_query(db, django_assert_num_queries):
    k = b.konzept()
    tz = b.teilziel(b.handlungsfeld(b.kapitel(k), "5.2"), 1)
    b.massnahme(tz, "a", fortschritt=40)
    b.massnahme(tz, "b", fortschritt=90, status=Status.ENTFALLEN)
    with django_assert_num_queries(1):
        baum = fortschritt_baum(konzept=k)
    assert baum.teilziele == {tz.pk: 40.0}
    assert baum.handlungsfelder == {tz.handlungsfeld_id: 40.0}
    assert baum.konzepte == {k.pk: 40.0}

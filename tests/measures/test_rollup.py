"""Progress rolls up Teilziel ← Maßnahmen, Handlungsfeld ← Teilziele, Konzept ← Handlungsfelder."""

import pytest

from concept.models import Handlungsfeld, Konzept, Teilziel
from measures.choices import Status
from measures.rollup import (
    fortschritt_baum,
    handlungsfeld_fortschritt,
    konzept_fortschritt,
    teilziel_fortschritt,
)
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Two Handlungsfelder; the first has Teilziele of different sizes and an entfallen measure."""
    k = b.konzept()
    kap = b.kapitel(k)
    hf1 = b.handlungsfeld(kap, "5.2")
    tz1 = b.teilziel(hf1, 1)
    b.massnahme(tz1, "a", fortschritt=100)
    b.massnahme(tz1, "b", fortschritt=50)
    b.massnahme(tz1, "c", fortschritt=0)
    b.massnahme(tz1, "d", fortschritt=90, status=Status.ENTFALLEN)  # does not count
    tz2 = b.teilziel(hf1, 2)
    b.massnahme(tz2, "a", fortschritt=20)
    tz3 = b.teilziel(hf1, 3)  # only an entfallen measure: no progress, not in the mean
    b.massnahme(tz3, "a", fortschritt=70, status=Status.ENTFALLEN)
    hf2 = b.handlungsfeld(kap, "5.3")
    tz4 = b.teilziel(hf2, 1)
    b.massnahme(tz4, "a", fortschritt=10)
    b.massnahme(tz4, "b", fortschritt=30)
    b.handlungsfeld(kap, "5.4", leitziel=None)  # no goals, no measures: not in the mean
    return k


def _by_pk(queryset, annotation):
    return {obj.pk: obj.fortschritt for obj in queryset.annotate(fortschritt=annotation)}


def test_teilziel_is_mean_of_counted_measures(plan):
    werte = {
        (t.handlungsfeld.nummer, t.nummer): t.fortschritt
        for t in Teilziel.objects.select_related("handlungsfeld").annotate(
            fortschritt=teilziel_fortschritt()
        )
    }
    assert werte[("5.2", 1)] == pytest.approx(50.0)  # (100 + 50 + 0) / 3, entfallen left out
    assert werte[("5.2", 2)] == pytest.approx(20.0)
    assert werte[("5.2", 3)] is None
    assert werte[("5.3", 1)] == pytest.approx(20.0)


def test_handlungsfeld_is_mean_of_teilziele_not_of_measures(plan):
    werte = {
        h.nummer: h.fortschritt
        for h in Handlungsfeld.objects.annotate(fortschritt=handlungsfeld_fortschritt())
    }
    # (50 + 20) / 2 = 35; the mean over all four counted measures would be 42.5.
    assert werte["5.2"] == pytest.approx(35.0)
    assert werte["5.3"] == pytest.approx(20.0)
    assert werte["5.4"] is None


def test_konzept_is_mean_of_handlungsfelder(plan):
    k = Konzept.objects.annotate(fortschritt=konzept_fortschritt()).get(pk=plan.pk)
    assert k.fortschritt == pytest.approx((35.0 + 20.0) / 2)


def test_entfallen_change_moves_the_rollup(plan):
    Teilziel.objects.get(handlungsfeld__nummer="5.2", nummer=1).massnahmen.filter(
        kennung="c"
    ).update(status=Status.ENTFALLEN)
    hf = Handlungsfeld.objects.annotate(fortschritt=handlungsfeld_fortschritt()).get(nummer="5.2")
    assert hf.fortschritt == pytest.approx((75.0 + 20.0) / 2)


def test_rollup_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(Handlungsfeld.objects.annotate(fortschritt=handlungsfeld_fortschritt()))


def test_the_tree_has_the_same_numbers_and_leaves_out_levels_without_value(plan):
    baum = fortschritt_baum(konzept=plan)
    tz = {
        (t.handlungsfeld.nummer, t.nummer): t.pk
        for t in Teilziel.objects.select_related("handlungsfeld")
    }
    hf = dict(Handlungsfeld.objects.values_list("nummer", "pk"))
    assert baum.teilziele == pytest.approx(
        {tz[("5.2", 1)]: 50.0, tz[("5.2", 2)]: 20.0, tz[("5.3", 1)]: 20.0}
    )
    assert baum.handlungsfelder == pytest.approx({hf["5.2"]: 35.0, hf["5.3"]: 20.0})
    assert baum.konzepte == pytest.approx({plan.pk: 27.5})
    assert fortschritt_baum() == baum  # the only Konzept


def test_the_tree_of_one_handlungsfeld_has_no_konzept_value(plan):
    baum = fortschritt_baum(handlungsfeld=Handlungsfeld.objects.get(nummer="5.3"))
    assert list(baum.handlungsfelder.values()) == pytest.approx([20.0])
    assert baum.konzepte == {}

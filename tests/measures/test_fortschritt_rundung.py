"""One rounding and one "no value" for progress (issue 13, point 9).

Before: the API rounded to one decimal, the export also (but 0 for no value), pages and reports
with Python's round() (2.5 → 2). Now ``measures.rollup.gerundet`` is the one rule, and a
property test holds the SQL roll-up (pages, API, export) and the Python roll-up of the reports
(``mittel_der_mittel``) equal on random plans.
"""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berichte.data import Zeile, mittel_der_mittel
from berichte.templatetags.bericht import prozent, punkte
from concept.models import Handlungsfeld, Konzept, Teilziel
from measures.choices import Status
from measures.models import Massnahme
from measures.rollup import (
    gerundet,
    handlungsfeld_fortschritt,
    konzept_fortschritt,
    teilziel_fortschritt,
)
from tests import builders as b

pytestmark = pytest.mark.django_db

ROLLEN = ["anonymous", "partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero"]


@pytest.mark.parametrize(
    ("wert", "ganz", "erwartet"),
    [
        (None, False, None),
        (None, True, None),
        (0.0, False, 0),
        (12.25, False, 12.3),  # half up, not to even
        (12.249999999999998, False, 12.3),  # float noise of a weighted SQL sum
        (33.333333333333336, False, 33.3),
        (99.96, False, 100),
        (2.5, True, 3),  # Python's round(2.5) is 2
        (12.45, True, 13),  # from the published 12.5, so the page agrees with the API
        (-2.5, True, -3),
    ],
)
def test_one_rounding(wert, ganz, erwartet):
    ergebnis = gerundet(wert, ganz=ganz)
    assert ergebnis == erwartet
    assert type(ergebnis) is type(erwartet)


def test_report_filters_use_the_one_rounding():
    assert prozent(2.5) == "3\u00a0%"
    assert prozent(None) == "–"
    assert punkte(0.5) == "+1\u00a0Prozentpunkte"


@pytest.fixture
def halbe(personen):
    """5.2 at 2.5 % (2 and 3), 5.3 with only an entfallen measure (no value)."""
    k = b.konzept()
    kap = b.kapitel(k)
    tz = b.teilziel(b.handlungsfeld(kap, "5.2"), 1)
    b.massnahme(tz, "a", fortschritt=2)
    b.massnahme(tz, "b", fortschritt=3)
    leer = b.teilziel(b.handlungsfeld(kap, "5.3"), 1)
    b.massnahme(leer, "a", fortschritt=80, status=Status.ENTFALLEN)
    return personen


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_export_and_pages_agree(client, halbe, rolle):
    if rolle != "anonymous":
        client.force_login(getattr(halbe, rolle))
    liste = {
        h["nummer"]: h["fortschritt"]
        for h in client.get("/api/v1/handlungsfelder/").json()["results"]
    }
    konzept = client.get("/api/v1/konzept/").json()
    export = {h["nummer"]: h["fortschritt"] for h in konzept["handlungsfelder"]}
    assert liste == export == {"5.2": 2.5, "5.3": None}
    assert client.get("/api/v1/handlungsfelder/5.3/").json()["fortschritt"] is None
    assert export_teilziel(konzept, "5.3") is None
    assert konzept["konzept"]["fortschritt"] == 2.5  # 5.3 has no value: not in the mean

    seite = client.get(reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"}))
    assert '<progress max="100" value="3"' in seite.content.decode()
    leer = client.get(reverse("measures:handlungsfeld", kwargs={"nummer": "5.3"}))
    assert "noch nicht messbar" in leer.content.decode()


def export_teilziel(konzept, nummer):
    hf = next(h for h in konzept["handlungsfelder"] if h["nummer"] == nummer)
    return hf["teilziele"][0]["fortschritt"]


# --- the property test --------------------------------------------------------------------------

massnahme_st = st.tuples(st.integers(0, 100), st.booleans())  # (progress, entfallen)
teilziel_st = st.lists(massnahme_st, max_size=4)  # a Teilziel may have no measure
handlungsfeld_st = st.lists(teilziel_st, max_size=3)  # … a Handlungsfeld no Teilziel
plan_st = st.lists(handlungsfeld_st, min_size=1, max_size=3)


def _anlegen(plan):
    k = b.konzept(beschlossen_am=date(2020, 11, 11))
    kap = b.kapitel(k)
    for i, teilziele in enumerate(plan, start=1):
        hf = b.handlungsfeld(kap, f"5.{i}")
        for j, massnahmen in enumerate(teilziele, start=1):
            tz = b.teilziel(hf, j)
            for buchstabe, (fortschritt, entfallen) in zip("abcd", massnahmen, strict=False):
                status = Status.ENTFALLEN if entfallen else Status.IN_UMSETZUNG
                b.massnahme(tz, buchstabe, fortschritt=fortschritt, status=status)
    return k


def _gleich(sql, python):
    if python is None:
        return sql is None
    return sql is not None and abs(sql - python) < 1e-9 and gerundet(sql) == gerundet(python)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plan_st)
def test_sql_and_python_rollup_agree_on_random_plans(db, plan):
    with transaction.atomic():  # each example rolls back
        k = _anlegen(plan)
        zeilen = [
            Zeile(massnahme=m, status=m.status, ampel=m.ampel, fortschritt=m.fortschritt)
            for m in Massnahme.objects.filter(teilziel__handlungsfeld__konzept=k).select_related(
                "teilziel"
            )
        ]
        je_teilziel, je_hf, gesamt = mittel_der_mittel(zeilen)
        for tz in Teilziel.objects.filter(handlungsfeld__konzept=k).annotate(
            f=teilziel_fortschritt()
        ):
            assert _gleich(tz.f, je_teilziel.get(tz.pk)), (plan, tz.pk)
        for hf in Handlungsfeld.objects.filter(konzept=k).annotate(f=handlungsfeld_fortschritt()):
            assert _gleich(hf.f, je_hf.get(hf.pk)), (plan, hf.nummer)
        sql = Konzept.objects.filter(pk=k.pk).annotate(f=konzept_fortschritt()).get().f
        assert _gleich(sql, gesamt), plan
        transaction.set_rollback(True)

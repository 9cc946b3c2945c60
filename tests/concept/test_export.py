"""export_konzept: the whole concept with its state, in the shape the API and reports rely on."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.choices import Ampel, Seite, Status
from measures.export import konzept_export
from measures.rollup import gerundet
from tests import builders as b

pytestmark = pytest.mark.django_db


def plan(konzept=None, faktor=1):
    """A Handlungsfeld with goals (``faktor`` times over) and one without goals."""
    k = konzept or b.konzept(titel="2. Integrationskonzept", beschluss="2020/BV/0974")
    kap = b.kapitel(k, "5", "Weitere Handlungsfelder")
    jobcenter = b.akteur(f"Hanse-Jobcenter {faktor}")
    migra = b.akteur(f"migra e.V. {faktor}", seite=Seite.EXTERN, art="verein_traeger")
    for n in range(faktor):
        nummer = "5.2" if n == 0 else f"6.{n}"
        hf = b.handlungsfeld(kap, nummer, "Arbeit und Qualifizierung", leitziel="Leitziel.")
        tz1 = b.teilziel(hf, 1, "Integrationsbetreuung")
        a = b.massnahme(tz1, "a", text="Joblotsen.", fortschritt=0)
        b.massnahme(tz1, "b", fortschritt=50, status=Status.IN_UMSETZUNG, ampel=Ampel.IM_PLAN)
        b.massnahme(tz1, "c", fortschritt=50, zieldatum=date(2022, 12, 31))
        b.massnahme(tz1, "d", fortschritt=100, status=Status.ENTFALLEN)
        b.zustaendigkeit(a, jobcenter, federfuehrend=True)
        b.zustaendigkeit(a, migra, hinweis="IFDM")
        b.teilziel(hf, 2, "Kampagnen")  # no measures
        hf.best_practice.create(titel="Cup der Chancen", text="Fußballturnier.")
    b.handlungsfeld(kap, "5.4", "Beratung und Unterstützung", leitziel=None)
    return k


def test_shape_keys_and_types():
    plan()

    daten = konzept_export()

    assert daten["konzept"] == {
        "titel": "2. Integrationskonzept",
        "kurztitel": "",
        "beschluss": "2020/BV/0974",
        "beschlossen_am": "2020-11-11",
        "fortschritt": pytest.approx(33.3),
    }
    hf, ohne_ziele = daten["handlungsfelder"]
    assert {
        "nummer",
        "titel",
        "kapitel",
        "leitziel",
        "teilziele",
        "best_practice",
        "fortschritt",
    } <= set(hf)
    assert (hf["nummer"], hf["titel"], hf["kapitel"]) == (
        "5.2",
        "Arbeit und Qualifizierung",
        "5 Weitere Handlungsfelder",
    )
    assert hf["leitziel"] == "Leitziel."
    tz1, tz2 = hf["teilziele"]
    assert (tz1["nummer"], tz1["text"]) == (1, "Integrationsbetreuung")
    assert tz1["fortschritt"] == 33.3  # (0 + 50 + 50) / 3; entfallen does not count
    assert tz2["fortschritt"] is None  # no counted measure: no value (null), not "not started"
    assert tz2["massnahmen"] == []
    assert hf["fortschritt"] == 33.3  # Teilziel 2 has no counted measure: not in the mean
    a, b_, c, d = tz1["massnahmen"]
    assert a == {
        "kennung": "a",
        "referenz": "5.2 / 1 a",
        "text": "Joblotsen.",
        "status": "nicht_begonnen",
        "ampel": "unbewertet",
        "fortschritt": 0,
        "beginn": None,
        "zieldatum": None,
        "akteure": [
            {"name": "Hanse-Jobcenter 1", "seite": "intern", "federfuehrend": True, "hinweis": ""},
            {"name": "migra e.V. 1", "seite": "extern", "federfuehrend": False, "hinweis": "IFDM"},
        ],
    }
    assert (b_["status"], b_["ampel"], b_["fortschritt"]) == ("in_umsetzung", "im_plan", 50)
    assert c["zieldatum"] == "2022-12-31"
    assert d["status"] == "entfallen"
    assert hf["best_practice"] == [{"titel": "Cup der Chancen", "text": "Fußballturnier."}]


def test_a_handlungsfeld_without_goals_has_leitziel_null():
    plan()

    ohne_ziele = konzept_export()["handlungsfelder"][1]

    assert ohne_ziele["nummer"] == "5.4"
    assert ohne_ziele["leitziel"] is None
    assert ohne_ziele["teilziele"] == []
    assert ohne_ziele["fortschritt"] is None


@pytest.mark.parametrize(
    ("wert", "erwartet"), [(None, None), (0.0, 0), (50.0, 50), (33.33333, 33.3), (99.96, 100)]
)
def test_progress_is_rounded_to_one_decimal_and_whole_numbers_stay_ints(wert, erwartet):
    ergebnis = gerundet(wert)
    assert ergebnis == erwartet
    assert type(ergebnis) is type(erwartet)


def test_command_prints_valid_json():
    plan()
    ausgabe = io.StringIO()

    call_command("export_konzept", stdout=ausgabe)

    daten = json.loads(ausgabe.getvalue())
    assert daten["konzept"]["beschluss"] == "2020/BV/0974"
    assert [hf["nummer"] for hf in daten["handlungsfelder"]] == ["5.2", "5.4"]


def test_command_without_a_concept_says_so():
    with pytest.raises(CommandError, match="noch kein Konzept geladen"):
        call_command("export_konzept", stdout=io.StringIO())


def test_command_for_an_unknown_beschluss_says_so():
    plan()
    with pytest.raises(CommandError, match="Kein Konzept mit dem Beschluss 1999/BV/1"):
        call_command("export_konzept", beschluss="1999/BV/1", stdout=io.StringIO())


def _anzahl_abfragen(konzept):
    with CaptureQueriesContext(connection) as abfragen:
        konzept_export(konzept)
    return len(abfragen.captured_queries)


def test_query_count_does_not_grow_with_the_concept():
    klein = plan(faktor=1)
    gross = plan(konzept=b.konzept(), faktor=10)

    assert _anzahl_abfragen(klein) == _anzahl_abfragen(gross) <= 8

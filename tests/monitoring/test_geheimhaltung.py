"""The rule of small-number protection (monitoring/geheimhaltung.py), independent of outputs."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring import geheimhaltung
from monitoring.choices import Einheit
from monitoring.models import Indikator, Messwert
from tests import builders as b
from tests.monitoring.geheim_beispiel import beispiel

pytestmark = pytest.mark.django_db

J2019 = date(2019, 12, 31)


@pytest.fixture
def geschlecht(db):
    d = b.dimension("geschlecht", "Geschlecht")
    for name in ("weiblich", "männlich", "divers"):
        b.auspraegung(d, name)
    return d


def _gesperrt(indikator):
    return {a for (_i, _d, a) in geheimhaltung.sperrliste([indikator]).schluessel}


def test_beispiel_primaer_und_sekundaer(django_assert_max_num_queries):
    indikator = beispiel()
    with django_assert_max_num_queries(2):
        liste = geheimhaltung.sperrliste([indikator])
    assert liste.schluessel == {
        (indikator.pk, J2019, "stadtbereich=nord"),
        (indikator.pk, J2019, "stadtbereich=mitte"),
    }


def test_ohne_kleine_zellen_eine_abfrage(django_assert_num_queries, geschlecht):
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "10", "geschlecht=weiblich")
    with django_assert_num_queries(1):
        assert not geheimhaltung.sperrliste([i])


def test_null_ist_nicht_geheim_und_schwelle_selbst_auch_nicht(geschlecht):
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "0", "geschlecht=weiblich")
    b.messwert(i, 2019, "3", "geschlecht=maennlich")
    assert _gesperrt(i) == set()


def test_gesamtwert_wird_nie_fuer_sich_gesperrt():
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "1")
    assert _gesperrt(i) == set()


def test_eigene_mindestfallzahl_des_indikators(geschlecht):
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL, mindestfallzahl=5)
    b.messwert(i, 2019, "4", "geschlecht=weiblich")
    b.messwert(i, 2019, "40", "geschlecht=maennlich")
    b.messwert(i, 2019, "50", "geschlecht=divers")
    assert _gesperrt(i) == {"geschlecht=weiblich", "geschlecht=maennlich"}


def test_einstellung_gilt_ohne_eigene(geschlecht, settings):
    settings.MONITORING_MINDESTFALLZAHL = 5
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "4", "geschlecht=weiblich")
    b.messwert(i, 2019, "3", "geschlecht=maennlich")
    assert _gesperrt(i) == {"geschlecht=weiblich", "geschlecht=maennlich"}


def test_anteil_mit_fallzahl_wird_gesperrt_ohne_fallzahl_nicht(geschlecht):
    i = b.indikator("quote")  # Prozent
    b.messwert(i, 2019, "50", "geschlecht=weiblich", fallzahl=2)
    b.messwert(i, 2019, "1.5", "geschlecht=maennlich")  # no case count: cannot be judged
    b.messwert(i, 2019, "40", "geschlecht=divers", fallzahl=400)
    # the share without a case count counts by its value for "smallest": 1.5 < 400
    assert _gesperrt(i) == {"geschlecht=weiblich", "geschlecht=maennlich"}


def test_einzige_zelle_sperrt_den_gesamtwert(geschlecht):
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "2", "geschlecht=divers")
    b.messwert(i, 2019, "2")
    b.messwert(i, 2018, "7")
    assert geheimhaltung.sperrliste([i]).schluessel == {
        (i.pk, J2019, "geschlecht=divers"),
        (i.pk, J2019, ""),
    }


def test_zwei_kleine_zellen_schuetzen_sich_gegenseitig(geschlecht):
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "1", "geschlecht=divers")
    b.messwert(i, 2019, "2", "geschlecht=weiblich")
    b.messwert(i, 2019, "90", "geschlecht=maennlich")
    b.messwert(i, 2019, "93")
    assert _gesperrt(i) == {"geschlecht=divers", "geschlecht=weiblich"}


def test_mehrdimensional_primaer_und_in_der_eigenen_gruppe(geschlecht):
    sb = b.dimension("stadtbereich", "Stadtbereich")
    b.auspraegung(sb, "Nord")
    i = b.indikator("anzahl", einheit=Einheit.ANZAHL)
    b.messwert(i, 2019, "1", "geschlecht=divers;stadtbereich=nord")
    b.messwert(i, 2019, "40", "geschlecht=weiblich;stadtbereich=nord")
    b.messwert(i, 2019, "30", "geschlecht=maennlich;stadtbereich=nord")
    assert _gesperrt(i) == {
        "geschlecht=divers;stadtbereich=nord",
        "geschlecht=maennlich;stadtbereich=nord",
    }


def test_anwenden_markiert_objekte():
    indikator = beispiel()
    werte = geheimhaltung.sperrliste([indikator]).anwenden(
        list(Messwert.objects.filter(indikator=indikator, datum=J2019))
    )
    nach = {m.aufschluesselung: (m.gesperrt, m.wert) for m in werte}
    assert nach["stadtbereich=nord"] == (True, None)
    assert nach["stadtbereich=mitte"] == (True, None)
    assert nach["stadtbereich=sued"] == (False, Decimal("861"))
    assert nach[""] == (False, Decimal("1000"))


def test_legende_nennt_schwelle():
    assert geheimhaltung.legende(3) == "• = Wert geheim gehalten (weniger als 3 Fälle)"


# --- Property: no group is left with exactly one suppressed cell beside a published total ----

zellen = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=3)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(werte=zellen, schwelle=st.integers(min_value=1, max_value=6))
def test_eigenschaft_keine_zelle_rueckrechenbar(geschlecht, werte, schwelle):
    Messwert.objects.all().delete()
    indikator = Indikator.objects.filter(kennung="eigenschaft").first() or b.indikator(
        "eigenschaft", einheit=Einheit.ANZAHL
    )
    indikator.mindestfallzahl = schwelle
    indikator.save()
    slugs = ["weiblich", "maennlich", "divers"]
    for slug, wert in zip(slugs, werte, strict=False):
        b.messwert(indikator, 2019, wert, f"geschlecht={slug}")
    b.messwert(indikator, 2019, sum(werte))
    gesperrt = _gesperrt(indikator)
    zellen_gesperrt = {a for a in gesperrt if a}
    # every cell below the threshold (and above 0) is suppressed
    for slug, wert in zip(slugs, werte, strict=False):
        if 0 < wert < schwelle:
            assert f"geschlecht={slug}" in gesperrt
    # no total - rest recomputation: never exactly one hidden cell beside a published total
    assert not (len(zellen_gesperrt) == 1 and "" not in gesperrt)
    # and a suppressed total only where the group has no other cell
    if "" in gesperrt:
        assert len(werte) == 1

"""``load_monitoring``: the concept's figures, loaded idempotently, linked once the concept is."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from monitoring.choices import Genauigkeit
from monitoring.models import Indikator, Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db


def laden():
    out, err = StringIO(), StringIO()
    call_command("load_monitoring", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_without_the_concept_it_loads_values_and_says_what_is_missing():
    out, err = laden()

    assert "Kein Konzept geladen" in err
    assert "17 neu" in out
    werte = list(
        Messwert.objects.filter(indikator__kennung="auslaenderanteil", aufschluesselung="")
        .order_by("datum")
        .values_list("wert", flat=True)
    )
    assert werte == [Decimal(w) for w in ("3.99", "4.30", "5.25", "5.76", "6.18", "6.80", "7.00")]
    mh = dict(
        Messwert.objects.filter(indikator__kennung="migrationshintergrund-anteil").values_list(
            "aufschluesselung", "wert"
        )
    )
    assert mh == {
        "": Decimal("10.7"),
        "staatsangehoerigkeit=auslaendisch": Decimal("6.8"),
        "staatsangehoerigkeit=deutsch": Decimal("4.0"),
    }
    laender = Messwert.objects.get(indikator__kennung="herkunftslaender")
    assert (laender.wert, laender.genauigkeit, laender.datum) == (
        Decimal(137),
        Genauigkeit.MEHR_ALS,
        date(2019, 12, 31),
    )
    gu = Messwert.objects.get(indikator__kennung="gemeinschaftsunterkuenfte")
    assert (gu.wert, gu.datum) == (Decimal(2), date(2019, 7, 1))
    assert Messwert.objects.get(indikator__kennung="christlicher-anteil").wert == Decimal("13.21")
    # Every value names its source.
    assert not Messwert.objects.filter(quelle="").exists()


def test_running_it_again_changes_nothing_and_keeps_corrections():
    laden()
    korrigiert = Messwert.objects.get(indikator__kennung="christlicher-anteil")
    korrigiert.wert = Decimal("13.2")
    korrigiert.save()
    anzahl, historie = Messwert.objects.count(), Messwert.history.count()

    out, _err = laden()

    assert "0 neu" in out
    assert Messwert.objects.count() == anzahl and Messwert.history.count() == historie
    assert Messwert.objects.get(pk=korrigiert.pk).wert == Decimal("13.2")


def test_once_the_concept_is_loaded_a_second_run_links_handlungsfelder_and_akteure():
    laden()
    k = b.konzept(beschluss="2020/BV/0974")
    kap = b.kapitel(k, "4.2", "Leben und Wohnen im Stadtteil")
    hf = b.handlungsfeld(kap, "4.2.2", "Wohnen und Unterbringung")
    for n in range(1, 6):
        b.teilziel(hf, n)
    b.handlungsfeld(kap, "4.2.3", "Integration im Stadtteil")
    b.akteur("Büro für Integration")

    _out, err = laden()

    gu = Indikator.objects.get(kennung="gemeinschaftsunterkuenfte")
    assert [h.nummer for h in gu.handlungsfelder.all()] == ["4.2.2"]
    assert sorted(t.nummer for t in gu.teilziele.all()) == [2, 3]
    anteil = Indikator.objects.get(kennung="auslaenderanteil")
    assert {h.nummer for h in anteil.handlungsfelder.all()} == {"4.2.2", "4.2.3"}
    assert anteil.verantwortlich.name == "Büro für Integration"
    assert "Handlungsfeld 5.5.3 nicht gefunden" in err  # not built here: named, not fatal

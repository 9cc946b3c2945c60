"""Importing Messwerte in the long format: all or nothing, row-numbered errors, idempotent."""

from datetime import date
from decimal import Decimal

import pytest

from monitoring.choices import Genauigkeit, Messstatus, Zeitart
from monitoring.importing import importieren
from monitoring.models import Auspraegung, Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db

GUELTIG = """indikator;datum;wert;geschlecht;stadtbereich;genauigkeit;quelle;status;anmerkung
anteil;2019;6,80;;;;Statistikstelle;endgültig;
anteil;2020;7.00;;;;Statistikstelle;vorläufig;
anteil;2020;7,1;weiblich;;;Statistikstelle;;
anteil;2020;6,9;männlich;Groß Klein;;Statistikstelle;;
zahl;12/2019;137;;;mehr als;AZR;;
zahl;01.07.2019;2;;;;Konzept;;zwei GU
"""


@pytest.fixture
def stamm():
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    b.auspraegung(geschlecht, "männlich", slug="maennlich")
    b.dimension("stadtbereich", "Stadtbereich")
    return {"anteil": b.indikator("anteil"), "zahl": b.indikator("zahl", einheit="anzahl")}


def test_valid_file_creates_every_value_with_key_date_and_decimal(stamm):
    ergebnis = importieren(GUELTIG.encode(), "werte.csv", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert len(ergebnis.neu) == 6
    werte = {
        (m.indikator.kennung, m.datum, m.aufschluesselung): m
        for m in Messwert.objects.select_related("indikator")
    }
    assert werte[("anteil", date(2019, 12, 31), "")].wert == Decimal("6.80")
    assert werte[("anteil", date(2020, 12, 31), "")].status == Messstatus.VORLAEUFIG
    assert werte[("anteil", date(2020, 12, 31), "geschlecht=weiblich")].wert == Decimal("7.1")
    zwei = werte[("anteil", date(2020, 12, 31), "geschlecht=maennlich;stadtbereich=gross-klein")]
    assert zwei.dimensionen == "geschlecht;stadtbereich"
    laender = werte[("zahl", date(2019, 12, 31), "")]
    assert (laender.zeitart, laender.genauigkeit) == (Zeitart.MONAT, Genauigkeit.MEHR_ALS)
    gu = werte[("zahl", date(2019, 7, 1), "")]
    assert (gu.zeitart, gu.anmerkung) == (Zeitart.STICHTAG, "zwei GU")
    # The unknown Stadtbereich became an Ausprägung, named as the file wrote it.
    assert Auspraegung.objects.get(slug="gross-klein").name == "Groß Klein"
    # Every new value has a history entry.
    assert Messwert.history.filter(history_type="+").count() == 6


def test_file_with_errors_in_several_rows_writes_nothing_and_reports_each_row(stamm):
    datei = """indikator,datum,wert,geschlecht,status
anteil,2019,6.8,,
unbekannt,2019,1,,
anteil,19/2019,1,,
anteil,2018,sechs,,
anteil,2017,1.234,5,,
anteil,2016,1,,fertig
anteil,2019,6.9,,
"""
    ergebnis = importieren(datei.encode(), "f.csv", anwenden=True)

    assert not ergebnis.ok
    gemeldet = {(f.zeile, f.spalte) for f in ergebnis.fehler}
    assert gemeldet == {
        (3, "indikator"),
        (4, "datum"),
        (5, "wert"),
        (6, ""),  # one cell too many: "1.234,5" split by the comma
        (6, "wert"),  # and what is left, "1.234", is ambiguous (issue 13.12)
        (7, "status"),
        (8, ""),  # same Indikator, date and breakdown as row 2
    }
    assert "Zeile 2" in next(f.meldung for f in ergebnis.fehler if f.zeile == 8)
    assert Messwert.objects.count() == 0
    assert Auspraegung.objects.filter(dimension__slug="geschlecht").count() == 2


def test_unknown_breakdown_column_is_an_error_of_the_header(stamm):
    ergebnis = importieren(b"indikator,datum,wert,farbe\nanteil,2019,1,blau\n", "f.csv")

    assert [(f.zeile, f.spalte) for f in ergebnis.fehler] == [(1, "farbe")]


def test_reimport_is_idempotent(stamm):
    importieren(GUELTIG.encode(), "werte.csv", anwenden=True)
    historie = Messwert.history.count()

    zweites = importieren(GUELTIG.encode(), "werte.csv", anwenden=True)

    assert zweites.ok
    assert (len(zweites.neu), len(zweites.geaendert), zweites.unveraendert) == (0, 0, 6)
    assert Messwert.objects.count() == 6
    assert Messwert.history.count() == historie  # no history noise for unchanged rows


def test_reimport_with_a_changed_value_updates_it_and_keeps_the_old_one_in_history(stamm):
    importieren(GUELTIG.encode(), "werte.csv", anwenden=True)
    geaendert = GUELTIG.replace(
        "anteil;2019;6,80;;;;Statistikstelle;endgültig;",
        "anteil;2019;6,85;;;;Statistikstelle;endgültig;",
    )

    ergebnis = importieren(geaendert.encode(), "werte.csv", anwenden=True, grund="Korrektur")

    assert (len(ergebnis.neu), len(ergebnis.geaendert), ergebnis.unveraendert) == (0, 1, 5)
    assert ergebnis.geaendert[0][1] == {"wert": Decimal("6.8000")}
    wert = Messwert.objects.get(
        indikator__kennung="anteil", datum=date(2019, 12, 31), aufschluesselung=""
    )
    assert wert.wert == Decimal("6.85")
    alt, neu = wert.history.order_by("history_date")
    assert (alt.wert, neu.wert, neu.history_change_reason) == (
        Decimal("6.8"),
        Decimal("6.85"),
        "Korrektur",
    )
    assert Messwert.objects.count() == 6


def test_dry_run_writes_nothing(stamm):
    ergebnis = importieren(GUELTIG.encode(), "werte.csv", anwenden=False)

    assert ergebnis.ok and len(ergebnis.neu) == 6 and not ergebnis.angewendet
    assert Messwert.objects.count() == 0
    assert not Auspraegung.objects.filter(slug="gross-klein").exists()


def test_windows_1252_from_excel_is_read(stamm):
    datei = "indikator;datum;wert;geschlecht\nanteil;2019;1,5;männlich\n".encode("cp1252")

    ergebnis = importieren(datei, "excel.csv", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert Messwert.objects.get().aufschluesselung == "geschlecht=maennlich"


def test_more_decimals_than_stored_are_refused_not_rounded(stamm):
    ergebnis = importieren(b"indikator,datum,wert\nanteil,2019,1.23456\n", "f.csv")

    assert [(f.zeile, f.spalte) for f in ergebnis.fehler] == [(2, "wert")]


def test_datumsart_of_the_download_says_how_a_full_date_is_meant(stamm):
    """The download writes ``datum`` as a full date and the period in ``datumsart``; the
    descriptive columns (name, unit, period label) are read over."""
    datei = """indikator,indikator_name,datum,datumsart,zeitraum,wert,einheit
anteil,Anteil,2019-12-31,jahr,2019,6.8,%
anteil,Anteil,2019-06-30,monat,2019-06,6.5,%
anteil,Anteil,2019-07-01,stichtag,2019-07-01,6.6,%
anteil,Anteil,2018,,,6.1,%
"""
    ergebnis = importieren(datei.encode(), "werte.csv", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert sorted(Messwert.objects.values_list("datum", "zeitart")) == [
        (date(2018, 12, 31), Zeitart.JAHR),
        (date(2019, 6, 30), Zeitart.MONAT),
        (date(2019, 7, 1), Zeitart.STICHTAG),
        (date(2019, 12, 31), Zeitart.JAHR),
    ]


@pytest.mark.parametrize(
    ("datum", "art", "meldung"),
    [
        ("2019-12-31", "quartal", "keine Datumsart"),
        ("2019", "stichtag", "kein Tag"),
    ],
)
def test_a_wrong_datumsart_is_an_error_of_the_row_and_nothing_is_written(
    stamm, datum, art, meldung
):
    datei = f"indikator,datum,datumsart,wert\nanteil,{datum},{art},6.8\n"
    ergebnis = importieren(datei.encode(), "werte.csv", anwenden=True)

    assert not ergebnis.ok and not Messwert.objects.exists()
    (fehler,) = ergebnis.fehler
    assert (fehler.zeile, fehler.spalte) == (2, "datum") and meldung in fehler.meldung

"""Downloads: the CSV and JSON of an indicator and of all public ones, importable again."""

import csv
import io
import json
from decimal import Decimal

import pytest

from monitoring.importing import importieren
from monitoring.models import Auspraegung, Messwert

pytestmark = pytest.mark.django_db

FELDER = (
    "indikator__kennung",
    "datum",
    "zeitart",
    "aufschluesselung",
    "wert",
    "genauigkeit",
    "quelle",
    "status",
    "anmerkung",
)


def inhalt(antwort):
    assert antwort.status_code == 200
    return b"".join(antwort.streaming_content)


def alle_werte():
    return sorted(Messwert.objects.values_list(*FELDER))


@pytest.mark.parametrize("endung", ["csv", "json"])
def test_a_download_imported_into_an_empty_database_gives_the_same_values(
    client, monitoring_daten, endung
):
    vorher = sorted(w for w in alle_werte() if w[0] != "leerstand")  # internal: not in the download
    daten = inhalt(client.get(f"/indikatoren/daten.{endung}"))

    Messwert.objects.all().delete()
    Auspraegung.objects.all().delete()  # the import must bring back what it needs
    ergebnis = importieren(daten, f"daten.{endung}", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert alle_werte() == vorher
    assert len(vorher) == 10


def test_csv_of_one_indicator_is_the_documented_long_format(client, monitoring_daten):
    text = inhalt(client.get("/indikatoren/auslaenderanteil.csv")).decode("utf-8-sig")
    zeilen = list(csv.DictReader(io.StringIO(text)))

    assert list(zeilen[0]) == [
        "indikator",
        "indikator_name",
        "datum",
        "datumsart",
        "zeitraum",
        "wert",
        "einheit",
        "gebiet",
        "geschlecht",
        "genauigkeit",
        "quelle",
        "status",
        "anmerkung",
        "gesperrt",
    ]
    assert len(zeilen) == 9
    gesamt = [z for z in zeilen if not z["geschlecht"]]
    assert [(z["datum"], z["datumsart"], z["zeitraum"], z["wert"]) for z in gesamt] == [
        ("2018-12-31", "jahr", "2018", "6.18"),
        ("2019-12-31", "jahr", "2019", "6.8"),
        ("2020-12-31", "jahr", "2020", "7"),
    ]
    assert {z["geschlecht"] for z in zeilen} == {"", "weiblich", "männlich"}


def test_json_carries_metadata_and_exact_values(client, monitoring_daten):
    daten = json.loads(inhalt(client.get("/indikatoren/auslaenderanteil.json")))

    (meta,) = daten["indikatoren"]
    assert meta["kennung"] == "auslaenderanteil"
    assert meta["handlungsfelder"] == ["4.2.3", "4.2.2"] or set(meta["handlungsfelder"]) == {
        "4.2.2",
        "4.2.3",
    }
    assert meta["ziele"] == [{"jahr": 2030, "wert": "8"}]
    weiblich = [
        m for m in daten["messwerte"] if m["aufschluesselung"] == {"geschlecht": "weiblich"}
    ]
    assert [m["wert"] for m in weiblich] == ["6.28", "6.9", "7.1"]


def test_all_download_has_only_public_indicators(client, monitoring_daten, personen):
    client.force_login(personen.buero)
    text = inhalt(client.get("/indikatoren/daten.csv")).decode("utf-8-sig")
    assert "leerstand" not in text and "deutschland" in text


def test_internal_indicator_download_is_for_the_buero_only(client, monitoring_daten, personen):
    assert client.get("/indikatoren/leerstand.csv").status_code == 404
    client.force_login(personen.buero)
    assert b"3.5" in inhalt(client.get("/indikatoren/leerstand.csv"))


def test_download_can_be_filtered_by_breakdown_and_years(client, monitoring_daten):
    text = inhalt(client.get("/indikatoren/auslaenderanteil.csv?nach=geschlecht&von=2019")).decode(
        "utf-8-sig"
    )
    zeilen = list(csv.DictReader(io.StringIO(text)))
    assert {(z["zeitraum"], z["geschlecht"]) for z in zeilen} == {
        ("2019", "weiblich"),
        ("2019", "männlich"),
        ("2020", "weiblich"),
        ("2020", "männlich"),
    }


def test_json_download_restores_indicators_dimensions_and_values_into_an_empty_database(
    client, monitoring_daten
):
    from monitoring.models import Dimension, Indikator

    vorher = sorted(w for w in alle_werte() if w[0] != "leerstand")
    ziele_vorher = list(
        Indikator.objects.get(kennung="auslaenderanteil").ziele.values_list("jahr", "wert")
    )
    daten = inhalt(client.get("/indikatoren/daten.json"))

    Messwert.objects.all().delete()
    Indikator.objects.all().delete()
    Auspraegung.objects.all().delete()
    Dimension.objects.all().delete()
    ergebnis = importieren(daten, "daten.json", anwenden=True)

    assert ergebnis.ok, ergebnis.fehler
    assert sorted(ergebnis.neue_indikatoren) == ["auslaenderanteil", "deutschland"]
    assert alle_werte() == vorher
    indikator = Indikator.objects.get(kennung="auslaenderanteil")
    assert (
        list(indikator.ziele.values_list("jahr", "wert")) == ziele_vorher == [(2030, Decimal("8"))]
    )
    assert {hf.nummer for hf in indikator.handlungsfelder.all()} == {"4.2.2", "4.2.3"}


def test_json_preview_creates_nothing(client, monitoring_daten):
    from monitoring.models import Indikator

    daten = inhalt(client.get("/indikatoren/daten.json"))
    Messwert.objects.all().delete()
    Indikator.objects.all().delete()

    ergebnis = importieren(daten, "daten.json", anwenden=False)

    assert ergebnis.ok and len(ergebnis.neu) == 10
    assert not Indikator.objects.exists() and not Messwert.objects.exists()


def test_an_empty_breakdown_filter_means_the_total(client, monitoring_daten):
    text = inhalt(client.get("/indikatoren/auslaenderanteil.csv?nach=")).decode("utf-8-sig")
    zeilen = list(csv.DictReader(io.StringIO(text)))
    assert [z["zeitraum"] for z in zeilen] == ["2018", "2019", "2020"]


def test_csv_download_neutralises_formula_text_and_round_trips(client, monitoring_daten):
    """Issue 12.7: source, note and Ausprägung names that look like formulas are text in the
    CSV; negative values stay numbers; importing the download gives back the same values."""
    from decimal import Decimal

    from tests import builders as b

    anteil = monitoring_daten["anteil"]
    b.messwert(anteil, 2021, Decimal("-1.234"), quelle="=cmd|' /C calc'!A0", anmerkung="@SUM(1)")
    geschlecht = Auspraegung.objects.get(slug="weiblich").dimension
    b.auspraegung(geschlecht, "+divers", slug="divers")
    b.messwert(anteil, 2021, Decimal("-5"), "geschlecht=divers", quelle="-2+3")
    vorher = sorted(w for w in alle_werte() if w[0] != "leerstand")

    daten = inhalt(client.get("/indikatoren/daten.csv"))
    zeilen = {
        (z["zeitraum"], z["geschlecht"]): z
        for z in csv.DictReader(io.StringIO(daten.decode("utf-8-sig")))
    }
    z = zeilen[("2021", "")]
    assert (z["wert"], z["quelle"], z["anmerkung"]) == (
        "-1.2340",
        "'=cmd|' /C calc'!A0",
        "'@SUM(1)",
    )
    z = zeilen[("2021", "'+divers")]
    assert (z["wert"], z["quelle"]) == ("-5", "'-2+3")

    Messwert.objects.all().delete()
    ergebnis = importieren(daten, "daten.csv", anwenden=True)
    assert ergebnis.ok, ergebnis.fehler
    assert alle_werte() == vorher

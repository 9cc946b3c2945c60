"""The fast write path of the Messwerte import (COPY on PostgreSQL) and the column ``fallzahl``.

The same files go through the ORM path (SQLite, and ``schnell=False``) and the COPY path; values
and history rows must come out the same. The COPY path exists on PostgreSQL only, so the tests
that compare both paths are skipped on SQLite; every other test runs on both databases.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from concept.datenstand import datenstand
from monitoring import schnellimport
from monitoring.importing import Bestand, Zeile, _aenderungen_orm, importieren
from monitoring.models import Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db

nur_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY gibt es nur auf PostgreSQL"
)

ERSTE = """indikator;datum;wert;geschlecht;stadtbereich;quelle;status;anmerkung;fallzahl
anteil;2019;6,80;;;Statistikstelle;endgültig;;120
anteil;2019;7,1;weiblich;;Statistikstelle;;"mit	Tab, \\Backslash
und Zeilenumbruch";2
anteil;2019;6,5;männlich;Groß Klein;Statistikstelle;vorläufig;;
zahl;12/2019;137;;;AZR;;;
"""
# Changes one value and a case count, leaves one as it was, adds one.
ZWEITE = """indikator;datum;wert;geschlecht;stadtbereich;quelle;status;anmerkung;fallzahl
anteil;2019;6,90;;;Statistikstelle;endgültig;korrigiert;120
anteil;2019;7,1;weiblich;;Statistikstelle;;"mit	Tab, \\Backslash
und Zeilenumbruch";4
anteil;2019;6,5;männlich;Groß Klein;Statistikstelle;vorläufig;;
anteil;2020;9,87;;;Statistikstelle;;;
"""


@pytest.fixture
def stamm(personen):
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    b.auspraegung(geschlecht, "männlich", slug="maennlich")
    b.dimension("stadtbereich", "Stadtbereich")
    b.indikator("anteil", nachkommastellen=2)
    b.indikator("zahl", einheit="anzahl")
    return personen


def _stand():
    """Values and history rows without what differs by nature (ids, times)."""
    werte = sorted(
        Messwert.objects.order_by().values_list(
            "indikator__kennung",
            "datum",
            "zeitart",
            "aufschluesselung",
            "dimensionen",
            "wert",
            "genauigkeit",
            "quelle",
            "status",
            "anmerkung",
            "fallzahl",
        )
    )
    historie = sorted(
        Messwert.history.order_by().values_list(
            "indikator__kennung",
            "datum",
            "aufschluesselung",
            "dimensionen",
            "wert",
            "anmerkung",
            "fallzahl",
            "history_type",
            "history_user__username",
            "history_change_reason",
        )
    )
    return werte, historie


def _beide_importe(schnell, benutzer):
    for grund, datei in (("erster Import", ERSTE), ("zweiter Import", ZWEITE)):
        ergebnis = importieren(
            datei.encode(), "werte.csv", anwenden=True, benutzer=benutzer, grund=grund,
            schnell=schnell,
        )  # fmt: skip
        assert ergebnis.ok, ergebnis.fehler
    return ergebnis


@nur_postgresql
def test_copy_and_orm_write_the_same_values_and_history_rows(stamm):
    orm = _beide_importe(False, stamm.buero)
    erwartet = _stand()
    Messwert.objects.all().delete()
    Messwert.history.all().delete()  # after: deleting writes "-" rows

    copy = _beide_importe(True, stamm.buero)

    assert _stand() == erwartet
    assert (len(copy.neu), len(copy.geaendert), copy.unveraendert) == (1, 2, 1)
    assert (len(orm.neu), len(orm.geaendert), orm.unveraendert) == (1, 2, 1)
    # The cell with tab, backslash and line break came through COPY's escaping unharmed.
    assert Messwert.objects.get(aufschluesselung="geschlecht=weiblich").anmerkung == (
        "mit\tTab, \\Backslash\nund Zeilenumbruch"
    )


@nur_postgresql
def test_copy_history_looks_like_the_orm_history_in_the_admin(stamm, client):
    _beide_importe(True, stamm.buero)
    messwert = Messwert.objects.get(
        indikator__kennung="anteil", aufschluesselung="", datum__year=2019
    )
    eintraege = list(messwert.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.history_change_reason, h.history_user) for h in eintraege] == [
        ("+", "erster Import", stamm.buero),
        ("~", "zweiter Import", stamm.buero),
    ]
    assert (eintraege[0].wert, eintraege[1].wert) == (Decimal("6.8"), Decimal("6.9"))
    assert eintraege[1].history_date == messwert.geaendert_am
    # The new rows took ids from the table's own sequence: a later ORM insert does not collide.
    spaeter = b.messwert(messwert.indikator, 2030, "1")
    assert spaeter.pk > max(Messwert.objects.exclude(pk=spaeter.pk).values_list("pk", flat=True))

    client.force_login(stamm.buero)
    seite = client.get(f"/admin/monitoring/messwert/{messwert.pk}/history/")
    assert seite.status_code == 200
    assert "zweiter Import" in seite.content.decode()


@pytest.mark.parametrize("schnell", [True, False], ids=["copy", "orm"])
def test_page_and_datenstand_are_fresh_after_an_import(stamm, client, schnell):
    importieren(ERSTE.encode(), "werte.csv", anwenden=True, schnell=schnell)
    assert "9,87" not in client.get("/indikatoren/anteil/").content.decode()
    vorher = datenstand()

    ergebnis = importieren(ZWEITE.encode(), "werte.csv", anwenden=True, schnell=schnell)

    assert ergebnis.ok
    assert datenstand() != vorher
    assert "9,87" in client.get("/indikatoren/anteil/").content.decode()


@pytest.mark.parametrize("schnell", [True, False], ids=["copy", "orm"])
def test_reimport_of_the_same_file_writes_nothing(stamm, schnell):
    importieren(ERSTE.encode(), "werte.csv", anwenden=True, schnell=schnell)
    vorher, historie = datenstand(), Messwert.history.count()

    ergebnis = importieren(ERSTE.encode(), "werte.csv", anwenden=True, schnell=schnell)

    assert (len(ergebnis.neu), len(ergebnis.geaendert), ergebnis.unveraendert) == (0, 0, 4)
    assert Messwert.history.count() == historie
    assert datenstand() == vorher


def _veraltete_aenderung(stamm):
    """A change the check planned against a value that someone saved again since."""
    importieren(ERSTE.encode(), "werte.csv", anwenden=True)
    messwert = Messwert.objects.get(indikator__kennung="zahl")
    gelesen = messwert.geaendert_am - timedelta(seconds=1)  # as the check saw it, before a save
    zeile = Zeile(
        nummer=2,
        indikator=messwert.indikator,
        datum=messwert.datum,
        zeitart=messwert.zeitart,
        aufschluesselung="",
        wert=Decimal("1"),
        genauigkeit=messwert.genauigkeit,
        quelle="",
        status=messwert.status,
        anmerkung="",
    )
    return messwert, [(Bestand(messwert.pk, gelesen, {}), zeile)]


@nur_postgresql
def test_copy_path_refuses_a_value_changed_since_the_check(stamm):
    messwert, aenderungen = _veraltete_aenderung(stamm)
    with pytest.raises(schnellimport.GeaendertSeitPruefung):
        schnellimport.aenderungen_schreiben(
            aenderungen, ["wert"], messwert.geaendert_am, None, "Test"
        )


def test_orm_path_refuses_a_value_changed_since_the_check(stamm):
    messwert, aenderungen = _veraltete_aenderung(stamm)
    with pytest.raises(schnellimport.GeaendertSeitPruefung):
        _aenderungen_orm(aenderungen, messwert.geaendert_am, None, "Test")


# --- fallzahl --------------------------------------------------------------------------------


@pytest.mark.parametrize("schnell", [True, False], ids=["copy", "orm"])
def test_fallzahl_is_stored_and_a_file_without_the_column_keeps_it(stamm, schnell):
    importieren(ERSTE.encode(), "werte.csv", anwenden=True, schnell=schnell)
    weiblich = Messwert.objects.get(aufschluesselung="geschlecht=weiblich")
    assert weiblich.fallzahl == 2
    assert Messwert.objects.get(indikator__kennung="zahl").fallzahl is None

    ohne_spalte = "indikator;datum;wert;geschlecht\nanteil;2019;7,3;weiblich\n"
    ergebnis = importieren(ohne_spalte.encode(), "werte.csv", anwenden=True, schnell=schnell)

    assert len(ergebnis.geaendert) == 1
    weiblich.refresh_from_db()
    assert (weiblich.wert, weiblich.fallzahl) == (Decimal("7.3"), 2)


def test_a_changed_fallzahl_alone_is_a_change_shown_in_the_preview(stamm):
    importieren(ERSTE.encode(), "werte.csv", anwenden=True)
    datei = "indikator;datum;wert;quelle;fallzahl\nzahl;12/2019;137;AZR;5\n"
    ergebnis = importieren(datei.encode(), "werte.csv")
    (zeile, vorher), *_rest = ergebnis.geaendert
    assert vorher == {"fallzahl": None}
    assert [name for name, _alt, _neu in zeile.aenderungen] == ["Fallzahl"]


@pytest.mark.parametrize(
    "zelle", ["-1", "2,5", "1.000", "drei", "²", "2147483648"], ids=lambda z: z or "leer"
)
def test_invalid_fallzahl_is_a_row_error_and_nothing_is_written(stamm, zelle):
    datei = f"indikator;datum;wert;fallzahl\nanteil;2018;1;3\nanteil;2019;1;{zelle}\n"
    ergebnis = importieren(datei.encode(), "werte.csv", anwenden=True)
    assert not ergebnis.ok
    (fehler,) = ergebnis.fehler
    assert (fehler.zeile, fehler.spalte, fehler.wert) == (3, "fallzahl", zelle)
    assert "Fallzahl" in fehler.meldung
    assert Messwert.objects.count() == 0


def test_fallzahl_from_a_json_file(stamm):
    datei = json.dumps(
        {"messwerte": [{"indikator": "anteil", "datum": "2019", "wert": "6.8", "fallzahl": 12}]}
    )
    assert importieren(datei, "werte.json", anwenden=True).ok
    assert Messwert.objects.get().fallzahl == 12


def test_fallzahl_through_the_api_bulk_is_written_but_never_answered(client, stamm):
    client.force_login(stamm.buero)
    zeilen = [
        {"indikator": "anteil", "datum": "2019", "wert": "6.8", "fallzahl": 12},
        {"indikator": "anteil", "datum": "2020", "wert": "6.9"},
    ]
    antwort = client.post("/api/v1/messwerte/bulk/", zeilen, content_type="application/json")
    assert antwort.status_code == 200, antwort.json()
    assert dict(Messwert.objects.values_list("datum__year", "fallzahl")) == {2019: 12, 2020: None}
    liste = client.get("/api/v1/messwerte/").json()["results"]
    assert liste and all("fallzahl" not in eintrag for eintrag in liste)

    zeilen[1]["fallzahl"] = -1
    antwort = client.post("/api/v1/messwerte/bulk/", zeilen, content_type="application/json")
    assert antwort.status_code == 400
    assert "fallzahl" in antwort.json()["felder"]["1"]
    assert Messwert.objects.get(datum__year=2020).fallzahl is None


def test_only_the_buero_writes_fallzahl_through_the_api(client, stamm):
    zeile = [{"indikator": "anteil", "datum": "2019", "wert": "6.8", "fallzahl": 1}]
    for person in (None, stamm.partner_a, stamm.buergerschaft):
        if person:
            client.force_login(person)
        antwort = client.post("/api/v1/messwerte/bulk/", zeile, content_type="application/json")
        assert antwort.status_code in (401, 403)
    assert not Messwert.objects.exists()

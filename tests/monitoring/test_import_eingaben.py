"""Bad Messwerte files (issues 12.8 and 13.12): a German message with row, column and value,
nothing stored, never a 500 — in the service, the admin upload and ``import_messwerte``."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from measures.models import ImportVorschau
from monitoring.importing import importieren
from monitoring.models import Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db
KOPF = b"indikator;datum;wert;quelle;anmerkung\n"


@pytest.fixture
def anteil():
    return b.indikator("anteil", nachkommastellen=2)


@pytest.mark.parametrize(
    "zeile, spalte, erwartet",
    [
        (b"anteil;2019;1.234;;", "wert", "mehrdeutig"),
        (b"anteil;2019;12,500;;", "wert", "mehrdeutig"),
        (b"anteil;2019;1000000000000000;;", "wert", "zu groß"),
        (b"anteil;2019;-1000000000000000;;", "wert", "zu groß"),
        (b"anteil;2019;1;" + b"q" * 301 + b";", "quelle", "höchstens 300"),
        (b"anteil;2019;1;;" + b"a" * 501, "anmerkung", "höchstens 500"),
        (b"anteil;" + b"9" * 5000 + b";1;;", "datum", "kein Datum"),
    ],
)
def test_a_bad_cell_is_reported_with_row_column_and_value(anteil, zeile, spalte, erwartet):
    ergebnis = importieren(KOPF + zeile + b"\n", "werte.csv", anwenden=True)
    (fehler,) = ergebnis.fehler
    assert (fehler.zeile, fehler.spalte) == (2, spalte)
    assert erwartet in fehler.meldung
    assert fehler.wert  # the value, shortened for long cells
    assert len(str(fehler)) < 400
    assert Messwert.objects.count() == 0


@pytest.mark.parametrize(
    "inhalt, zeile, erwartet",
    [
        (KOPF + b"anteil;2019;1;Amt \x81;\n", 2, "weder in UTF-8 noch in Windows-1252"),
        (KOPF + b"anteil;2019;1;Amt\x00;\n", 2, "NUL"),
        (KOPF + b'anteil;2019;1;"' + b"x" * 200_000 + b'";\n', 2, "länger als"),
    ],
)
def test_an_unreadable_file_is_reported_and_nothing_is_stored(anteil, inhalt, zeile, erwartet):
    ergebnis = importieren(inhalt, "werte.csv", anwenden=True)
    (fehler,) = ergebnis.fehler
    assert fehler.zeile == zeile
    assert erwartet in fehler.meldung
    assert Messwert.objects.count() == 0


def test_a_good_row_before_a_bad_one_is_not_stored(anteil):
    ergebnis = importieren(
        KOPF + b"anteil;2019;6,8;;\nanteil;2020;1.234;;\n", "w.csv", anwenden=True
    )
    assert [f.zeile for f in ergebnis.fehler] == [3]
    assert Messwert.objects.count() == 0


def test_unambiguous_decimals_are_still_accepted(anteil):
    ergebnis = importieren(
        KOPF + b"anteil;2019;0,125;;\nanteil;2020;1,2340;;\nanteil;2021;-3.5;;\n",
        "w.csv",
        anwenden=True,
    )
    assert ergebnis.ok, ergebnis.fehler
    assert sorted(str(w) for w in Messwert.objects.values_list("wert", flat=True)) == [
        "-3.5000",
        "0.1250",
        "1.2340",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"messwerte": "keine Liste"}',
        '{"messwerte": [1, 2]}',
        '{"messwerte": [{"indikator": {"a": 1}, "datum": "2019", "wert": "1"}]}',
        '{"messwerte": [{"indikator": "anteil", "datum": "2019", "wert": "1", '
        '"aufschluesselung": ["x"]}]}',
        '{"messwerte": [{"indikator": "anteil", "datum": "2019", "wert": "1", '
        '"anmerkung": "a\\u0000b"}]}',
        '{"indikatoren": [{"name": "ohne Kennung"}], "messwerte": []}',
        '{"dimensionen": [{"name": "ohne slug"}], "messwerte": []}',
        "kein json",
    ],
)
def test_broken_json_is_a_german_error(anteil, text):
    ergebnis = importieren(text.encode(), "werte.json", anwenden=True)
    assert not ergebnis.ok
    assert Messwert.objects.count() == 0


@pytest.fixture
def buero(client, personen, anteil):
    client.force_login(personen.buero)
    return client


@pytest.mark.parametrize(
    "inhalt",
    [
        KOPF + b"anteil;2019;1;\xff\xfe\x81;\n",
        KOPF + b"anteil;2019;1\x00;;\n",
        KOPF + b"anteil;2019;99999999999999999999;;\n",
        KOPF + b"anteil;2019;1;" + b"x" * 1000 + b";\n",
        KOPF + b'anteil;2019;1;"' + b"x" * 200_000 + b'";\n',
    ],
)
def test_the_admin_upload_answers_with_the_error_list_never_500(buero, inhalt):
    antwort = buero.post(
        "/admin/monitoring/messwert/importieren/",
        {"datei": SimpleUploadedFile("werte.csv", inhalt, "text/csv")},
    )
    assert antwort.status_code == 200
    assert "nichts wurde gespeichert" in antwort.content.decode()
    assert Messwert.objects.count() == 0
    assert ImportVorschau.objects.count() == 0


# --- manage.py import_messwerte (README „Monitoring“) ----------------------------------------


def _datei(tmp_path, inhalt, name="werte.csv"):
    pfad = tmp_path / name
    pfad.write_bytes(inhalt)
    return pfad


def test_command_imports_all_rows_with_history(tmp_path, anteil):
    pfad = _datei(tmp_path, KOPF + b"anteil;2019;6,8;Amt;\nanteil;2020;7;Amt;\n")
    ausgabe = io.StringIO()
    call_command("import_messwerte", str(pfad), stdout=ausgabe)
    assert "2 neu, 0 geändert, 0 unverändert." in ausgabe.getvalue()
    assert Messwert.objects.count() == 2
    assert Messwert.history.first().history_change_reason == (
        "Import aus werte.csv (import_messwerte)"
    )
    # Again: nothing changes.
    ausgabe = io.StringIO()
    call_command("import_messwerte", str(pfad), stdout=ausgabe)
    assert "0 neu, 0 geändert, 2 unverändert." in ausgabe.getvalue()


def test_command_dry_run_stores_nothing(tmp_path, anteil):
    pfad = _datei(tmp_path, KOPF + b"anteil;2019;6,8;;\n")
    ausgabe = io.StringIO()
    call_command("import_messwerte", str(pfad), "--probelauf", stdout=ausgabe)
    assert "Vorschau: 1 neu" in ausgabe.getvalue()
    assert Messwert.objects.count() == 0


def test_command_reports_every_error_and_stores_nothing(tmp_path, anteil):
    pfad = _datei(tmp_path, KOPF + b"anteil;2019;6,8;;\nanteil;2020;1.234;;\nnix;2021;1;;\n")
    fehler = io.StringIO()
    with pytest.raises(CommandError, match="2 Fehler – nichts wurde gespeichert."):
        call_command("import_messwerte", str(pfad), stderr=fehler)
    assert "Zeile 3, Spalte „wert“, Wert „1.234“: " in fehler.getvalue()
    assert "Zeile 4, Spalte „indikator“, Wert „nix“: " in fehler.getvalue()
    assert Messwert.objects.count() == 0


def test_command_refuses_an_undecodable_file(tmp_path, anteil):
    pfad = _datei(tmp_path, KOPF + b"anteil;2019;1;\x81;\n")
    with pytest.raises(CommandError):
        call_command("import_messwerte", str(pfad), stderr=io.StringIO())
    assert Messwert.objects.count() == 0


def test_command_reports_new_auspraegungen_and_a_missing_file(tmp_path, anteil):
    b.dimension("geschlecht", "Geschlecht")
    pfad = _datei(tmp_path, b"indikator;datum;wert;geschlecht\nanteil;2019;1;divers\n")
    ausgabe = io.StringIO()
    call_command("import_messwerte", str(pfad), stdout=ausgabe)
    assert "Neue Ausprägung: Geschlecht: divers" in ausgabe.getvalue()
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        call_command("import_messwerte", str(tmp_path / "fehlt.csv"))


def test_command_imports_a_json_download(tmp_path, anteil):
    pfad = _datei(
        tmp_path,
        b'{"messwerte": [{"indikator": "anteil", "datum": "2019", "wert": "6.8"}]}',
        "werte.json",
    )
    call_command("import_messwerte", str(pfad), stdout=io.StringIO())
    assert str(Messwert.objects.get().wert) == "6.8000"

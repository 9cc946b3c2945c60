"""integration_portal/tabellen.py: reading what German Excel writes, writing safe cells."""

import io

import openpyxl
import pytest

from integration_portal import tabellen


@pytest.mark.parametrize(
    "wert, erwartet",
    [
        ("=1+1", "'=1+1"),
        ("+49 381 123", "'+49 381 123"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # an apostrophe of its own survives the round trip
        ("-3.5", "-3.5"),  # numbers stay numbers, negative ones too
        ("-3,5", "-3,5"),
        ("+7", "+7"),
        ("-1e5", "-1e5"),
        ("Amt für Migration", "Amt für Migration"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_entschaerfen_follows_owasp_and_leaves_numbers_alone(wert, erwartet):
    assert tabellen.entschaerfen(wert) == erwartet
    assert tabellen.entschaerfung_aufheben(tabellen.entschaerfen(wert)) == wert


def test_csv_is_read_in_every_encoding_and_separator_german_excel_writes():
    zeilen = [["Referenz", "Status"], ["5.2 / 1 a", "gefährdet"]]
    for kodierung, trenner in [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";")]:
        text = "\r\n".join(trenner.join(z) for z in zeilen)
        tabelle = tabellen.csv_lesen(text.encode(kodierung))
        assert tabelle.kopf == ["Referenz", "Status"]
        assert tabelle.zeilen == [(2, ["5.2 / 1 a", "gefährdet"])]
    utf16 = "Referenz\tStatus\r\n5.2 / 1 a\tgefährdet\r\n".encode("utf-16")
    assert tabellen.csv_lesen(utf16).zeilen == [(2, ["5.2 / 1 a", "gefährdet"])]


def test_empty_rows_are_skipped_but_counted():
    tabelle = tabellen.csv_lesen(b"a;b\n1;2\n;\n\n3;4\n")
    assert [n for n, _z in tabelle.zeilen] == [2, 5]


@pytest.mark.parametrize(
    "inhalt, zeile, erwartet",
    [
        (b"a;b\n1;2\n\x81;3\n", 3, "weder in UTF-8 noch in Windows-1252"),
        ("a;b\näöü;2\n".encode() + b"\xe4;3\n", 3, "zwei Kodierungen"),
        (b"a;b\n1;2\n3;\x004\n", 3, "NUL"),
        (b'a;b\n1;"2\n', 2, "Anführungszeichen"),
        (b'a;b\n1;"' + b"x" * 140_000 + b'"\n', 2, "länger als"),
    ],
)
def test_unreadable_csv_names_the_row(inhalt, zeile, erwartet):
    with pytest.raises(tabellen.TabellenFehler) as fehler:
        tabellen.csv_lesen(inhalt)
    assert fehler.value.zeile == zeile
    assert erwartet in fehler.value.meldung


def test_broken_xlsx_is_a_german_error():
    with pytest.raises(tabellen.TabellenFehler, match="keine lesbare XLSX"):
        tabellen.lesen(b"PK\x03\x04kaputt", "x.xlsx")


def test_xlsx_writer_never_writes_a_formula_and_keeps_numbers():
    inhalt = tabellen.xlsx_inhalt(["Text", "Zahl"], [['=HYPERLINK("x")', -4], ["a\x0bb", 2.5]])
    blatt = openpyxl.load_workbook(io.BytesIO(inhalt)).active
    assert blatt["A2"].data_type == "s" and blatt["A2"].value == '\'=HYPERLINK("x")'
    assert blatt["B2"].value == -4 and blatt["B2"].data_type == "n"
    assert blatt["A3"].value == "a\N{REPLACEMENT CHARACTER}b"


def test_csv_writer_for_german_excel():
    text = tabellen.csv_text(["a", "b"], [["=x", 2.5], ["-1", "y"]], excel_deutsch=True)
    assert text == "\ufeffa;b\r\n'=x;2,5\r\n-1;y\r\n"

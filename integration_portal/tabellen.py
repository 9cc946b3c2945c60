"""Spreadsheet files in and out: what German Excel writes, and cells that are safe to open.

Reading (the Maßnahmen import and the Messwerte import): XLSX, or CSV in UTF-8 (with or without
byte order mark), Windows-1252 (what Excel writes in Germany as „CSV (Trennzeichen-getrennt)“) or
UTF-16 with byte order mark (Excel's „Unicode-Text“); separated by ``;``, tab or ``,``, whichever
the header line uses most. Whatever cannot be read becomes a ``TabellenFehler`` with the row and
a German sentence, never an exception from deep inside ``csv`` or ``openpyxl``.

Writing (every CSV and XLSX the portal produces goes through ``zeile_entschaerfen``): a text
cell that starts with ``= + - @``, tab or carriage return would be run as a formula by a
spreadsheet program (OWASP "CSV Injection"); it gets a leading apostrophe, as OWASP advises. A
number stays a number: ``-3.5`` is not a formula and is written as it is, and a negative number
in a numeric column therefore survives the round trip. ``entschaerfung_aufheben`` undoes the
prefix when our own file is imported again, so export → import gives back the same values.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

GEFAEHRLICHE_ANFAENGE = ("=", "+", "-", "@", "\t", "\r")
# A plain number (also with decimal comma or exponent) is never a formula, even with a sign.
_ZAHL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
# Sequences that only UTF-8 produces: a file with them and an invalid byte mixes encodings.
_UTF8_FOLGE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _gefaehrlich(text):
    rest = text.lstrip("'")
    return rest[:1] in GEFAEHRLICHE_ANFAENGE and not _ZAHL.fullmatch(rest)


def entschaerfen(wert):
    """A cell that no spreadsheet program runs as a formula; numbers and non-text unchanged.

    Leading apostrophes count as part of the prefix, so that ``entschaerfung_aufheben`` can
    restore a value that itself began with ``'=``.
    """
    if isinstance(wert, str) and _gefaehrlich(wert):
        return "'" + wert
    return wert


def entschaerfung_aufheben(wert):
    """The value ``entschaerfen`` was given (for text read back from our own exports)."""
    if isinstance(wert, str) and wert.startswith("'") and _gefaehrlich(wert[1:]):
        return wert[1:]
    return wert


def zeile_entschaerfen(zellen):
    return [entschaerfen(z) for z in zellen]


def wert_kurz(wert, laenge=40):
    """A cell value for an error message: quoted elsewhere, shortened if long."""
    text = "" if wert is None else str(wert)
    text = text.replace("\x00", "\\0")
    if len(text) > laenge:
        return _("%(anfang)s… (%(n)s Zeichen)") % {"anfang": text[:laenge], "n": len(text)}
    return text


# --- Reading ------------------------------------------------------------------------------


class TabellenFehler(ValueError):
    """The file as a whole cannot be read; ``zeile`` where it happened (header = 1), if known."""

    def __init__(self, meldung, zeile=None):
        super().__init__(meldung)
        self.meldung = meldung
        self.zeile = zeile


@dataclass
class Tabelle:
    """``kopf``: the header cells as written; ``zeilen``: (row number, cells), header = row 1.

    Empty rows are left out but counted, so the numbers are those a spreadsheet program shows.
    """

    kopf: list
    zeilen: list = field(default_factory=list)


def _zeile_von(inhalt, position):
    return inhalt[:position].count(b"\n" if isinstance(inhalt, bytes) else "\n") + 1


def dekodieren(inhalt):
    """Text from the bytes of a CSV file, or a ``TabellenFehler`` that says which row is bad."""
    if inhalt.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return inhalt.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TabellenFehler(
                _("Die Datei ist als UTF-16 gekennzeichnet, aber nicht lesbar."),
                _zeile_von(inhalt, exc.start),
            ) from None
    try:
        return inhalt.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_fehler:
        if _UTF8_FOLGE.search(inhalt):
            byte = inhalt[utf8_fehler.start]
            raise TabellenFehler(
                _(
                    "Die Datei ist UTF-8, enthält aber das Byte 0x%(byte)02X, das in UTF-8 "
                    "kein Zeichen ist (vermutlich wurden Texte mit zwei Kodierungen gemischt). "
                    "Bitte speichern Sie die Datei als „CSV UTF-8“."
                )
                % {"byte": byte},
                _zeile_von(inhalt, utf8_fehler.start),
            ) from None
    try:
        return inhalt.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise TabellenFehler(
            _(
                "Die Datei enthält das Byte 0x%(byte)02X, das weder in UTF-8 noch in "
                "Windows-1252 ein Zeichen ist. Bitte speichern Sie die Datei als „CSV UTF-8“."
            )
            % {"byte": inhalt[exc.start]},
            _zeile_von(inhalt, exc.start),
        ) from None


def _trennzeichen(kopfzeile):
    anzahl = {t: kopfzeile.count(t) for t in (";", "\t", ",")}
    bester = max(anzahl, key=lambda t: anzahl[t])  # ties: the order above (German Excel first)
    return bester if anzahl[bester] else ","


def csv_lesen(inhalt):
    """A ``Tabelle`` from CSV bytes or text."""
    text = dekodieren(inhalt) if isinstance(inhalt, bytes) else inhalt
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise TabellenFehler(
            _(
                "Die Datei enthält ein NUL-Zeichen. Bitte speichern Sie sie als „CSV UTF-8“ "
                "oder „CSV (Trennzeichen-getrennt)“."
            ),
            _zeile_von(text, text.index("\x00")),
        )
    leser = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_trennzeichen(text.split("\n", 1)[0]),
        strict=True,  # a quote without its partner is an error, not the rest of the file
    )
    tabelle = None
    nummer = 0
    try:
        for nummer, zellen in enumerate(leser, start=1):  # noqa: B007 (used after the loop)
            if tabelle is None:
                tabelle = Tabelle(kopf=[z.strip() for z in zellen])
            elif any(z.strip() for z in zellen):
                tabelle.zeilen.append((nummer, zellen))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            meldung = _("Eine Zelle ist länger als %(n)s Zeichen.") % {
                "n": f"{csv.field_size_limit():,}".replace(",", ".")
            }
        else:
            meldung = _(
                "Die Zeile ist als CSV nicht lesbar (z. B. ein Anführungszeichen ohne Gegenstück)."
            )
        raise TabellenFehler(meldung, nummer + 1) from None
    if tabelle is None:
        raise TabellenFehler(_("Die Datei ist leer."), 1)
    return tabelle


def xlsx_lesen(inhalt):
    """A ``Tabelle`` from the first sheet of an XLSX file; cells keep their types."""
    import openpyxl

    try:
        mappe = openpyxl.load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True)
        blatt = mappe.worksheets[0]
        zeilen = list(blatt.iter_rows(values_only=True))
    except Exception:  # noqa: BLE001 - any failure to parse untrusted input means "not XLSX"
        raise TabellenFehler(_("Die Datei ist keine lesbare XLSX-Datei."), None) from None
    if not zeilen:
        raise TabellenFehler(_("Die Datei ist leer."), 1)
    tabelle = Tabelle(kopf=[("" if z is None else str(z)).strip() for z in zeilen[0]])
    for nummer, zellen in enumerate(zeilen[1:], start=2):
        zellen = ["" if z is None else z for z in zellen]
        if any(str(z).strip() for z in zellen):
            tabelle.zeilen.append((nummer, zellen))
    return tabelle


def ist_xlsx(inhalt, dateiname=""):
    return dateiname.lower().endswith(".xlsx") or inhalt[:4] == b"PK\x03\x04"


def lesen(inhalt, dateiname=""):
    """A ``Tabelle`` from an uploaded CSV or XLSX file (bytes)."""
    if ist_xlsx(inhalt, dateiname):
        return xlsx_lesen(inhalt)
    return csv_lesen(inhalt)


# --- Writing ------------------------------------------------------------------------------


class Echo:
    """A file-like object that hands back what is written (for streaming CSV responses)."""

    def write(self, value):
        return value


def csv_zeilen(kopf, zeilen, *, excel_deutsch=False, bom=None):
    """CSV text line by line (for streaming), every cell made safe: the one CSV writer.

    Two variants from the same rows:
    - the plain one: ``,`` between cells, decimal point, LF – what pandas, R and the import read;
    - ``excel_deutsch``: what German Excel opens with a double click: ``;`` between cells,
      decimal comma, CRLF, and a byte order mark so that Excel reads UTF-8 (all characters of
      every name survive, which Windows-1252 could not promise).

    Numbers are given as ``Decimal``, ``float`` or ``int`` (never as preformatted text), so that
    only this function decides the decimal mark. ``bom``: write the byte order mark also in the
    plain variant (default: only in the Excel one).
    """
    if bom is None:
        bom = excel_deutsch
    if excel_deutsch:
        schreiber = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    else:
        schreiber = csv.writer(Echo(), lineterminator="\n")
    yield ("\ufeff" if bom else "") + schreiber.writerow(zeile_entschaerfen(kopf))
    for zellen in zeilen:
        zellen = [_zahl(z, excel_deutsch) for z in zeile_entschaerfen(zellen)]
        yield schreiber.writerow(zellen)


def csv_text(kopf, zeilen, *, excel_deutsch=False):
    """The whole CSV as one text (see ``csv_zeilen``)."""
    return "".join(csv_zeilen(kopf, zeilen, excel_deutsch=excel_deutsch))


def _zahl(wert, dezimalkomma):
    """A number as text with the variant's decimal mark; other cells unchanged."""
    from decimal import Decimal

    if isinstance(wert, bool):
        return wert
    if isinstance(wert, Decimal):
        text = format(wert, "f")  # never an exponent (1E+1)
    elif isinstance(wert, float):
        text = repr(wert)
    else:
        return wert
    return text.replace(".", ",") if dezimalkomma else text


def xlsx_inhalt(kopf, zeilen, titel="Tabelle", hinweise=None):
    """XLSX bytes; text cells are text (never formulas), numbers and dates keep their type.

    ``hinweise``: ``(sheet title, lines)`` for a second sheet, e.g. the licence of open data;
    the data stay on the first sheet, where the import and pandas look.
    """
    import openpyxl

    mappe = openpyxl.Workbook()
    _blatt_fuellen(mappe.active, titel, [kopf, *zeilen], kopfzeile=True)
    if hinweise:
        hinweis_titel, zeilen_text = hinweise
        _blatt_fuellen(
            mappe.create_sheet(), hinweis_titel, [[z] for z in zeilen_text], kopfzeile=False
        )
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _blatt_fuellen(blatt, titel, zeilen, *, kopfzeile):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    blatt.title = titel[:31]
    for nummer, zellen in enumerate(zeilen, start=1):
        for spalte, wert in enumerate(zeile_entschaerfen(zellen), start=1):
            if isinstance(wert, str):
                # Control characters are not allowed in XLSX; they would abort the export.
                wert = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", wert)
            zelle = blatt.cell(row=nummer, column=spalte)
            zelle.value = wert
            if isinstance(wert, str):
                zelle.data_type = "s"  # never "f", whatever the text looks like
            if nummer == 1 and kopfzeile:
                zelle.font = Font(bold=True)
    if kopfzeile:
        blatt.freeze_panes = "A2"

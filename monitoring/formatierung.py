"""Reading and writing numbers and dates of Messwerte: one place for import, pages and downloads.

Input (CSV, admin) accepts German and international notation for a single decimal mark:
``3,99`` and ``3.99`` are the same value. A thousands separator is refused, because ``1.234``
would mean 1234 to a German reader and 1.234 to a machine: a number with exactly three digits
after a single separator and no leading zero (``1.234``, ``12,500``) is refused as ambiguous
(write ``1234``, or ``1,2340`` for the decimal); ``0,125`` and ``3.99`` are clear. Downloads
write such decimals with a fourth place (``1.2340``), so they can be imported again. Output on
pages follows the active language – the page's, ``/en/…`` is English (integration_portal/
sprachen.py): ``1.234,5`` and ``12/2019``, ``01.07.2019`` in German; ``1,234.5`` and
``Dec 2019``, ``1 Jul 2019`` in English (month names: ``07/01/2019`` would read as January
to some and July to others; short ones, as wide as the German on a chart's axis). Downloads
are machine-readable in every language (``6.80``, ISO dates: ``zahl_maschinell``,
``datum_maschinell``).
"""

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.dateformat import format as datum_format
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from integration_portal.tabellen import wert_kurz
from monitoring.choices import Einheit, Genauigkeit, Zeitart

_ZAHL = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_MEHRDEUTIG = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
# Messwert.wert has 19 digits, 4 of them after the decimal mark.
GRENZE = Decimal(10) ** 15
_JAHR = re.compile(r"^(\d{4})$")
_MONAT_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONAT_DE = re.compile(r"^(\d{1,2})/(\d{4})$")
_TAG_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TAG_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def zahl_parsen(text, nachkommastellen=4):
    """A Decimal from ``3,99`` or ``3.99``; ValueError with a German message otherwise."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError(_("Der Wert fehlt."))
    if not _ZAHL.match(text):
        raise ValueError(
            _("„%(text)s“ ist keine Zahl (erlaubt: 3,99 oder 3.99, ohne Tausenderpunkte).")
            % {"text": wert_kurz(text)}
        )
    if _MEHRDEUTIG.match(text):
        ganz = text.replace(".", "").replace(",", "")
        raise ValueError(
            _(
                "„%(text)s“ ist mehrdeutig: Tausenderpunkt oder Dezimalzeichen? Schreiben Sie "
                "%(ganz)s für die ganze Zahl oder %(dezimal)s0 für die Dezimalzahl."
            )
            % {"text": text, "ganz": ganz, "dezimal": text}
        )
    try:
        wert = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules this out
        raise ValueError(_("„%(text)s“ ist keine Zahl.") % {"text": text}) from exc
    if -wert.as_tuple().exponent > nachkommastellen:
        raise ValueError(
            _("„%(text)s“ hat mehr als %(n)s Nachkommastellen.")
            % {"text": wert_kurz(text), "n": nachkommastellen}
        )
    if abs(wert) >= GRENZE:
        raise ValueError(
            _("„%(text)s“ ist zu groß: erlaubt sind höchstens 15 Stellen vor dem Komma.")
            % {"text": wert_kurz(text)}
        )
    return wert


def datum_parsen(text):
    """``(date, Zeitart)`` from a year, a month or a day; the date is the end of the period.

    Accepted: ``2019`` (Jahr → 31.12.2019), ``2019-12`` or ``12/2019`` (Monat → 31.12.2019),
    ``2019-07-01`` or ``01.07.2019`` (Stichtag).
    """
    text = (text or "").strip()
    try:
        if m := _JAHR.match(text):
            return date(int(m[1]), 12, 31), Zeitart.JAHR
        if (m := _MONAT_ISO.match(text)) or (m := _MONAT_DE.match(text)):
            jahr, monat = (int(m[1]), int(m[2])) if "-" in text else (int(m[2]), int(m[1]))
            return date(jahr, monat, calendar.monthrange(jahr, monat)[1]), Zeitart.MONAT
        if m := _TAG_ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3])), Zeitart.STICHTAG
        if m := _TAG_DE.match(text):
            return date(int(m[3]), int(m[2]), int(m[1])), Zeitart.STICHTAG
    except ValueError as exc:
        raise ValueError(_("„%(text)s“ ist kein gültiges Datum.") % {"text": text}) from exc
    if not text:
        raise ValueError(_("Das Datum fehlt."))
    raise ValueError(
        _("„%(text)s“ ist kein Datum (erlaubt: 2019, 12/2019, 2019-12, 01.07.2019, 2019-07-01).")
        % {"text": wert_kurz(text)}
    )


def datum_mit_art(text, datumsart):
    """``(date, Zeitart)`` from a date cell and the ``datumsart`` column of our downloads.

    The download writes the end of the period as a full date (``2019-12-31``) and says in
    ``datumsart`` that a year is meant; read back, the value is a year again. An empty
    ``datumsart`` leaves the date as ``datum_parsen`` reads it.
    """
    datum, zeitart = datum_parsen(text)
    art = (datumsart or "").strip().lower()
    if not art:
        return datum, zeitart
    if art == Zeitart.JAHR:
        return date(datum.year, 12, 31), Zeitart.JAHR
    if art == Zeitart.MONAT:
        return date(datum.year, datum.month, calendar.monthrange(datum.year, datum.month)[1]), (
            Zeitart.MONAT
        )
    if art in (Zeitart.STICHTAG, "tag"):
        if zeitart != Zeitart.STICHTAG:
            raise ValueError(
                _("„%(text)s“ ist kein Tag, die Datumsart ist aber „stichtag“.")
                % {"text": wert_kurz(text)}
            )
        return datum, Zeitart.STICHTAG
    raise ValueError(
        _("„%(art)s“ ist keine Datumsart (erlaubt: jahr, monat, stichtag).")
        % {"art": wert_kurz(datumsart)}
    )


def datum_maschinell(datum, zeitart):
    """The date as downloads write it (and the import reads it back)."""
    if zeitart == Zeitart.JAHR:
        return f"{datum.year:04d}"
    if zeitart == Zeitart.MONAT:
        return f"{datum.year:04d}-{datum.month:02d}"
    return datum.isoformat()


def zahl_maschinell(wert):
    """``3.99``, ``137``, ``20800000``: exact, without the trailing zeros of the column."""
    text = format(wert.normalize(), "f")
    if text in ("-0", ""):
        return "0"
    # 1.234 would be refused on import as ambiguous; 1.2340 is the same value and clear.
    return text + "0" if _MEHRDEUTIG.match(text) else text


# How pages write a Monat and a Stichtag, per language (django.utils.dateformat; month names in
# the active language). A language not listed writes as the main language does.
DATUMSFORMATE = {
    "de": {Zeitart.MONAT: "m/Y", Zeitart.STICHTAG: "d.m.Y"},
    "en": {Zeitart.MONAT: "M Y", Zeitart.STICHTAG: "j M Y"},
}


def datum_anzeige(datum, zeitart):
    """The date as pages show it: ``2019``, ``12/2019``, ``01.07.2019`` (English: ``2019``,
    ``Dec 2019``, ``1 Jul 2019``)."""
    if datum is None:
        return ""
    if zeitart == Zeitart.JAHR:
        return f"{datum.year}"
    formate = DATUMSFORMATE.get(translation.get_language(), DATUMSFORMATE[settings.LANGUAGE_CODE])
    return datum_format(
        datum, formate[Zeitart.MONAT if zeitart == Zeitart.MONAT else Zeitart.STICHTAG]
    )


def zahl_anzeige(wert, nachkommastellen):
    """``6,80`` in German, ``6.80`` in English; thousands grouped (``20.800.000``)."""
    if wert is None:
        return ""
    return number_format(wert, decimal_pos=nachkommastellen, use_l10n=True, force_grouping=True)


def einheit_text(indikator):
    zeichen = Einheit(indikator.einheit).zeichen if indikator.einheit else ""
    return " ".join(t for t in (zeichen, indikator.einheit_bezeichnung) if t)


def wert_anzeige(wert, indikator, genauigkeit=Genauigkeit.GENAU):
    """``mehr als 137 Länder``, ``6,80 %`` — the value as a reader should see it."""
    if wert is None:
        return ""
    text = zahl_anzeige(wert, indikator.nachkommastellen)
    if einheit := einheit_text(indikator):
        text = f"{text}\u00a0{einheit}"
    if genauigkeit and genauigkeit != Genauigkeit.GENAU:
        text = f"{Genauigkeit(genauigkeit).label} {text}"
    return text


def differenz_anzeige(differenz, indikator):
    """A signed change, e.g. ``+0,20 Prozentpunkte`` for a percent indicator."""
    if differenz is None:
        return ""
    vorzeichen = "+" if differenz > 0 else ("−" if differenz < 0 else "±")
    text = f"{vorzeichen}{zahl_anzeige(abs(differenz), indikator.nachkommastellen)}"
    if indikator.einheit == Einheit.PROZENT:
        return f"{text}\u00a0{_('Prozentpunkte')}"
    if einheit := einheit_text(indikator):
        return f"{text}\u00a0{einheit}"
    return text

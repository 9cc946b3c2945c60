"""Formatting for the PDF reports: German dates and numbers, percentages, chart data URIs.

The report renders under ``translation.override("de")``, so ``formats`` answers in German
("30. Juni 2025", "12,5 %").

Load this library after ``anzeige``: its ``status_symbol`` and ``ampel_symbol`` replace the
portal's plain glyphs by decorative ones (see ``_symbol``).
"""

import base64

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from berichte.einschaetzungen import bereinigen
from measures.rollup import gerundet
from measures.templatetags.anzeige import AMPEL_SYMBOLE, STATUS_SYMBOLE

register = template.Library()

# A no-break space keeps the number and its unit on one line, as DIN 5008 sets them.
NBSP = "\u00a0"


@register.filter
def datum_lang(wert):
    return formats.date_format(wert, "j. F Y") if wert else ""


@register.filter
def datum_kurz(wert):
    return formats.date_format(wert, "d.m.Y") if wert else ""


@register.filter
def zahl(wert, stellen=0):
    if wert is None:
        return "–"
    return formats.number_format(wert, decimal_pos=stellen, use_l10n=True, force_grouping=True)


@register.filter
def prozent(wert):
    """Progress in whole percent (``measures.rollup.gerundet``), ``13 %``; a dash for no value."""
    if wert is None:
        return "–"
    return f"{zahl(gerundet(wert, ganz=True))}{NBSP}%"


@register.filter
def punkte(wert):
    """A signed change in percentage points, e.g. ``+12 Prozentpunkte``."""
    if wert is None:
        return "–"
    ganz = gerundet(wert, ganz=True)
    vorzeichen = "+" if ganz > 0 else ("−" if ganz < 0 else "±")
    return f"{vorzeichen}{zahl(abs(ganz))}{NBSP}{_('Prozentpunkte')}"


@register.filter
def breite(wert):
    """A progress value as a CSS width in percent (dot decimal, clamped to 0–100)."""
    return f"{max(0.0, min(100.0, float(gerundet(wert) or 0))):.1f}"


@register.filter
def svg_daten_uri(svg):
    """An SVG document as a data: URI, so that WeasyPrint embeds it without fetching anything."""
    if isinstance(svg, str):
        svg = svg.encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _symbol(zeichen, klasse=""):
    """A decorative status or Ampel symbol: the glyph set in the symbol face of report.css.

    WeasyPrint ignores ``aria-hidden`` and tags every piece of text, so a glyph in the text
    would be read aloud ("Kreis, umgesetzt"); the word next to it carries the meaning.
    ``.symbol`` sets the glyph in DejaVu Sans Condensed Bold, a face the report uses for nothing
    else (it has every one of the glyphs), and ``berichte.pdfua`` makes all text in that face an
    ``/Artifact``.
    """
    if not zeichen:
        return ""
    return format_html('<span class="symbol{}">{}</span>', klasse, zeichen)


@register.filter
def status_symbol(wert):
    return _symbol(STATUS_SYMBOLE.get(wert, ""))


@register.filter
def ampel_symbol(wert):
    return _symbol(AMPEL_SYMBOLE.get(wert, ""), f" ampel-{wert}")


@register.filter
def einschaetzung_html(text):
    """Stored assessment HTML, cleaned again by the one rule (einschaetzungen.bereinigen), safe.

    The only place a report marks HTML from the database as safe: whatever reached the table
    (also past the model, by ``update()``), scripts, styles, images, attributes other than
    ``a[href]`` and other URL schemes are gone.
    """
    return mark_safe(bereinigen(text))  # noqa: S308 - nh3 output with a fixed allow-list


# Colours of the Ampel mix bar (the counts beside it say the same in words and symbols).
MIX_FARBEN = {
    "im_plan": "#2e7d32",
    "gefaehrdet": "#c98a00",
    "kritisch": "#a00000",
    "unbewertet": "#bbbbbb",
}


@register.filter
def ampel_verlauf(mix):
    """The Ampel mix ``[(Ampel, n)]`` as one CSS gradient with hard stops: a stacked bar that
    is a single box for WeasyPrint (floats or one box per part cost a tenth of a second)."""
    gesamt = sum(n for _ampel, n in mix)
    if not gesamt:
        return ""
    stopps, bisher = [], 0
    for ampel, n in mix:
        von, bisher = bisher, bisher + n
        farbe = MIX_FARBEN.get(ampel.value if hasattr(ampel, "value") else ampel, "#777")
        # Two stops of one colour: WeasyPrint does not read „colour from% to%“.
        stopps += [f"{farbe} {100 * von / gesamt:.1f}%", f"{farbe} {100 * bisher / gesamt:.1f}%"]
    return f"linear-gradient(to right, {', '.join(stopps)})"

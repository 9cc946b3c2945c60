"""A progress report as an editable Word document (DOCX), for the Büro's Beschlussvorlage.

Built from the same ``Bericht`` as the PDF (``berichte.data.sammeln``), in the PDF's order:
title page with the key facts, "Auf einen Blick", summary, one section per Handlungsfeld
(progress, the Büro's assessment, Leitziel, Teilziele, Maßnahmen with Sachstand, status, Ampel,
progress, federführend; indicators as text), the changes since the comparison round, Anhang A
(Akteure) and Anhang B (Abkürzungen).

It is a document to edit, so it uses Word's own means: the styles Title, Heading 1–3 (the
outline in Word and LibreOffice's Navigator), tables in the bordered style "Table Grid" with a
header row that repeats on every page (``w:tblHeader``) and a table title (``w:tblCaption``),
German as the language of every style, title and author in the core properties, A4 portrait,
"Seite X von Y" as PAGE/NUMPAGES fields in the footer. Status and Ampel are words, never symbols.

All text from the data passes through ``rein``: XML 1.0 has no place for control characters,
and python-docx raises on them. Text is only ever text: a Sachstand beginning with "=" stays
letters, no field or formula is made from data.

Parts of ``Bericht`` that other work adds (issue 15) are read with guards, so this module works
before and after they exist: ``Zeile.text`` (wording as of the Stichtag), ``Zeile.ueberfaellig``,
``Zeile.zieldatum``, ``Bericht.einschaetzungen`` (a ``berichte.einschaetzungen.Einschaetzungen``;
without it this module asks ``fuer_bericht``), ``HandlungsfeldBlock.einschaetzung``,
``Bericht.aenderungsgruppen`` (``[(Überschrift, [Aenderung])]``, the grouped annex of changes)
and ``Bericht.blick.bewegt`` (``[(Handlungsfeld, Zuwachs)]``, the Handlungsfelder that moved most).
"""

import datetime
import io
import re
from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, RGBColor

from berichte.data import _hat_leitziel
from berichte.einschaetzungen import fuer_bericht
from berichte.templatetags.bericht import datum_kurz, datum_lang, prozent, punkte, zahl
from measures.choices import Ampel

INHALTSTYP = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SPRACHE = "de-DE"
TABELLENSTIL = "Table Grid"  # Word's plain table with a border around every cell

# Characters XML 1.0 does not allow (and DEL): python-docx refuses them, Word would not open them.
_STEUERZEICHEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINK_SCHEMATA = ("http://", "https://", "mailto:")


def rein(text):
    """``text`` as a string Word can hold: control characters removed, line ends as ``\\n``."""
    text = "" if text is None else str(text)
    return _STEUERZEICHEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def dateiname(bericht):
    """The PDF's file name with ``.docx``, e.g. ``Fortschrittsbericht_…_2025-06-30.docx``."""
    return bericht.dateiname.removesuffix(".pdf") + ".docx"


def dokumenttitel(bericht):
    """Title of the document (core properties): says when it is the internal one."""
    return _mit_fassung(bericht, f"{bericht.titel}: {bericht.untertitel}")


def _mit_fassung(bericht, titel):
    if bericht.auftrag.intern:
        return f"{titel} – {_('interne Fassung')}"
    return titel


def docx_erzeugen(bericht):
    """The report as DOCX bytes, always in German."""
    with translation.override("de"):
        dokument = Document()
        _seite_einrichten(dokument, bericht)
        _sprache_setzen(dokument)
        _eigenschaften_setzen(dokument, bericht)
        einschaetzungen = _einschaetzungen(bericht)
        _titelseite(dokument, bericht)
        _auf_einen_blick(dokument, bericht, einschaetzungen)
        _zusammenfassung(dokument, bericht)
        for block in bericht.handlungsfelder:
            _handlungsfeld(dokument, bericht, block, einschaetzungen)
        _veraenderungen(dokument, bericht)
        _anhang_akteure(dokument, bericht)
        _anhang_abkuerzungen(dokument, bericht)
        puffer = io.BytesIO()
        dokument.save(puffer)
    return puffer.getvalue()


# --- the document as a whole -------------------------------------------------------------------


def _seite_einrichten(dokument, bericht):
    """A4 portrait, margins of a German letter, footer with title and "Seite X von Y"."""
    abschnitt = dokument.sections[0]
    abschnitt.orientation = WD_ORIENT.PORTRAIT
    abschnitt.page_width, abschnitt.page_height = Mm(210), Mm(297)
    abschnitt.left_margin, abschnitt.right_margin = Cm(2.5), Cm(2)
    abschnitt.top_margin, abschnitt.bottom_margin = Cm(2), Cm(2)
    fuss = abschnitt.footer.paragraphs[0]
    fuss.style = dokument.styles["Footer"]
    stand = _("Stand %(datum)s") % {"datum": datum_lang(bericht.stichtag)}
    _lauf(fuss, f"{bericht.titel} – {stand} · ")
    # One sentence for the translators; the page numbers are fields where the placeholders are.
    satz = _("Seite %(seite)s von %(seiten)s")
    for teil in re.split(r"(%\(seiten?\)s)", satz):
        if teil in ("%(seite)s", "%(seiten)s"):
            _feld(fuss, "PAGE" if teil == "%(seite)s" else "NUMPAGES")
        elif teil:
            _lauf(fuss, teil)
    if bericht.auftrag.intern:
        kopf = abschnitt.header.paragraphs[0]
        kopf.style = dokument.styles["Header"]
        _lauf(kopf, _("Nicht öffentlich – interne Fassung"), fett=True)


def _sprache_setzen(dokument):
    """German for the defaults and every paragraph and character style (spelling, hyphenation)."""
    wurzel = dokument.styles.element
    standard = wurzel.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if standard is not None:
        _sprache_in(standard)
    for stil in wurzel.findall(qn("w:style")):
        if stil.get(qn("w:type")) in ("paragraph", "character"):
            _sprache_in(stil.get_or_add_rPr())
    # The template's settings have these three (in the order the schema wants): set German.
    einstellungen = dokument.settings.element
    for name, wert in (
        ("w:themeFontLang", SPRACHE),
        ("w:decimalSymbol", ","),
        ("w:listSeparator", ";"),
    ):
        element = einstellungen.find(qn(name))
        if element is not None:
            element.set(qn("w:val"), wert)


def _sprache_in(rpr):
    sprache = rpr.find(qn("w:lang"))
    if sprache is None:
        sprache = OxmlElement("w:lang")
        rpr.append(sprache)
    sprache.set(qn("w:val"), SPRACHE)
    sprache.set(qn("w:eastAsia"), SPRACHE)


def _eigenschaften_setzen(dokument, bericht):
    eigenschaften = dokument.core_properties
    herausgeber = _("Hanse- und Universitätsstadt Rostock, Büro für Integration")
    eigenschaften.title = rein(dokumenttitel(bericht))
    eigenschaften.subject = rein(
        _("Umsetzungsstand des %(konzept)s zum Stichtag %(datum)s")
        % {"konzept": bericht.konzept.titel, "datum": datum_lang(bericht.stichtag)}
    )
    eigenschaften.author = herausgeber
    eigenschaften.last_modified_by = herausgeber
    eigenschaften.language = SPRACHE
    eigenschaften.keywords = _("Integrationskonzept, Fortschrittsbericht, Rostock, Bürgerschaft")
    eigenschaften.comments = _("Erzeugt vom Integrationsportal Rostock; zum Bearbeiten.")
    # python-docx writes naive datetimes as UTC ("…Z").
    erstellt = bericht.erstellt_am.astimezone(datetime.UTC).replace(tzinfo=None)
    eigenschaften.created = eigenschaften.modified = erstellt
    eigenschaften.revision = 1
    _vorschaubild_entfernen(dokument)


def _vorschaubild_entfernen(dokument):
    """Drop the template's preview image: file managers would show it for this report."""
    beziehungen = dokument.part.package.rels
    for schluessel, beziehung in list(beziehungen.items()):
        if beziehung.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del beziehungen[schluessel]


# --- building blocks ---------------------------------------------------------------------------


def _lauf(absatz, text, fett=False, kursiv=False):
    """Text appended to a paragraph; ``\\n`` becomes a line break, ``\\t`` a tab."""
    lauf = absatz.add_run(rein(text))
    if fett:
        lauf.bold = True
    if kursiv:
        lauf.italic = True
    return lauf


def _absatz(ziel, text="", stil=None, fett=False):
    """A paragraph in the style named ``stil`` (a style of python-docx's default template)."""
    absatz = ziel.add_paragraph()
    if stil:
        # Its id set directly ("List Bullet" → "ListBullet"): python-docx would look the name up
        # in a scan of all styles per paragraph, a third of the time of a Gesamtbericht.
        absatz._p.style = stil.replace(" ", "")
    if text:
        _lauf(absatz, text, fett=fett)
    return absatz


def _ueberschrift(dokument, text, ebene):
    return _absatz(dokument, text, stil=f"Heading {ebene}")


def _feld(absatz, anweisung, platzhalter="1"):
    """A Word field (e.g. PAGE) as begin/instruction/separate/result/end runs."""

    def zeichen(art):
        lauf = absatz.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), art)
        lauf._r.append(element)

    zeichen("begin")
    anweisungs_lauf = absatz.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {anweisung} "
    anweisungs_lauf._r.append(text)
    zeichen("separate")
    absatz.add_run(platzhalter)
    zeichen("end")


def _konzepttext(ziel, text, stil=None):
    """Concept wording as the PDF sets it: blank lines part paragraphs, "- " lines are a list."""
    for block in rein(text).split("\n\n"):
        for zeile in (z.strip() for z in block.split("\n")):
            if zeile.startswith("- "):
                _absatz(ziel, zeile[2:], stil="List Bullet")
            elif zeile:
                _absatz(ziel, zeile, stil=stil)


def _tabelle(dokument, titel, kopf, zeilen, breiten):
    """A bordered table with a repeating header row; ``zeilen``: cell values or fill functions.

    A value is a string, or a function ``fuellen(zelle)`` for a cell of several paragraphs.
    ``titel`` is the caption above it and the table's title for screen readers (``tblCaption``).
    """
    _absatz(dokument, titel, stil="Caption").paragraph_format.keep_with_next = True
    tabelle = dokument.add_table(rows=1, cols=len(kopf))
    tabelle._tbl.tblPr.style = TABELLENSTIL.replace(" ", "")  # by id, as in _absatz
    tabelle.autofit = False
    _tabellentitel(tabelle, titel)
    for spalte, breite in zip(tabelle.columns, breiten, strict=True):
        spalte.width = Cm(breite)
    kopfzeile = tabelle.rows[0]
    _als_kopfzeile(kopfzeile)
    for zelle, text, breite in zip(kopfzeile.cells, kopf, breiten, strict=True):
        zelle.width = Cm(breite)
        _lauf(zelle.paragraphs[0], text, fett=True)
    for werte in zeilen:
        for zelle, wert in zip(tabelle.add_row().cells, werte, strict=True):
            if callable(wert):
                wert(zelle)
            else:
                _lauf(zelle.paragraphs[0], wert)
    return tabelle


def _tabellentitel(tabelle, titel):
    eigenschaften = tabelle._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), rein(titel)[:255])
    eigenschaften.append(element)


def _als_kopfzeile(zeile):
    """Mark a row as the table's header: repeated at the top of every page, never split."""
    eigenschaften = zeile._tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        eigenschaften.append(element)


def _namen(akteure):
    return "; ".join(a.name for a in akteure)


def _massnahmentext(zeile):
    """The wording the report shows: as of the Stichtag where the row has it, else today's."""
    return getattr(zeile, "text", "") or zeile.massnahme.text


def _status_wort(zeile):
    """Status as words, with "überfällig" beside it (it never replaces the status)."""
    if getattr(zeile, "ueberfaellig", False):
        return f"{zeile.status_label}, {_('überfällig')}"
    return zeile.status_label


# --- sections ----------------------------------------------------------------------------------


def _titelseite(dokument, bericht):
    _absatz(dokument, _("Hanse- und Universitätsstadt Rostock") + "\n" + _("Büro für Integration"))
    _absatz(dokument, _mit_fassung(bericht, bericht.titel), stil="Title")
    _absatz(dokument, bericht.untertitel, stil="Subtitle")
    _tabelle(
        dokument,
        _("Eckdaten des Berichts"),
        [_("Angabe"), _("Wert")],
        _eckdaten(bericht),
        breiten=(4.5, 12),
    )
    if bericht.auftrag.intern:
        _absatz(
            dokument,
            _(
                "Nicht öffentlich: enthält interne Notizen. Nur für die Bürgerschaft und die "
                "Verwaltung."
            ),
            fett=True,
        )


def _eckdaten(bericht):
    konzept = bericht.konzept
    runde = bericht.berichtsrunde
    daten = [
        (_("Konzept"), konzept.titel),
        (
            _("Beschluss"),
            _("%(nummer)s vom %(datum)s")
            % {"nummer": konzept.beschluss, "datum": datum_lang(konzept.beschlossen_am)},
        ),
        (_("Stichtag"), datum_lang(bericht.stichtag)),
        (
            _("Berichtsrunde"),
            runde.titel if runde else _("keine – aktueller Stand der Maßnahmen"),
        ),
    ]
    if bericht.vergleichsrunde:
        vergleich = bericht.vergleichsrunde
        daten.append(
            (
                _("Verglichen mit"),
                _("%(titel)s (Stichtag %(datum)s)")
                % {"titel": vergleich.titel, "datum": datum_lang(vergleich.stichtag)},
            )
        )
    daten.append((_("Erstellt am"), datum_lang(bericht.erstellt_am)))
    return daten


def _fortschritt_satz(bericht):
    if bericht.akteur:
        satz = _("Fortschritt der Maßnahmen dieses Akteurs: %(wert)s")
    else:
        satz = _("Fortschritt insgesamt: %(wert)s")
    satz %= {"wert": prozent(bericht.fortschritt)}
    if bericht.zuwachs is not None:
        satz += " (" + _("%(zuwachs)s seit %(titel)s") % {
            "zuwachs": punkte(bericht.zuwachs),
            "titel": bericht.vergleichsrunde.titel,
        }
        satz += ")"
    return satz


def _auf_einen_blick(dokument, bericht, einschaetzungen):
    """Overall progress, the Büro's summary, the measures marked kritisch and the überfällige."""
    _ueberschrift(dokument, _("Auf einen Blick"), 1)
    _absatz(dokument, _fortschritt_satz(bericht), fett=True)
    gesamt = einschaetzungen.gesamt
    if gesamt is not None:
        _ueberschrift(dokument, _("Zusammenfassung des Büros"), 2)
        _html_absaetze(dokument, gesamt.text)
    zeilen = [z for block in bericht.handlungsfelder for z in block.zeilen]
    listen = [
        (_("Maßnahmen mit Ampel „kritisch“"), [z for z in zeilen if z.ampel == Ampel.KRITISCH]),
        (_("Überfällige Maßnahmen"), [z for z in zeilen if getattr(z, "ueberfaellig", False)]),
    ]
    for titel, auswahl in listen:
        _ueberschrift(dokument, titel, 2)
        if not auswahl:
            _absatz(dokument, _("keine"))
        for zeile in auswahl:
            absatz = _absatz(dokument, stil="List Bullet")
            _lauf(absatz, zeile.massnahme.referenz, fett=True)
            _lauf(absatz, f" {_massnahmentext(zeile)} – {_status_wort(zeile)}")
    bewegt = getattr(getattr(bericht, "blick", None), "bewegt", None)
    if bewegt:
        _ueberschrift(dokument, _("Handlungsfelder mit der größten Veränderung"), 2)
        for bewegung in bewegt:
            hf = bewegung.handlungsfeld
            _absatz(
                dokument, f"{hf.nummer} {hf.titel}: {punkte(bewegung.zuwachs)}", stil="List Bullet"
            )


def _zusammenfassung(dokument, bericht):
    _ueberschrift(dokument, _("Zusammenfassung"), 1)
    _absatz(dokument, _fortschritt_satz(bericht))
    anzahl = bericht.anzahl_massnahmen
    _absatz(
        dokument,
        translation.ngettext(
            "%(anzahl)s Maßnahme ist erfasst.", "%(anzahl)s Maßnahmen sind erfasst.", anzahl
        )
        % {"anzahl": zahl(anzahl)}
        + " "
        + _(
            "Der Fortschritt eines Teilziels ist der Mittelwert seiner Maßnahmen, der eines "
            "Handlungsfelds der Mittelwert seiner Teilziele; entfallene Maßnahmen zählen nicht."
        ),
    )
    for titel, spalte, zaehlung in (
        (_("Maßnahmen nach Status"), _("Status"), bericht.nach_status),
        (_("Maßnahmen nach Ampel"), _("Ampel"), bericht.nach_ampel),
    ):
        zeilen = [(wahl.label, zahl(n)) for wahl, n in zaehlung] or [(_("keine Maßnahmen"), "–")]
        _tabelle(dokument, titel, [spalte, _("Anzahl")], zeilen, breiten=(10, 3))
    _tabelle(
        dokument,
        _("Fortschritt je Handlungsfeld"),
        [_("Handlungsfeld"), _("Maßnahmen"), _("Fortschritt")],
        [
            (f"{hf.nummer} {hf.titel}", zahl(anzahl), _fortschritt_hf(fortschritt, anzahl))
            for hf, fortschritt, anzahl in bericht.uebersicht
        ],
        breiten=(10.5, 2.5, 3.5),
    )


def _fortschritt_hf(fortschritt, anzahl):
    if fortschritt is not None:
        return prozent(fortschritt)
    return _("noch nicht messbar") if anzahl else _("keine eigenen Maßnahmen")


def _einschaetzungen(bericht):
    """The Büro's approved assessments the report shows (berichte.einschaetzungen)."""
    vorhanden = getattr(bericht, "einschaetzungen", None)
    if vorhanden is not None:
        return vorhanden
    return fuer_bericht(bericht.berichtsrunde, bericht.stichtag)


def _handlungsfeld(dokument, bericht, block, einschaetzungen):
    hf = block.handlungsfeld
    _ueberschrift(dokument, f"{hf.nummer} {hf.titel}", 1)
    if bericht.akteur:
        satz = _("Fortschritt der Maßnahmen dieses Akteurs in diesem Handlungsfeld: %(wert)s")
    else:
        satz = _("Fortschritt des Handlungsfelds: %(wert)s")
    _absatz(dokument, satz % {"wert": prozent(block.fortschritt)}, fett=True)
    einschaetzung = getattr(block, "einschaetzung", None) or einschaetzungen.je_handlungsfeld.get(
        hf.pk
    )
    if einschaetzung is not None:
        _ueberschrift(dokument, _("Einschätzung des Büros"), 2)
        _html_absaetze(dokument, einschaetzung.text)
    if _hat_leitziel(hf):
        _ueberschrift(dokument, _("Leitziel"), 2)
        _konzepttext(dokument, hf.leitziel.text)
    if not block.teilziele:
        _absatz(dokument, _("Dieses Handlungsfeld hat keine Teilziele mit Maßnahmen."))
    else:
        _teilziele(dokument, hf, block)
        _massnahmen(dokument, bericht, block)
    _indikatoren(dokument, block)


def _teilziele(dokument, hf, block):
    _ueberschrift(dokument, _("Teilziele"), 2)
    _tabelle(
        dokument,
        _("Teilziele des Handlungsfelds %(nummer)s mit Fortschritt") % {"nummer": hf.nummer},
        [_("Nr."), _("Teilziel"), _("Fortschritt")],
        [
            (str(tz.teilziel.nummer), tz.teilziel.text, prozent(tz.fortschritt))
            for tz in block.teilziele
        ],
        breiten=(1.5, 12.5, 2.5),
    )


def _massnahmen(dokument, bericht, block):
    """One table per Teilziel (Heading 3), one row per measure, status and Ampel as words."""
    _ueberschrift(dokument, _("Maßnahmen"), 2)
    for tz in block.teilziele:
        teilziel = tz.teilziel
        _ueberschrift(
            dokument,
            _("Teilziel %(nummer)s: %(text)s") % {"nummer": teilziel.nummer, "text": teilziel.text},
            3,
        )
        if not tz.zeilen:
            _absatz(dokument, _("Zu diesem Teilziel sind keine Maßnahmen erfasst."))
            continue
        _tabelle(
            dokument,
            _(
                "Maßnahmen zu Teilziel %(nummer)s des Handlungsfelds %(handlungsfeld)s mit ihrem "
                "letzten freigegebenen Sachstand"
            )
            % {"nummer": teilziel.nummer, "handlungsfeld": block.handlungsfeld.nummer},
            [
                _("Nr."),
                _("Maßnahme und Sachstand"),
                _("Status"),
                _("Ampel"),
                _("Fortschritt"),
                _("federführend"),
            ],
            [
                (
                    zeile.massnahme.referenz,
                    _massnahmen_zelle(zeile),
                    _status_wort(zeile),
                    zeile.ampel_label,
                    prozent(zeile.fortschritt),
                    _namen(zeile.federfuehrend) or "–",
                )
                for zeile in tz.zeilen
            ],
            breiten=(1.8, 7.2, 2.2, 1.9, 1.6, 1.8),
        )


def _massnahmen_zelle(zeile):
    """The cell with the measure's wording, target date, internal note and Sachstand."""

    def fuellen(zelle):
        _konzepttext(zelle, _massnahmentext(zeile))
        erster = zelle.paragraphs[0]
        if not erster.text:  # the cell's own empty paragraph, before the wording
            erster._p.getparent().remove(erster._p)
        zieldatum = getattr(zeile, "zieldatum", None)
        if zieldatum:
            _absatz(zelle, _("Zieldatum: %(datum)s") % {"datum": datum_kurz(zieldatum)})
        if zeile.interne_notiz:
            absatz = _absatz(zelle)
            _lauf(absatz, _("Interne Notiz:") + " ", fett=True)
            _lauf(absatz, zeile.interne_notiz)
        absatz = _absatz(zelle)
        if zeile.sachstand_text:
            kopf = _("Sachstand vom %(datum)s (%(akteur)s):") % {
                "datum": datum_kurz(zeile.sachstand_datum),
                "akteur": zeile.sachstand_akteur,
            }
            _lauf(absatz, kopf + " ", fett=True)
            _lauf(absatz, zeile.sachstand_text)
        else:
            _lauf(absatz, _("Noch kein freigegebener Sachstand."), kursiv=True)

    return fuellen


def _indikatoren(dokument, block):
    """Indicators as text: the chart's name and its text alternative (Word gets no SVG)."""
    if not block.indikatoren:
        return
    _ueberschrift(dokument, _("Indikatoren"), 2)
    for grafik in block.indikatoren:
        absatz = _absatz(dokument, stil="List Bullet")
        _lauf(absatz, grafik.name, fett=True)
        beschreibung = getattr(grafik, "beschreibung", "")
        if beschreibung:
            _lauf(absatz, f": {beschreibung}")


def _veraenderungen(dokument, bericht):
    """Changes since the comparison round: grouped where the report groups them, else one table."""
    if bericht.vergleichsrunde:
        titel = _("Veränderungen seit %(titel)s") % {"titel": bericht.vergleichsrunde.titel}
    else:
        titel = _("Veränderungen seit der letzten Berichtsrunde")
    _ueberschrift(dokument, titel, 1)
    if not bericht.vergleichsrunde:
        _absatz(
            dokument,
            _(
                "Es gibt noch keine abgeschlossene frühere Berichtsrunde, mit der verglichen "
                "werden kann."
            ),
        )
        return
    if not bericht.aenderungen:
        _absatz(
            dokument,
            _(
                "Seit der letzten Berichtsrunde haben sich Status, Ampel und Fortschritt keiner "
                "Maßnahme verändert."
            ),
        )
        return
    gruppen = getattr(bericht, "aenderungsgruppen", None)
    if gruppen is None:
        _aenderungstabelle(
            dokument,
            _("Maßnahmen mit verändertem Status, Ampel oder Fortschritt"),
            bericht.aenderungen,
        )
        return
    for gruppe, aenderungen in gruppen:
        _ueberschrift(dokument, gruppe, 2)
        if aenderungen:
            _aenderungstabelle(dokument, gruppe, aenderungen)
        else:
            _absatz(dokument, _("keine"))


def _aenderungstabelle(dokument, titel, aenderungen):
    _tabelle(
        dokument,
        titel,
        [
            _("Maßnahme"),
            _("Status (vorher → jetzt)"),
            _("Ampel (vorher → jetzt)"),
            _("Fortschritt"),
        ],
        [
            (
                f"{a.zeile.massnahme.referenz} {_massnahmentext(a.zeile)}",
                _vorher_jetzt(a.status_vorher_label, a.zeile.status_label, a.status_geaendert),
                _vorher_jetzt(a.ampel_vorher_label, a.zeile.ampel_label, a.ampel_geaendert),
                _fortschritt_vorher_jetzt(a),
            )
            for a in aenderungen
        ],
        breiten=(7, 3.5, 3, 3),
    )


def _vorher_jetzt(vorher, jetzt, geaendert):
    if geaendert:
        return f"{vorher} → {jetzt}"
    return _("%(wert)s (unverändert)") % {"wert": vorher}


def _fortschritt_vorher_jetzt(aenderung):
    text = f"{prozent(aenderung.fortschritt_vorher)} → {prozent(aenderung.zeile.fortschritt)}"
    if aenderung.zuwachs:
        text += f" ({punkte(aenderung.zuwachs)})"
    return text


def _anhang_akteure(dokument, bericht):
    _ueberschrift(dokument, _("Anhang A: Akteure und ihre Maßnahmen"), 1)
    _absatz(
        dokument,
        _(
            "Die Maßnahmen eines Handlungsfelds stehen zusammen: Nach der ersten vollständigen "
            "Nummer folgen die weiteren nur mit Teilziel und Buchstaben. „ffd.“ kennzeichnet die "
            "Federführung."
        ),
    )
    zeilen = [(akteur.name, _massnahmen_eines_akteurs(paare)) for akteur, paare in bericht.akteure]
    _tabelle(
        dokument,
        _("Akteure mit den Maßnahmen, für die sie zuständig sind"),
        [_("Akteur"), _("Maßnahmen")],
        zeilen or [(_("Keine Zuständigkeiten erfasst."), "")],
        breiten=(6, 10.5),
    )


def _massnahmen_eines_akteurs(paare):
    """ "5.2 / 1 a (ffd.), 1 b; 5.3 / 1 a": grouped by Handlungsfeld as Anhang A of the PDF."""
    teile, voriges_hf = [], None
    for zeile, ffd in paare:
        massnahme = zeile.massnahme
        hf = massnahme.teilziel.handlungsfeld.nummer
        if hf != voriges_hf:
            teil = ("; " if teile else "") + massnahme.referenz
        else:
            teil = f", {massnahme.teilziel.nummer} {massnahme.kennung}"
        teile.append(teil + (" (" + _("ffd.") + ")" if ffd else ""))
        voriges_hf = hf
    return "".join(teile)


def _anhang_abkuerzungen(dokument, bericht):
    _ueberschrift(dokument, _("Anhang B: Abkürzungen"), 1)
    if not bericht.abkuerzungen:
        _absatz(dokument, _("Dieser Bericht verwendet keine erklärungsbedürftigen Abkürzungen."))
        return
    _tabelle(
        dokument,
        _("Im Bericht verwendete Abkürzungen"),
        [_("Abkürzung"), _("Bedeutung")],
        list(bericht.abkuerzungen),
        breiten=(3.5, 13),
    )


# --- the Büro's sanitised HTML as Word paragraphs ----------------------------------------------


def _html_absaetze(ziel, html):
    """Paragraphs, lists, bold, italic, line breaks and links of an assessment (sanitised HTML)."""
    leser = _HtmlNachWord(ziel)
    leser.feed(html or "")
    leser.close()


class _HtmlNachWord(HTMLParser):
    """The few tags ``berichte.einschaetzungen`` lets through; anything else becomes plain text."""

    def __init__(self, ziel):
        super().__init__(convert_charrefs=True)
        self.ziel = ziel
        self.absatz = None
        self.listen = []  # "ul"/"ol" of the open lists, innermost last
        self.fett = self.kursiv = 0
        self.link = None

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.absatz = _absatz(self.ziel)
        elif tag in ("ul", "ol"):
            self.listen.append(tag)
        elif tag == "li":
            art = "List Number" if self.listen and self.listen[-1] == "ol" else "List Bullet"
            tiefe = min(len(self.listen), 3)
            self.absatz = _absatz(self.ziel, stil=art if tiefe <= 1 else f"{art} {tiefe}")
        elif tag == "br":
            self._aktueller_absatz().add_run().add_break()
        elif tag in ("strong", "b"):
            self.fett += 1
        elif tag in ("em", "i"):
            self.kursiv += 1
        elif tag == "a":
            ziel = dict(attrs).get("href") or ""
            self.link = ziel if ziel.startswith(_LINK_SCHEMATA) else None

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self.absatz = None
        elif tag in ("ul", "ol") and self.listen:
            self.listen.pop()
        elif tag in ("strong", "b"):
            self.fett = max(0, self.fett - 1)
        elif tag in ("em", "i"):
            self.kursiv = max(0, self.kursiv - 1)
        elif tag == "a":
            self.link = None

    def handle_data(self, data):
        if not data.strip() and self.absatz is None:
            return  # white space between block tags
        absatz = self._aktueller_absatz()
        if self.link:
            _link(absatz, self.link, data)
        else:
            _lauf(absatz, data.replace("\n", " "), fett=bool(self.fett), kursiv=bool(self.kursiv))

    def _aktueller_absatz(self):
        if self.absatz is None:
            self.absatz = _absatz(self.ziel)
        return self.absatz


def _link(absatz, adresse, text):
    """A real hyperlink (``w:hyperlink`` with an external relationship), blue and underlined."""
    beziehung = absatz.part.relate_to(rein(adresse), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), beziehung)
    lauf = absatz.add_run(rein(text).replace("\n", " "))
    lauf.font.underline = True
    lauf.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.append(lauf._r)  # moves the run into the hyperlink
    absatz._p.append(link)

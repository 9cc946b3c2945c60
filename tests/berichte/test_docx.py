"""The Gesamtbericht as a Word document (berichte/docx.py, berichte/docx_views.py).

Every test reads the DOCX back with python-docx: the outline (Title, Heading 1–3), the tables
(header row repeated on each page), the content against the report's data for the scenario of
bericht_szenario.py, and who may download it.
"""

import io
import shutil
import subprocess
import zipfile
from datetime import UTC, date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from berichte.data import Berichtsauftrag, sammeln
from berichte.docx import INHALTSTYP, dateiname, docx_erzeugen, rein
from berichte.models import Einschaetzung, EinschaetzungStatus
from measures.choices import Pruefstatus
from tests import builders as b
from tests.berichte.abholen import bericht_holen
from tests.berichte.bericht_szenario import (
    INTERNE_NOTIZ,
    SACHSTAND_ENTWURF,
    SACHSTAND_JUNI,
    SACHSTAND_SEPTEMBER,
)

GESAMT_DOCX = reverse("measures:bericht-gesamt-docx")
_MASSNAHMEN_TZ1 = (
    "Maßnahmen zu Teilziel 1 des Handlungsfelds 5.2 mit ihrem letzten freigegebenen Sachstand"
)


def _docx(**auftrag):
    bericht = sammeln(Berichtsauftrag(**auftrag))
    return bericht, Document(io.BytesIO(docx_erzeugen(bericht)))


def _gliederung(dokument):
    """``[(style name, text)]`` of the title and the headings, in document order."""
    return [
        (p.style.name, p.text)
        for p in dokument.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def _text(dokument):
    """All text of the body: paragraphs and every table cell."""
    teile = [p.text for p in dokument.paragraphs]
    for tabelle in dokument.tables:
        for zeile in tabelle.rows:
            teile.extend(zelle.text for zelle in zeile.cells)
    return "\n".join(teile)


def _tabelle_mit(dokument, titel):
    """The table whose title for screen readers (w:tblCaption) is ``titel``."""
    for tabelle in dokument.tables:
        element = tabelle._tbl.tblPr.find(qn("w:tblCaption"))
        if element is not None and element.get(qn("w:val")) == titel:
            return tabelle
    raise AssertionError(f"keine Tabelle „{titel}“")


def _zeilen(tabelle):
    return [[zelle.text for zelle in zeile.cells] for zeile in tabelle.rows]


# --- outline and Word features -----------------------------------------------------------------


def test_headings_form_the_outline_in_the_reports_order(s):
    _bericht, dokument = _docx()
    gliederung = _gliederung(dokument)

    assert gliederung[0] == ("Title", "Fortschrittsbericht")
    assert [text for stil, text in gliederung if stil == "Heading 1"] == [
        "Auf einen Blick",
        "Zusammenfassung",
        "5.2 Arbeit und Qualifizierung",
        "5.3 Integration durch Sprache",
        "Veränderungen seit Berichtsrunde 2025",
        "Anhang A: Akteure und ihre Maßnahmen",
        "Anhang B: Abkürzungen",
    ]
    # Within a Handlungsfeld: Leitziel, Teilziele, Maßnahmen (2), one Heading 3 per Teilziel.
    start = gliederung.index(("Heading 1", "5.2 Arbeit und Qualifizierung"))
    ende = gliederung.index(("Heading 1", "5.3 Integration durch Sprache"))
    assert gliederung[start + 1 : ende] == [
        ("Heading 2", "Leitziel"),
        ("Heading 2", "Teilziele"),
        ("Heading 2", "Maßnahmen"),
        ("Heading 3", "Teilziel 1: Berufsbezogene Sprachförderung ausbauen"),
        ("Heading 3", "Teilziel 2: Abschlüsse schneller anerkennen"),
    ]
    # Word's built-in heading styles: they carry the outline level the Navigator shows.
    stil = dokument.styles["Heading 1"].element
    assert stil.find(qn("w:name")).get(qn("w:val")) == "heading 1"
    assert stil.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


def test_every_table_has_borders_a_title_and_a_repeating_header_row(s):
    _bericht, dokument = _docx(berichtsrunde=s.runde_2025.pk)

    assert len(dokument.tables) >= 9
    titel = [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in dokument.tables]
    assert len(set(titel)) == len(titel)  # each table named for what it holds
    for tabelle in dokument.tables:
        assert tabelle.style.name == "Table Grid"
        assert tabelle._tbl.tblPr.find(qn("w:tblCaption")) is not None
        kopf = tabelle.rows[0]._tr.trPr
        assert kopf is not None and kopf.find(qn("w:tblHeader")) is not None
        assert all(zeile._tr.trPr is None for zeile in tabelle.rows[1:])
        assert all(
            lauf.bold for zelle in tabelle.rows[0].cells for lauf in zelle.paragraphs[0].runs
        )


def test_a4_portrait_german_properties_and_page_numbers(s):
    bericht, dokument = _docx()

    abschnitt = dokument.sections[0]
    assert (round(abschnitt.page_width.mm), round(abschnitt.page_height.mm)) == (210, 297)
    eigenschaften = dokument.core_properties
    assert eigenschaften.title == "Fortschrittsbericht: Gesamtbericht zum Integrationskonzept"
    assert eigenschaften.author == "Hanse- und Universitätsstadt Rostock, Büro für Integration"
    assert eigenschaften.language == "de-DE"
    assert eigenschaften.created == bericht.erstellt_am.astimezone(UTC).replace(microsecond=0)
    # German on the defaults and on the styles: Word checks spelling and hyphenates in German.
    styles = dokument.styles.element
    standard = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert standard.find(qn("w:lang")).get(qn("w:val")) == "de-DE"
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        sprache = dokument.styles[name].element.rPr.find(qn("w:lang"))
        assert sprache.get(qn("w:val")) == "de-DE", name
    einstellungen = dokument.settings.element
    assert einstellungen.find(qn("w:themeFontLang")).get(qn("w:val")) == "de-DE"
    assert einstellungen.find(qn("w:decimalSymbol")).get(qn("w:val")) == ","
    # "Seite X von Y" in the footer are Word fields.
    fuss = abschnitt.footer.paragraphs[0]
    anweisungen = [e.text.strip() for e in fuss._p.iter(qn("w:instrText"))]
    assert anweisungen == ["PAGE", "NUMPAGES"]
    assert fuss.text.startswith("Fortschrittsbericht – Stand ")
    assert fuss.text.endswith(" · Seite 1 von 1")  # the fields with their placeholder result
    assert dateiname(bericht) == bericht.dateiname.removesuffix(".pdf") + ".docx"
    # No preview image of python-docx's template in the package.
    with zipfile.ZipFile(io.BytesIO(docx_erzeugen(bericht))) as archiv:
        assert not [n for n in archiv.namelist() if "thumbnail" in n]
    assert dateiname(bericht).endswith(f"_{bericht.stichtag.isoformat()}.docx")


# --- content: the report's data -----------------------------------------------------------------


def test_every_measure_row_shows_the_reports_state_in_words(s):
    bericht, dokument = _docx(berichtsrunde=s.runde_2025.pk)
    zeilen = {}
    for tabelle in dokument.tables:
        for werte in _zeilen(tabelle)[1:]:
            zeilen.setdefault(werte[0], werte)

    massnahmen = [zeile for block in bericht.handlungsfelder for zeile in block.zeilen]
    assert len(massnahmen) == 5
    for zeile in massnahmen:
        referenz, text, status, ampel, fortschritt, ffd = zeilen[zeile.massnahme.referenz]
        assert text.startswith(zeile.massnahme.text)
        assert status == zeile.status_label
        assert ampel == zeile.ampel_label
        assert fortschritt == (
            f"{zeile.fortschritt}\u00a0%" if zeile.fortschritt is not None else "–"
        )
        assert ffd == ("; ".join(a.name for a in zeile.federfuehrend) or "–")
    # The round's state, not today's: 5.2 / 1 a was "in Umsetzung", 50 %, gefährdet.
    assert zeilen["5.2 / 1 a"][2:5] == ["in Umsetzung", "gefährdet", "50\u00a0%"]


def test_summary_counts_progress_per_handlungsfeld_and_the_teilziele(s):
    bericht, dokument = _docx()

    status = _zeilen(_tabelle_mit(dokument, "Maßnahmen nach Status"))
    assert status[0] == ["Status", "Anzahl"]
    assert status[1:] == [[w.label, str(n)] for w, n in bericht.nach_status]
    uebersicht = _zeilen(_tabelle_mit(dokument, "Fortschritt je Handlungsfeld"))
    # Every Handlungsfeld, the one without goals too, as in the PDF's summary.
    assert [z[0] for z in uebersicht[1:]] == [
        "4.1.1 Interkulturelle Öffnung",
        "5.2 Arbeit und Qualifizierung",
        "5.3 Integration durch Sprache",
    ]
    assert uebersicht[1][2] == "keine eigenen Maßnahmen"
    teilziele = _zeilen(_tabelle_mit(dokument, "Teilziele des Handlungsfelds 5.2 mit Fortschritt"))
    assert teilziele[1][:2] == ["1", "Berufsbezogene Sprachförderung ausbauen"]
    text = _text(dokument)
    assert "Zugewanderte finden Arbeit, die ihrer Qualifikation entspricht." in text


def test_approved_sachstand_present_draft_absent(s):
    _bericht, heute = _docx()
    _bericht, runde = _docx(berichtsrunde=s.runde_2025.pk)

    assert f"Sachstand vom 01.09.2025 (Amt A): {SACHSTAND_SEPTEMBER}" in _text(heute)
    assert f"Sachstand vom 15.06.2025 (Amt A): {SACHSTAND_JUNI}" in _text(runde)
    assert SACHSTAND_SEPTEMBER not in _text(runde)
    for dokument in (heute, runde):
        assert SACHSTAND_ENTWURF not in _text(dokument)
        assert "Noch kein freigegebener Sachstand." in _text(dokument)


def test_internal_note_only_in_the_internal_variant(s):
    _bericht, oeffentlich = _docx()
    bericht, intern = _docx(intern=True)

    assert INTERNE_NOTIZ not in _text(oeffentlich)
    assert "interne Fassung" not in oeffentlich.core_properties.title
    assert f"Interne Notiz: {INTERNE_NOTIZ}" in _text(intern)
    assert intern.core_properties.title.endswith("– interne Fassung")
    assert _gliederung(intern)[0] == ("Title", "Fortschrittsbericht – interne Fassung")
    assert "Nicht öffentlich" in intern.sections[0].header.paragraphs[0].text
    assert dateiname(bericht).endswith("_intern.docx")


def test_changes_annexes_and_abbreviations(s):
    _bericht, dokument = _docx(berichtsrunde=s.runde_2025.pk)

    aenderungen = _zeilen(
        _tabelle_mit(dokument, "Maßnahmen mit verändertem Status, Ampel oder Fortschritt")
    )
    assert aenderungen[1:] == [
        [
            "5.2 / 1 a Berufssprachkurse in allen Stadtteilen anbieten",
            "in Planung → in Umsetzung",
            "im Plan → gefährdet",
            "10\u00a0% → 50\u00a0% (+40\u00a0Prozentpunkte)",
        ]
    ]
    akteure = {
        zeile[0]: zeile[1]
        for zeile in _zeilen(
            _tabelle_mit(dokument, "Akteure mit den Maßnahmen, für die sie zuständig sind")
        )[1:]
    }
    assert akteure["Amt A"] == "5.2 / 1 a (ffd.), 1 b"
    assert akteure["Verein B"] == "5.2 / 1 b (ffd.); 5.3 / 1 a (ffd.)"
    assert "Ohne Zuständigkeit" not in akteure
    abkuerzungen = _zeilen(_tabelle_mit(dokument, "Im Bericht verwendete Abkürzungen"))
    assert "BAMF" in [z[0] for z in abkuerzungen[1:]]


def test_auf_einen_blick_names_the_critical_measures_with_their_titles(s):
    _bericht, dokument = _docx()
    absaetze = [p.text for p in dokument.paragraphs]
    start = absaetze.index("Auf einen Blick")
    ende = absaetze.index("Zusammenfassung")
    blick = absaetze[start:ende]

    assert blick[1].startswith("Fortschritt insgesamt: ")
    assert "+" in blick[1] and "Prozentpunkte seit Berichtsrunde 2025" in blick[1]
    assert "5.2 / 2 a Anerkennungsberatung bündeln – verzögert" in blick


def test_the_bueros_approved_assessments_with_their_formatting(s, personen):
    html = (
        "<p>Gut <strong>vorangekommen</strong>, <em>trotz</em> Engpässen.</p>"
        "<ul><li>Sprachkurse</li><li>Mentoring</li></ul>"
        '<p>Mehr unter <a href="https://rathaus.rostock.de/integration">rostock.de</a>.</p>'
    )
    Einschaetzung.objects.create(
        berichtsrunde=s.runde_2025,
        handlungsfeld=s.hf_arbeit,
        text=html,
        pruefstatus=EinschaetzungStatus.FREIGEGEBEN,
    )
    Einschaetzung.objects.create(
        berichtsrunde=s.runde_2025,
        handlungsfeld=s.hf_sprache,
        text="<p>Noch nicht geprüft.</p>",
        pruefstatus=EinschaetzungStatus.ENTWURF,
    )
    Einschaetzung.objects.create(
        berichtsrunde=s.runde_2025,
        text="<p>Insgesamt auf gutem Weg.</p>",
        pruefstatus=EinschaetzungStatus.FREIGEGEBEN,
    )
    _bericht, dokument = _docx(berichtsrunde=s.runde_2025.pk)
    absaetze = dokument.paragraphs
    texte = [p.text for p in absaetze]

    assert "Noch nicht geprüft." not in _text(dokument)
    gesamt = texte.index("Zusammenfassung des Büros")
    assert texte.index("Auf einen Blick") < gesamt < texte.index("Zusammenfassung")
    assert texte[gesamt + 1] == "Insgesamt auf gutem Weg."
    kopf = texte.index("Einschätzung des Büros")
    assert absaetze[kopf].style.name == "Heading 2"
    assert texte.index("5.2 Arbeit und Qualifizierung") < kopf < texte.index("Leitziel")
    erster = absaetze[kopf + 1]
    assert erster.text == "Gut vorangekommen, trotz Engpässen."
    assert [lauf.text for lauf in erster.runs if lauf.bold] == ["vorangekommen"]
    assert [lauf.text for lauf in erster.runs if lauf.italic] == ["trotz"]
    assert [(p.style.name, p.text) for p in absaetze[kopf + 2 : kopf + 4]] == [
        ("List Bullet", "Sprachkurse"),
        ("List Bullet", "Mentoring"),
    ]
    # The link is a real hyperlink to the address.
    links = absaetze[kopf + 4]._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    ziel = dokument.part.rels[links[0].get(qn("r:id"))]
    assert ziel.is_external and ziel.target_ref == "https://rathaus.rostock.de/integration"


def test_builder_asks_the_database_at_most_for_the_assessments(s, django_assert_max_num_queries):
    bericht = sammeln(Berichtsauftrag(berichtsrunde=s.runde_2025.pk, intern=True))
    with django_assert_max_num_queries(2):
        docx_erzeugen(bericht)


# --- text from outside ---------------------------------------------------------------------------


def test_rein_removes_what_xml_cannot_hold():
    assert rein("a\x00b\x0bc\x0cd\x1fe\x7ff\ufffe") == "abcdef"
    assert rein("Zeile 1\r\nZeile 2\rZeile 3\tTab") == "Zeile 1\nZeile 2\nZeile 3\tTab"
    assert rein(None) == ""


def test_control_characters_and_formulas_in_a_sachstand_stay_plain_text(s, personen):
    b.sachstand(
        s.m_sprache,
        s.verein_b,
        personen.partner_b,
        datum=date(2025, 9, 2),
        text='=HYPERLINK("http://böse.example","klick") +SUMME(A1)\x0b @cmd|\x07 Ende',
        pruefstatus=Pruefstatus.FREIGEGEBEN,
    )
    s.m_sprache.interne_notiz = "Notiz\x0bmit\x1fSteuerzeichen"
    s.m_sprache.save()
    bericht = sammeln(Berichtsauftrag(intern=True))
    # PostgreSQL refuses NUL in text, SQLite keeps it: the row gets one in memory.
    zeile = next(
        z for blk in bericht.handlungsfelder for z in blk.zeilen if z.massnahme == s.m_sprache
    )
    zeile.sachstand_text = zeile.sachstand_text.replace(") +", ")\x00 +")
    zeile.interne_notiz = zeile.interne_notiz.replace("mit", "mit\x00")

    inhalt = docx_erzeugen(bericht)
    dokument = Document(io.BytesIO(inhalt))

    text = _text(dokument)
    assert '=HYPERLINK("http://böse.example","klick") +SUMME(A1) @cmd| Ende' in text
    assert "Interne Notiz: NotizmitSteuerzeichen" in text
    # No field, hyperlink or formula came from the data: only the footer's page numbers.
    with zipfile.ZipFile(io.BytesIO(inhalt)) as archiv:
        xml = {
            name: archiv.read(name).decode()
            for name in archiv.namelist()
            if name.endswith((".xml", ".rels"))
        }
    assert "instrText" not in xml["word/document.xml"]
    assert "fldSimple" not in xml["word/document.xml"]
    assert "w:hyperlink" not in xml["word/document.xml"]
    assert all("\x00" not in teil and "\x0b" not in teil for teil in xml.values())


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice ist nicht installiert",
)
def test_libreoffice_converts_the_document(s, tmp_path):
    quelle = tmp_path / "bericht.docx"
    quelle.write_bytes(docx_erzeugen(sammeln(Berichtsauftrag())))
    programm = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [programm, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(quelle)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert (tmp_path / "bericht.pdf").read_bytes().startswith(b"%PDF")


# --- the view ----------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, s):
    antwort = client.get(GESAMT_DOCX)
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("wer", ["partner_a", "partner_b"])
def test_partners_may_not_download_it(client, s, personen, wer):
    client.force_login(getattr(personen, wer))
    assert client.get(GESAMT_DOCX).status_code == 403


@pytest.mark.parametrize("wer", ["buergerschaft", "buero"])
def test_council_and_buero_get_the_document(client, s, personen, wer):
    client.force_login(getattr(personen, wer))
    antwort = bericht_holen(client, GESAMT_DOCX, {"berichtsrunde": s.runde_2025.pk})

    assert antwort.status_code == 200
    assert antwort["Content-Type"] == INHALTSTYP
    assert antwort["Content-Disposition"] == (
        'attachment; filename="Fortschrittsbericht_Integrationskonzept_2025-06-30.docx"'
    )
    assert antwort["Cache-Control"] == "private, no-store"
    dokument = Document(io.BytesIO(antwort.getvalue()))
    assert SACHSTAND_JUNI in _text(dokument)
    assert INTERNE_NOTIZ not in _text(dokument)


def test_internal_variant_and_a_freely_chosen_stichtag(client, s, personen):
    client.force_login(personen.buergerschaft)
    antwort = bericht_holen(client, GESAMT_DOCX, {"intern": "1", "stichtag": "2025-07-15"})

    assert antwort.status_code == 200
    assert antwort["Content-Disposition"].endswith('_2025-07-15_intern.docx"')
    text = _text(Document(io.BytesIO(antwort.getvalue())))
    assert INTERNE_NOTIZ in text
    assert SACHSTAND_JUNI in text and SACHSTAND_SEPTEMBER not in text


@pytest.mark.parametrize(
    "parameter",
    [
        {"stichtag": "gestern"},
        {"berichtsrunde": "999999"},
        {"berichtsrunde": "x"},
        {"stichtag": "2025-06-30", "berichtsrunde": "1"},
        {"stichtag": "2025-02-30"},
    ],
)
def test_bad_parameters_get_a_german_message_not_a_500(client, s, personen, parameter):
    client.force_login(personen.buero)
    antwort = client.get(GESAMT_DOCX, parameter)
    assert antwort.status_code == 400
    assert antwort["Content-Type"] == "text/plain; charset=utf-8"
    assert antwort.content.decode().strip()


def test_handlungsfeld_report_as_docx(client, s, personen):
    client.force_login(personen.buero)
    url = reverse("measures:bericht-handlungsfeld-docx", kwargs={"nummer": "5.3"})
    antwort = bericht_holen(client, url)

    assert antwort.status_code == 200
    dokument = Document(io.BytesIO(antwort.getvalue()))
    assert _gliederung(dokument)[:2] == [
        ("Title", "Fortschrittsbericht Handlungsfeld 5.3"),
        ("Heading 1", "Auf einen Blick"),
    ]
    assert "5.2 Arbeit und Qualifizierung" not in [t for _s, t in _gliederung(dokument)]
    unbekannt = reverse("measures:bericht-handlungsfeld-docx", kwargs={"nummer": "9.9"})
    assert client.get(unbekannt).status_code == 404


def test_download_links_for_the_buero_and_the_council(client, s, personen):
    admin = render_to_string("berichte/_admin_downloads.html", {"berichtsrunde": s.runde_2025})
    assert f"{GESAMT_DOCX}?berichtsrunde={s.runde_2025.pk}" in admin
    assert "als Word-Dokument (DOCX)" in admin
    heute = render_to_string("berichte/_admin_downloads.html", {})
    assert f'href="{GESAMT_DOCX}"' in heute

    client.force_login(personen.buergerschaft)
    seite = client.get(reverse("measures:buergerschaft")).content.decode()
    assert f'href="{GESAMT_DOCX}"' in seite
    assert "als Word-Dokument" in seite


def test_queries_do_not_grow_with_the_plan(personen):
    """Collecting and building the document asks as many queries for 9 as for 90 measures."""
    zahlen = []
    for anzahl in (9, 90):
        b.plan_mit_massnahmen(anzahl, [personen.akteur_a, personen.akteur_b])
        docx_erzeugen(sammeln(Berichtsauftrag()))  # warmed up
        with CaptureQueriesContext(connection) as abfragen:
            inhalt = docx_erzeugen(sammeln(Berichtsauftrag()))
        assert f"{anzahl} Maßnahmen sind erfasst." in _text(Document(io.BytesIO(inhalt)))
        zahlen.append(len(abfragen))
    assert zahlen[0] == zahlen[1]

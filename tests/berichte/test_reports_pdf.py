"""The produced PDFs, read back with pypdf: content, metadata, PDF/UA, bookmarks, page numbers.

Rendering takes a second or two, so each report is rendered once per module (in a transaction
that is rolled back afterwards) and the tests read the bytes.
"""

import io
import re

import pytest
from django.db import transaction
from pypdf import PdfReader

from berichte.data import AKTEUR, HANDLUNGSFELD, Berichtsauftrag, sammeln
from berichte.render import BerichtAbgebrochen, NurLokal, pdf_aus_html, pdf_erzeugen
from tests import builders as b
from tests.berichte.bericht_szenario import (
    INTERNE_NOTIZ,
    SACHSTAND_ENTWURF,
    SACHSTAND_JUNI,
    SACHSTAND_SEPTEMBER,
    szenario_anlegen,
)
from tests.people import personen_anlegen

HANDLUNGSFELD_TITEL = [
    "Interkulturelle Öffnung",
    "Arbeit und Qualifizierung",
    "Integration durch Sprache",
]
# pytest-django sets up the test database only for sessions whose tests ask for it: the mark
# makes this module runnable on its own (its tests read the PDFs of a module fixture).
pytestmark = pytest.mark.django_db

REFERENZ_RE = re.compile(r"\b\d+(?:\.\d+)* / \d+ [a-z]+\b")


class Pdf:
    def __init__(self, daten):
        self.daten = daten
        self.reader = PdfReader(io.BytesIO(daten))
        self.seiten = [seite.extract_text() or "" for seite in self.reader.pages]
        self.text = "\n".join(self.seiten)
        # Text extraction breaks lines inside table cells; compare with whitespace collapsed.
        self.fliesstext = " ".join(self.text.split())
        # Hyphenation (hyphens: auto) breaks words with U+2010 at the end of a line.
        self._kompakt = "".join(self.text.split()).replace("\u2010", "")

    def enthaelt(self, text):
        """True if ``text`` occurs, ignoring whitespace and hyphenation breaks.

        (Text extraction also splits kerned pairs: "Te" comes out as "T e".)
        """
        return "".join(text.split()) in self._kompakt

    def lesezeichen(self):
        def flach(eintraege):
            for eintrag in eintraege:
                if isinstance(eintrag, list):
                    yield from flach(eintrag)
                else:
                    yield eintrag.title

        return list(flach(self.reader.outline))


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        personen = personen_anlegen()
        s = szenario_anlegen(personen)
        indikator = b.indikator(
            "beschaeftigungsquote",
            name="Beschäftigungsquote der Zugewanderten",
            handlungsfelder=[s.hf_arbeit],
        )
        b.messwert(indikator, 2022, 41.5)
        b.messwert(indikator, 2023, 44.0)
        b.messwert(indikator, 2024, 47.25)
        auftraege = {
            "gesamt": Berichtsauftrag(),
            "runde": Berichtsauftrag(berichtsrunde=s.runde_2025.pk),
            "intern": Berichtsauftrag(intern=True),
            "akteur": Berichtsauftrag(art=AKTEUR, akteur=s.amt_a.slug),
            "handlungsfeld": Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.3"),
        }
        ergebnisse = {}
        for name, auftrag in auftraege.items():
            ergebnis = pdf_erzeugen(sammeln(auftrag))
            ergebnisse[name] = Pdf(ergebnis.pdf)
            ergebnisse[name].seitenzahl_laut_renderer = ergebnis.seiten
        transaction.set_rollback(True)
    return ergebnisse


def test_jeder_handlungsfeld_titel_steht_im_gesamtbericht(pdfs):
    for titel in HANDLUNGSFELD_TITEL:
        assert titel in pdfs["gesamt"].fliesstext


def test_seitenzahl_ist_plausibel(pdfs):
    gesamt = pdfs["gesamt"]
    # Title, contents, summary, two Handlungsfeld sections, two appendices: each starts a page.
    assert 7 <= len(gesamt.reader.pages) <= 20
    assert len(gesamt.reader.pages) == gesamt.seitenzahl_laut_renderer
    assert len(pdfs["handlungsfeld"].reader.pages) < len(gesamt.reader.pages)


def test_fusszeile_seite_x_von_y_und_inhaltsverzeichnis_mit_seitenzahlen(pdfs):
    gesamt = pdfs["gesamt"]
    n = len(gesamt.reader.pages)
    assert f"Seite 2 von {n}" in gesamt.seiten[1]
    assert f"Seite {n} von {n}" in gesamt.seiten[-1]
    # The contents page (after „Auf einen Blick“) names the page on which "5.2 Arbeit und
    # Qualifizierung" begins.
    eintrag = re.search(r"5\.2 Arbeit und Qualifizierung[ .]*(\d+)", gesamt.seiten[2])
    assert eintrag, gesamt.seiten[2]
    seite = int(eintrag.group(1))
    assert "5.2 Arbeit und Qualifizierung" in gesamt.seiten[seite - 1]
    assert "Leitziel" in gesamt.seiten[seite - 1]


def test_metadaten_titel_sprache_autor(pdfs):
    reader = pdfs["gesamt"].reader
    assert reader.metadata.title.startswith("Fortschrittsbericht")
    assert "Büro für Integration" in reader.metadata.author
    assert "Stichtag" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_pdf_ua_kennung_und_tagging(pdfs):
    reader = pdfs["gesamt"].reader
    katalog = reader.trailer["/Root"]
    xmp = katalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert katalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in katalog
    assert katalog["/ViewerPreferences"]["/DisplayDocTitle"]


def _strukturelemente(element, typ):
    element = element.get_object()
    if element.get("/S") == typ:
        yield element
    kinder = element.get("/K")
    if kinder is None:
        return
    if not isinstance(kinder, list):
        kinder = [kinder]
    for kind in kinder:
        kind = kind.get_object() if hasattr(kind, "get_object") else kind
        if isinstance(kind, dict) and "/S" in kind:
            yield from _strukturelemente(kind, typ)


def test_tabellen_haben_kopfzellen_und_grafiken_textalternativen(pdfs):
    wurzel = pdfs["gesamt"].reader.trailer["/Root"]["/StructTreeRoot"]
    assert len(list(_strukturelemente(wurzel, "/TH"))) >= 10
    [grafik] = list(_strukturelemente(wurzel, "/Figure"))
    assert "2024: 47,2" in grafik["/Alt"]
    assert "Beschäftigungsquote der Zugewanderten" in pdfs["gesamt"].fliesstext


def test_lesezeichen_fuer_jedes_handlungsfeld(pdfs):
    lesezeichen = pdfs["gesamt"].lesezeichen()
    assert "5.2 Arbeit und Qualifizierung" in lesezeichen
    assert "5.3 Integration durch Sprache" in lesezeichen
    assert "Zusammenfassung" in lesezeichen
    assert "Anhang A: Akteure und ihre Maßnahmen" in lesezeichen


def test_freigegebener_sachstand_steht_im_bericht_ein_entwurf_nicht(pdfs):
    assert pdfs["gesamt"].enthaelt(SACHSTAND_SEPTEMBER)
    assert pdfs["runde"].enthaelt(SACHSTAND_JUNI)
    for pdf in pdfs.values():
        assert not pdf.enthaelt(SACHSTAND_ENTWURF)


def test_statusaenderung_zwischen_zwei_runden_steht_unter_den_veraenderungen(pdfs):
    # The rows stand in the annex, with the measure's title (tests/berichte/test_bericht_inhalt.py).
    text = pdfs["runde"].fliesstext
    abschnitt = text[text.index("Anhang C: Veränderungen im Einzelnen Verglichen mit") :]
    assert re.search(
        r"5\.2 / 1 a Berufssprachkurse in allen Stadtteilen anbieten in Planung → in Umsetzung; "
        r"im Plan → gefährdet 10 % → 50 %",
        abschnitt,
    )
    assert "5.3 / 1 a" not in abschnitt
    assert "Berichtsrunde 2025" in pdfs["runde"].seiten[0]
    assert "30. Juni 2025" in pdfs["runde"].seiten[0]


def test_akteur_bericht_enthaelt_genau_die_massnahmen_des_akteurs(pdfs):
    akteur = pdfs["akteur"]
    assert "Amt A" in akteur.seiten[0]
    assert set(REFERENZ_RE.findall(akteur.fliesstext)) == {"5.2 / 1 a", "5.2 / 1 b"}
    assert "Integration durch Sprache" not in akteur.fliesstext


def test_interne_notiz_nur_im_internen_bericht(pdfs):
    assert not pdfs["gesamt"].enthaelt(INTERNE_NOTIZ)
    assert pdfs["intern"].enthaelt(INTERNE_NOTIZ)
    # On the title page and in the header of every other page.
    assert all("Nicht öffentlich" in seite for seite in pdfs["intern"].seiten)
    assert not any("Nicht öffentlich" in seite for seite in pdfs["gesamt"].seiten)


def test_federfuehrende_akteure_stehen_in_der_zeile_ihrer_massnahme(pdfs):
    """The Stand cell names the federführende Akteure; a measure without any names none."""
    text = pdfs["gesamt"].fliesstext
    tabelle = text[text.index("Maßnahmen des Handlungsfelds 5.2") :]
    zeile_1a = tabelle[tabelle.index("5.2 / 1 a") : tabelle.index("5.2 / 1 b")]
    zeile_1b = tabelle[tabelle.index("5.2 / 1 b") : tabelle.index("5.2 / 2 a")]
    zeile_2a = tabelle[tabelle.index("5.2 / 2 a") : tabelle.index("5.2 / 2 b")]
    zeile_2b = tabelle[tabelle.index("5.2 / 2 b") : tabelle.index("Indikatoren")]
    assert "federführend: Amt A" in zeile_1a
    assert "federführend: Verein B" in zeile_1b
    assert "Amt A" not in zeile_1b  # beteiligt, not federführend
    assert "federführend:Hanse-Jobcenter" in "".join(zeile_2a.split())  # broken at the hyphen
    assert "federführend" not in zeile_2b


def test_anhang_nennt_die_massnahmen_jedes_akteurs_je_handlungsfeld(pdfs):
    text = pdfs["gesamt"].fliesstext
    assert "Amt A 5.2 / 1 a (ffd.), 1 b " in text
    assert "Verein B 5.2 / 1 b (ffd.); 5.3 / 1 a (ffd.) " in text


def test_abkuerzungsverzeichnis(pdfs):
    # The Berichtsrunde's report shows the June Sachstand, which mentions the BAMF.
    def anhang_b(pdf):
        return next(s for s in pdf.seiten if s.lstrip().startswith("Anhang B: Abkürzungen"))

    anhang = anhang_b(pdfs["runde"])
    assert "BAMF Bundesamt für Migration und Flüchtlinge" in " ".join(anhang.split())
    assert "keine erklärungsbedürftigen Abkürzungen" in anhang_b(pdfs["gesamt"])


def test_deutsche_datumsangaben(pdfs):
    titelseite = pdfs["gesamt"].seiten[0]
    assert "11. November 2020" in titelseite  # Beschluss date, German month name


def test_url_fetcher_laedt_nichts_von_aussen():
    abrufer = NurLokal()
    for url in ("https://example.org/x.css", "file:///etc/passwd", "ftp://example.org/a"):
        with pytest.raises(ValueError):
            abrufer.fetch(url)
    assert abrufer.fetch("data:text/plain,hallo") is not None


def test_rendern_wird_bei_zeitueberschreitung_abgebrochen():
    html = "<html lang='de'><title>t</title>" + "<p>Absatz</p>" * 20000 + "</html>"
    with pytest.raises(BerichtAbgebrochen, match="abgebrochen"):
        pdf_aus_html(html, isoliert=True, zeitlimit=0.05)


def test_rendern_wird_bei_speicherueberschreitung_abgebrochen():
    html = "<html lang='de'><title>t</title>" + "<p>Absatz</p>" * 20000 + "</html>"
    with pytest.raises(BerichtAbgebrochen, match="MemoryError"):
        pdf_aus_html(html, isoliert=True, speicher_mb=1)


def test_isoliertes_rendern_liefert_pdf_und_kennzahlen():
    ergebnis = pdf_aus_html(
        "<html lang='de'><title>Probe</title><h2>Eins</h2><p>Text</p></html>", isoliert=True
    )
    assert ergebnis.pdf.startswith(b"%PDF-1.7")
    assert ergebnis.seiten == 1
    assert ergebnis.speicher_kb > 0


def test_rendern_im_prozess_laesst_die_speicherbereinigung_wie_sie_war():
    """The cycle collector is tuned only while rendering (render._seltener_aufraeumen)."""
    import gc

    schwellen, eingefroren = gc.get_threshold(), gc.get_freeze_count()
    ergebnis = pdf_aus_html(
        "<html lang='de'><title>Probe</title><h2>Eins</h2><p>Text</p></html>", isoliert=False
    )
    assert ergebnis.seiten == 1
    assert gc.get_threshold() == schwellen
    assert gc.get_freeze_count() == eingefroren

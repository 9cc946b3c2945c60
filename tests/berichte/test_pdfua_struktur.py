"""The structure tree of the PDF reports, read back with pikepdf, rule by rule (PDF/UA-1).

Every marked-content item is reachable from the StructTreeRoot or is an artifact; one Table
element per HTML table, also across page breaks; one link per TOC entry, described by the
heading's text; one H1 on the title page with its facts as a table; status and Ampel symbols
as artifacts; bookmarks nested Kapitel › Handlungsfeld.
"""

import io
import re
from html.parser import HTMLParser

import pikepdf
import pytest
from django.db import transaction

from berichte.data import AKTEUR, HANDLUNGSFELD, Berichtsauftrag, sammeln
from berichte.pdfua import MCID_RE, SCHRIFT_RE, SYMBOL_SCHNITT, nachbearbeiten
from berichte.render import html_erzeugen, pdf_aus_html
from measures.choices import Status
from measures.templatetags.anzeige import AMPEL_SYMBOLE, STATUS_SYMBOLE
from tests import builders as b
from tests.berichte.bericht_szenario import szenario_anlegen
from tests.people import personen_anlegen

pytestmark = pytest.mark.django_db

ARTEN = ("gesamt", "handlungsfeld", "akteur", "runde")
SYMBOLE = set(STATUS_SYMBOLE.values()) | set(AMPEL_SYMBOLE.values())
# A marked-content sequence: its opening (MCID or Artifact) up to the next EMC (WeasyPrint
# never nests them).
MARKE_RE = re.compile(rb"(<<\s*/MCID\s+(\d+)\s*>>\s*BDC|/Artifact\s+BMC)(.*?)EMC", re.DOTALL)


class Struktur:
    """A PDF's structure tree: its elements, the MCIDs it reaches, the content's MCIDs."""

    def __init__(self, daten, html):
        self.html = html
        self.pdf = pikepdf.open(io.BytesIO(daten))
        self.wurzel = self.pdf.Root.StructTreeRoot
        self.elemente = []  # (element, parent element or None)
        self.erreicht = set()  # (page objgen, mcid)
        self.erreichte_objekte = set()
        stapel = [(k, None, None) for k in _kinder(self.wurzel)]
        while stapel:
            kind, eltern, seite = stapel.pop()
            if isinstance(kind, int | pikepdf.Object) and _ist_zahl(kind):
                self.erreicht.add((seite, int(kind)))
                continue
            if not isinstance(kind, pikepdf.Dictionary) or "/S" not in kind:
                continue
            self.elemente.append((kind, eltern))
            self.erreichte_objekte.add(kind.objgen)
            seite = kind.Pg.objgen if "/Pg" in kind else seite
            stapel.extend((k, kind, seite) for k in reversed(_kinder(kind)))

    def von_typ(self, typ):
        return [e for e, _ in self.elemente if str(e.S) == typ]

    def inhalte(self):
        """(page objgen, page, mcid or None for an artifact, bytes) of every marked sequence."""
        for seite in self.pdf.pages:
            daten = seite.obj.Contents.read_bytes()
            for treffer in MARKE_RE.finditer(daten):
                mcid = int(treffer.group(2)) if treffer.group(2) else None
                yield seite.obj.objgen, seite, mcid, treffer.group(3)


def _ist_zahl(objekt):
    if isinstance(objekt, int):
        return True
    return objekt._type_code == pikepdf.ObjectType.integer


def _kinder(element):
    kinder = element.get("/K")
    if kinder is None:
        return []
    return list(kinder) if isinstance(kinder, pikepdf.Array) else [kinder]


def _nachfahren(element):
    for kind in _kinder(element):
        if isinstance(kind, pikepdf.Dictionary) and "/S" in kind:
            yield kind
            yield from _nachfahren(kind)


class _Inhaltsverzeichnis(HTMLParser):
    """The texts of the TOC's links in the HTML."""

    def __init__(self):
        super().__init__()
        self.eintraege, self._im_nav, self._im_link = [], False, False

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self._im_nav = True
        elif tag == "a" and self._im_nav:
            self._im_link = True
            self.eintraege.append("")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._im_nav = False
        elif tag == "a":
            self._im_link = False

    def handle_data(self, data):
        if self._im_link:
            self.eintraege[-1] += data


def _toc_eintraege(html):
    leser = _Inhaltsverzeichnis()
    leser.feed(html)
    return [" ".join(e.split()) for e in leser.eintraege]


def _links(bericht):
    for seite in bericht.pdf.pages:
        for anmerkung in seite.obj.get("/Annots", []):
            if anmerkung.Subtype == "/Link":
                yield seite, anmerkung


def _inhaltsseite(bericht):
    """The page of the table of contents: the one with the (internal) links, if any."""
    return next((seite for seite, _a in _links(bericht)), None)


def _rendern(html):
    return Struktur(pdf_aus_html(html, isoliert=False).pdf, html)


@pytest.fixture(scope="module")
def berichte(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        s = szenario_anlegen(personen_anlegen())
        auftraege = {
            "gesamt": Berichtsauftrag(),
            "handlungsfeld": Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.2"),
            "akteur": Berichtsauftrag(art=AKTEUR, akteur=s.amt_a.slug),
            "runde": Berichtsauftrag(berichtsrunde=s.runde_2025.pk),
        }
        ergebnis = {name: _rendern(html_erzeugen(sammeln(a))) for name, a in auftraege.items()}
        transaction.set_rollback(True)
    return ergebnis


def _kennung(n):
    buchstaben = "abcdefghijklmnopqrstuvwxyz"
    return buchstaben[n] if n < 26 else buchstaben[n // 26 - 1] + buchstaben[n % 26]


@pytest.fixture(scope="module")
def runde_mit_vielen_aenderungen(django_db_setup, django_db_blocker):
    """The closed round's Gesamtbericht when 80 more measures changed: a changes table of pages."""
    with django_db_blocker.unblock(), transaction.atomic():
        s = szenario_anlegen(personen_anlegen())
        tz = b.teilziel(s.hf_sprache, 2, "Viele kleine Schritte")
        for n in range(80):
            m = b.massnahme(tz, _kennung(n), status=Status.IN_UMSETZUNG, fortschritt=30)
            b.berichtsstand(s.runde_2024, m, status=Status.IN_PLANUNG, fortschritt=0)
            b.berichtsstand(s.runde_2025, m)
        auftrag = Berichtsauftrag(berichtsrunde=s.runde_2025.pk)
        ergebnis = _rendern(html_erzeugen(sammeln(auftrag)))
        transaction.set_rollback(True)
    return ergebnis


@pytest.fixture(scope="module")
def lange_tabelle():
    """A table of 160 rows with a repeated header row: four pages or more."""
    zeilen = "".join(
        f'<tr><th scope="row">{n}</th><td>Zeile {n} der langen Tabelle</td><td>{n} %</td></tr>'
        for n in range(1, 161)
    )
    html = (
        '<html lang="de"><head><meta charset="utf-8"><title>Lange Tabelle</title>'
        '<link rel="stylesheet" href="css/report.css"></head><body>'
        '<section class="abschnitt" aria-labelledby="t"><h2 id="t">Veränderungen</h2>'
        "<p>Vorher ein Absatz.</p><table><caption>Alle Zeilen</caption><thead><tr>"
        '<th scope="col">Nr.</th><th scope="col">Text</th><th scope="col">Wert</th></tr>'
        f"</thead><tbody>{zeilen}</tbody></table><p>Danach ein Absatz.</p></section>"
        "</body></html>"
    )
    return _rendern(html)


@pytest.mark.parametrize("art", ARTEN)
def test_jeder_markierte_inhalt_ist_im_baum_oder_ein_artefakt(berichte, art):
    bericht = berichte[art]
    marken = [(seite, mcid) for seite, _s, mcid, _d in bericht.inhalte() if mcid is not None]
    assert marken
    assert [m for m in marken if m not in bericht.erreicht] == []
    # Header, footer and "Seite X von Y" are there, as artifacts: 3 per page but the first.
    artefakte = sum(1 for *_r, mcid, _d in bericht.inhalte() if mcid is None)
    assert artefakte >= 3 * (len(bericht.pdf.pages) - 1)


@pytest.mark.parametrize("art", ARTEN)
def test_kein_strukturelement_ausserhalb_des_baums(berichte, art):
    bericht = berichte[art]
    zahlen = bericht.wurzel.ParentTree.Nums
    for i in range(1, len(zahlen), 2):
        eintraege = zahlen[i] if isinstance(zahlen[i], pikepdf.Array) else [zahlen[i]]
        for element in eintraege:
            if isinstance(element, pikepdf.Dictionary):
                assert element.objgen in bericht.erreichte_objekte, element.get("/S")
    for element, eltern in bericht.elemente:
        if eltern is not None:
            assert element.P.objgen == eltern.objgen


@pytest.mark.parametrize("art", ARTEN)
def test_eine_tabelle_je_html_tabelle_mit_hoechstens_einem_kopf(berichte, art):
    bericht = berichte[art]
    tabellen = bericht.von_typ("/Table")
    assert len(tabellen) == bericht.html.count("<table")
    for tabelle in tabellen:
        assert [k.S for k in _kinder(tabelle)].count("/THead") <= 1


def test_tabelle_ueber_seitenumbrueche_bleibt_eine_tabelle(lange_tabelle):
    assert len(lange_tabelle.pdf.pages) >= 4
    [tabelle] = lange_tabelle.von_typ("/Table")
    teile = [k.S for k in _kinder(tabelle)]
    assert teile == ["/Caption", "/THead", "/TBody"]
    [rumpf] = [k for k in _kinder(tabelle) if k.S == "/TBody"]
    assert len(_kinder(rumpf)) == 160
    # One section, one paragraph before and after: nothing restarted on a new page.
    assert len(lange_tabelle.von_typ("/Sect")) == 1
    assert len(lange_tabelle.von_typ("/P")) == 2
    # Every data cell's headers are cells of this one table.
    kennungen = {str(th.ID) for th in _nachfahren(tabelle) if th.S == "/TH"}
    zellen = [td for td in _nachfahren(tabelle) if td.S == "/TD"]
    assert len(zellen) == 320
    for td in zellen:
        kopf = [str(h) for h in td.A.Headers]
        assert len(kopf) == 2 and set(kopf) <= kennungen
    # The repeated header rows on pages 2, 3, … are artifacts, not read again.
    assert len([th for th in _nachfahren(tabelle) if th.S == "/TH"]) == 3 + 160


def test_aenderungstabelle_ueber_seiten_ist_eine_tabelle(runde_mit_vielen_aenderungen):
    bericht = runde_mit_vielen_aenderungen
    tabellen = bericht.von_typ("/Table")
    assert len(tabellen) == bericht.html.count("<table")
    # The changes table (in the summary, first) and the Maßnahmen table of 5.3, each one piece.
    grosse = [t for t in tabellen if len([e for e in _nachfahren(t) if e.S == "/TR"]) > 80]
    assert len(grosse) == 2
    for tabelle in grosse:
        assert [k.S for k in _kinder(tabelle)] == ["/Caption", "/THead", "/TBody"]
        zeilen = [e for e in _nachfahren(tabelle) if e.S == "/TR"]
        # Header row and the 80 new ones (5.2 / 1 a may stand in another group of the annex).
        assert len(zeilen) >= 1 + 80
        assert len({z.Pg.objgen for z in zeilen}) >= 2  # it does cross a page break
    marken = [(seite, mcid) for seite, _s, mcid, _d in bericht.inhalte() if mcid is not None]
    assert [m for m in marken if m not in bericht.erreicht] == []


@pytest.mark.parametrize("art", ARTEN)
def test_ein_link_je_eintrag_des_inhaltsverzeichnisses_mit_der_ueberschrift(berichte, art):
    bericht = berichte[art]
    erwartet = _toc_eintraege(bericht.html)
    if art == "gesamt":
        assert "Zusammenfassung" in erwartet and len(erwartet) >= 4
    # A short report may have no TOC at all. Besides the TOC, the reports link only to their
    # own headings (the summary to Anhang C): every link is described by its heading's text.
    alle = list(_links(bericht))
    ueberschriften = {
        " ".join(re.sub(r"<[^>]+>", "", t).split())
        for t in re.findall(r"<h2[^>]*>(.*?)</h2>", bericht.html, flags=re.S)
    }
    inhaltsseite = _inhaltsseite(bericht) if erwartet else None
    auf_inhaltsseite = [a for seite, a in alle if erwartet and seite.objgen == inhaltsseite.objgen]
    assert [str(a.Contents) for a in auf_inhaltsseite] == erwartet
    assert {str(a.Contents) for _s, a in alle} <= ueberschriften
    verweise = bericht.von_typ("/Link")
    assert len(verweise) == len(alle)
    if not erwartet:
        return
    for verweis in verweise:
        assert not [e for e in _nachfahren(verweis) if e.S == "/Link"]
    # No leader dots as text (WeasyPrint marks each dot of a leader() on its own): a heading,
    # and per entry a few pieces of text for its title and one for its page number.
    marken = [
        mcid for _g, s, mcid, _d in bericht.inhalte() if s.objgen == inhaltsseite.objgen and mcid
    ]
    assert len(marken) < 6 * len(erwartet)


@pytest.mark.parametrize("art", ARTEN)
def test_titelseite_ein_h1_und_eckdaten_als_tabelle(berichte, art):
    bericht = berichte[art]
    [h1] = bericht.von_typ("/H1")
    assert not [e for e in _nachfahren(h1) if e.S == "/H1"]
    titelseite = next(e for e, _ in bericht.elemente if e.S == "/Sect")
    assert h1 in list(_nachfahren(titelseite))
    [eckdaten] = [e for e in _nachfahren(titelseite) if e.S == "/Table"]
    zeilen = [e for e in _nachfahren(eckdaten) if e.S == "/TR"]
    assert len(zeilen) >= 5
    for zeile in zeilen:
        assert [k.S for k in _kinder(zeile)] == ["/TH", "/TD"]
    assert not [e for e in _nachfahren(titelseite) if e.S in ("/L", "/LI")]


@pytest.mark.parametrize("art", ARTEN)
def test_symbole_sind_artefakte_in_einer_schrift_die_sie_hat(berichte, art):
    bericht = berichte[art]
    anzahl = bericht.html.count('class="symbol')
    assert anzahl >= 3
    in_symbolschrift = {"markiert": 0, "artefakt": 0}
    inhaltsseite = _inhaltsseite(bericht)  # its leader dots are decoration too
    inhaltsseite = inhaltsseite.objgen if inhaltsseite is not None else None
    for objgen, seite, mcid, daten in bericht.inhalte():
        if objgen == inhaltsseite and mcid is None:
            continue
        schrift = SCHRIFT_RE.search(daten)
        if not schrift:
            continue
        basis = str(seite.obj.Resources.Font[f"/{schrift.group(1).decode()}"].BaseFont)
        if SYMBOL_SCHNITT in basis:
            in_symbolschrift["artefakt" if mcid is None else "markiert"] += 1
    # Each symbol set in its own face (so the font has the glyph: no fallback face) and none
    # of them tagged.
    assert in_symbolschrift == {"markiert": 0, "artefakt": anzahl}
    for element, _ in bericht.elemente:
        for schluessel in ("/ActualText", "/Alt", "/E"):
            assert not SYMBOLE & set(str(element.get(schluessel, "")))


def test_status_und_ampel_symbole_sind_verschieden():
    alle = list(STATUS_SYMBOLE.values()) + list(AMPEL_SYMBOLE.values())
    assert len(set(alle)) == len(alle)


def _gliederung(eintraege):
    return [(str(e.title), _gliederung(e.children)) for e in eintraege]


def test_lesezeichen_kapitel_ueber_handlungsfeldern_und_anhang(berichte):
    with berichte["gesamt"].pdf.open_outline() as gliederung:
        baum = dict(_gliederung(gliederung.root))
    assert [t for t, _ in baum["5 Weitere Handlungsfelder"]] == [
        "5.2 Arbeit und Qualifizierung",
        "5.3 Integration durch Sprache",
    ]
    # 4.1.1 has no goals: only in the summary, so its Kapitel has no section either.
    assert "4 Schwerpunktthemen" not in baum
    for titel in ("Zusammenfassung", "Anhang A: Akteure und ihre Maßnahmen"):
        assert baum[titel] == []
    assert "Anhang B: Abkürzungen" in baum


def test_markierte_inhalte_ohne_artefakt_marke_gibt_es_nicht(berichte):
    """Every BDC with an MCID in the content is one WeasyPrint made (no other kind of marks)."""
    for bericht in berichte.values():
        for seite in bericht.pdf.pages:
            daten = seite.obj.Contents.read_bytes()
            assert len(MCID_RE.findall(daten)) == len(re.findall(rb"/MCID", daten))


def test_unverstandenes_pdf_bleibt_wie_es_ist(caplog):
    kaputt = b"%PDF-1.7 kein echtes PDF"
    assert nachbearbeiten(kaputt) == kaputt
    assert "Nachbearbeitung fehlgeschlagen" in caplog.text


def test_leere_zelle_bleibt_eine_zelle():
    html = (
        '<html lang="de"><head><meta charset="utf-8"><title>Leer</title>'
        '<link rel="stylesheet" href="css/report.css"></head><body><table><caption>Z</caption>'
        '<thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead><tbody>'
        '<tr><th scope="row">1</th><td></td></tr><tr><th scope="row">2</th><td>x</td></tr>'
        "</tbody></table></body></html>"
    )
    struktur = _rendern(html)
    zeilen = struktur.von_typ("/TR")
    assert [[str(k.S) for k in _kinder(z)] for z in zeilen] == [["/TH", "/TH"]] + [
        ["/TH", "/TD"]
    ] * 2

"""WeasyPrint's tagged PDF made into what PDF/UA-1 asks for, in one linear pass (pikepdf).

WeasyPrint 70 builds the structure tree page by page (``weasyprint/pdf/tags.py``):

- the content of margin boxes (running header, footer, "Seite X von Y") gets marked-content
  ids and StructElems that hang on no branch of the tree: they become ``/Artifact``;
- every element that crosses a page break starts again on the next page: a table of five pages
  is five Table elements, each with its repeated header row. The fragments are joined again
  (``_zusammenfuehren``); the repeated header rows become pagination artifacts;
- a link annotation's ``/Contents`` is the raw anchor name ("hf-5.2-titel"): it becomes the
  title of the bookmark at the same destination, i.e. the heading's text;
- decoration (status and Ampel symbols, the TOC's leader dots) is set in a face of its own
  (``SYMBOL_SCHNITT``, see ``.symbol`` in report.css): text in that face becomes an
  ``/Artifact``, not read aloud (WeasyPrint ignores ``aria-hidden``);
- elements left without content (a symbol's span) are dropped.

Recognising a continuation needs no help from the HTML beyond what the report templates do
anyway: every table has a ``<caption>`` (only the first fragment carries it) and every
section starts with its heading (a fragment of a section starts with something else or a
lower heading).
"""

import io
import logging
import re

import pikepdf

logger = logging.getLogger(__name__)

ÜBERSCHRIFTEN = {f"/H{n}": n for n in range(1, 7)}
# Grouping elements a page break may split; a paragraph, row or cell is never joined (WeasyPrint
# keeps table rows together, and whether two paragraphs are one cannot be told).
GRUPPEN = {"/Sect", "/Div", "/Part", "/Art", "/NonStruct", "/L", "/BlockQuote"}
# Kept even without content: an empty cell is still a cell of its row.
LEER_ERLAUBT = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}
MCID_RE = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
# WeasyPrint marks each piece of text on its own, without nesting: up to the next EMC.
TEXTSTUECK_RE = re.compile(rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC(.*?)EMC", re.DOTALL)
SCHRIFT_RE = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf")
# The face of the decorative symbols (DejaVu Sans Condensed Bold: font-stretch: condensed).
SYMBOL_SCHNITT = "Condensed"


def nachbearbeiten(pdf_bytes: bytes) -> bytes:
    """The PDF with artifacts, joined page fragments and readable link descriptions.

    Should WeasyPrint ever write something this pass does not understand, the report is still
    delivered as WeasyPrint made it (and the error logged): less accessible, but there.
    """
    try:
        return _nachbearbeiten(pdf_bytes)
    except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError):
        logger.exception("PDF/UA-Nachbearbeitung fehlgeschlagen; Bericht unverändert")
        return pdf_bytes


def _nachbearbeiten(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        wurzel = pdf.Root.get("/StructTreeRoot")
        if wurzel is None:
            return pdf_bytes
        inhalte = [_inhalt(seite) for seite in pdf.pages]
        weg = _symbole(pdf, wurzel, inhalte)
        erreichbar = set()
        for dokument in wurzel.K:
            _seitenweise_zusammenfuehren(dokument)
            erreichbar.add(dokument.objgen)
            _aufraeumen(dokument, weg, erreichbar)
        artefakte = _parenttree_bereinigen(wurzel, erreichbar)
        _als_artefakt_markieren(pdf, artefakte, inhalte)
        _linkbeschreibungen(pdf)
        ausgabe = io.BytesIO()
        # Unchanged streams are copied as they are, not decompressed and compressed again.
        pdf.save(ausgabe, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return ausgabe.getvalue()


def _symbole(pdf, wurzel, inhalte):
    """The StructElems (objgens) of the text set in the decorative face, to leave the tree."""
    zuordnung = _seitenzuordnung(wurzel)
    weg = set()
    for seite, inhalt in zip(pdf.pages, inhalte, strict=True):
        schluessel = seite.obj.get("/StructParents")
        schriften = seite.obj.get("/Resources", {}).get("/Font", {})
        symbolschriften = {
            str(name)[1:].encode()
            for name, schrift in schriften.items()
            if SYMBOL_SCHNITT in str(schrift.get("/BaseFont", ""))
        }
        if schluessel is None or not symbolschriften or int(schluessel) not in zuordnung:
            continue
        elemente = zuordnung[int(schluessel)]
        for treffer in TEXTSTUECK_RE.finditer(inhalt):
            schrift = SCHRIFT_RE.search(treffer.group(2))
            if not schrift or schrift.group(1) not in symbolschriften:
                continue
            mcid = int(treffer.group(1))
            if mcid < len(elemente) and _ist_element(elemente[mcid]):
                weg.add(elemente[mcid].objgen)
    return weg


def _seitenzuordnung(wurzel):
    """The ParentTree's arrays of StructElems by MCID, per StructParents key of a page."""
    zahlen = wurzel.ParentTree.Nums
    return {
        int(zahlen[i]): zahlen[i + 1]
        for i in range(0, len(zahlen), 2)
        if isinstance(zahlen[i + 1], pikepdf.Array)
    }


def _inhalt(seite):
    inhalt = seite.obj.Contents
    teile = list(inhalt) if isinstance(inhalt, pikepdf.Array) else [inhalt]
    return b"\n".join(t.read_bytes() for t in teile)


def _ist_element(objekt):
    return isinstance(objekt, pikepdf.Dictionary) and "/S" in objekt


def _kinder(element):
    kinder = element.get("/K")
    if kinder is None:
        return []
    return list(kinder) if isinstance(kinder, pikepdf.Array) else [kinder]


def _seitenweise_zusammenfuehren(dokument):
    """Join each page's first element with the last of the page before when it continues it."""
    kinder = _kinder(dokument)
    behalten = []
    for kind in kinder:
        if behalten and _ist_element(kind) and _zusammenfuehren(behalten[-1], kind):
            continue
        behalten.append(kind)
    if len(behalten) != len(kinder):
        dokument.K = pikepdf.Array(behalten)


def _seite(element):
    seite = element.get("/Pg")
    return seite.objgen if seite is not None else None


def _fortsetzung(a, b):
    """True if element ``b`` at the top of a page continues ``a`` from the page before."""
    art = str(a.S)
    if art != str(b.S) or _seite(a) == _seite(b):
        return False
    kinder_a, kinder_b = _kinder(a), _kinder(b)
    if not kinder_b or not all(_ist_element(k) for k in kinder_a + kinder_b):
        return False
    erstes = str(kinder_b[0].S)
    if art == "/Table":
        return erstes != "/Caption"
    if art in ("/TBody", "/TFoot"):
        return True
    if art == "/LI":
        return erstes != "/Lbl"
    if art in GRUPPEN:
        if erstes not in ÜBERSCHRIFTEN:
            return True
        eigene = str(kinder_a[0].S) if kinder_a else ""
        return eigene in ÜBERSCHRIFTEN and ÜBERSCHRIFTEN[erstes] > ÜBERSCHRIFTEN[eigene]
    return False


def _zusammenfuehren(a, b):
    """Move ``b``'s children into ``a`` if ``b`` continues it (recursively at the seam)."""
    if not _fortsetzung(a, b):
        return False
    kinder_a, kinder_b = _kinder(a), _kinder(b)
    if str(a.S) == "/Table":
        kinder_b = _kopf_der_fortsetzung_weglassen(kinder_a, kinder_b)
    if kinder_a and kinder_b and _zusammenfuehren(kinder_a[-1], kinder_b[0]):
        kinder_b = kinder_b[1:]
    for kind in kinder_b:
        kind.P = a
    a.K = pikepdf.Array(kinder_a + kinder_b)
    return True


def _kopf_der_fortsetzung_weglassen(kinder_a, kinder_b):
    """Drop the repeated THead of a table fragment; its cells' header ids point to the first."""
    kopf_a = next((k for k in kinder_a if str(k.S) == "/THead"), None)
    kopf_b = next((k for k in kinder_b if str(k.S) == "/THead"), None)
    if kopf_b is None:
        return kinder_b
    umbenennen = {}
    if kopf_a is not None:
        ids_a = {str(th.ID) for th in _nachfahren(kopf_a) if "/ID" in th}
        for th in _nachfahren(kopf_b):
            if "/ID" in th:
                alt = str(th.ID)
                neu = _gleiche_position(alt, ids_a)
                if neu:
                    umbenennen[alt] = neu
    if umbenennen:
        for kind in kinder_b:
            for zelle in _nachfahren(kind):
                kopf = zelle.get("/A", {}).get("/Headers") if "/A" in zelle else None
                if kopf is not None:
                    zelle.A.Headers = pikepdf.Array(
                        [pikepdf.String(umbenennen.get(str(h), str(h))) for h in kopf]
                    )
    return [k for k in kinder_b if k.objgen != kopf_b.objgen]


def _gleiche_position(kennung, kennungen):
    """WeasyPrint names header cells ``<table object>-<row>-<column>``: the same cell of ``a``."""
    _tabelle, _, position = kennung.partition("-")
    for andere in kennungen:
        if andere.partition("-")[2] == position:
            return andere
    return None


def _nachfahren(element):
    stapel = [element]
    while stapel:
        e = stapel.pop()
        yield e
        stapel.extend(k for k in _kinder(e) if _ist_element(k))


def _aufraeumen(element, weg, erreichbar):
    """One walk of the tree: drop the StructElems in ``weg`` and those left without content
    (but table parts), note the objgens of all others in ``erreichbar``; True if ``element``
    is left empty."""
    kinder = _kinder(element)
    behalten = []
    for kind in kinder:
        if _ist_element(kind):
            if kind.objgen in weg:
                continue
            leer = _aufraeumen(kind, weg, erreichbar)
            if leer and str(kind.S) not in LEER_ERLAUBT:
                continue
            erreichbar.add(kind.objgen)
        behalten.append(kind)
    if len(behalten) != len(kinder):
        element.K = pikepdf.Array(behalten)
    return not behalten


def _parenttree_bereinigen(wurzel, erreichbar):
    """Unhook marked content whose StructElem is not in the tree; its MCIDs per page index."""
    artefakte = {}
    for schluessel, wert in _seitenzuordnung(wurzel).items():
        for mcid, element in enumerate(wert):
            if _ist_element(element) and element.objgen not in erreichbar:
                artefakte.setdefault(schluessel, set()).add(mcid)
                wert[mcid] = None
    return artefakte


def _als_artefakt_markieren(pdf, artefakte, inhalte):
    """Rewrite ``/Span <</MCID n>> BDC`` as ``/Artifact BMC`` for the unhooked MCIDs."""
    for seite, inhalt in zip(pdf.pages, inhalte, strict=True):
        schluessel = seite.obj.get("/StructParents")
        mcids = artefakte.get(int(schluessel)) if schluessel is not None else None
        if not mcids:
            continue

        def ersetzen(treffer, mcids=mcids):
            return b"/Artifact BMC" if int(treffer.group(2)) in mcids else treffer.group(0)

        neu = MCID_RE.sub(ersetzen, inhalt)
        if isinstance(seite.obj.Contents, pikepdf.Stream):
            seite.obj.Contents.write(neu)
        else:
            seite.obj.Contents = pdf.make_stream(neu)


def _lesezeichen(eintrag, ziele):
    while eintrag is not None:
        ziel = eintrag.get("/Dest")
        if isinstance(ziel, pikepdf.Array):
            ziele.setdefault(_ziel_schluessel(ziel), str(eintrag.Title))
        if "/First" in eintrag:
            _lesezeichen(eintrag.First, ziele)
        eintrag = eintrag.get("/Next")


def _ziel_schluessel(ziel):
    return (ziel[0].objgen, round(float(ziel[2]), 1), round(float(ziel[3]), 1))


def _linkbeschreibungen(pdf):
    """An internal link's /Contents: the bookmark title at its destination (the heading)."""
    if "/Outlines" not in pdf.Root or "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return
    titel = {}
    _lesezeichen(pdf.Root.Outlines.get("/First"), titel)
    ziele = pikepdf.NameTree(pdf.Root.Names.Dests)
    for seite in pdf.pages:
        for anmerkung in seite.obj.get("/Annots", []):
            name = anmerkung.get("/Dest")
            if anmerkung.get("/Subtype") != "/Link" or not isinstance(name, pikepdf.String):
                continue
            ziel = ziele.get(str(name))
            if isinstance(ziel, pikepdf.Array):
                beschreibung = titel.get(_ziel_schluessel(ziel))
                if beschreibung:
                    anmerkung.Contents = pikepdf.String(beschreibung)

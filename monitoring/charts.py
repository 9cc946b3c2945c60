"""Line charts as SVG, computed here and drawn by a Django template: no JavaScript, no CDN.

Accessibility: the SVG is one image (``role="img"``) named by its ``<title>`` and described by
its ``<desc>``, which states the axes and every value (up to ``BESCHREIBUNG_MAX``; the data table
beside the chart always has them all). Series differ by colour, dash pattern and marker shape,
so that colour is never the only cue; every colour has at least 3:1 contrast to white.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

BREITE, HOEHE = 640, 320
RAND_LINKS, RAND_RECHTS, RAND_OBEN, RAND_UNTEN = 72, 16, 32, 56
MAX_X_BESCHRIFTUNGEN = 10
LEGENDENZEILE = 18
BESCHREIBUNG_MAX = 60

# (colour, dash pattern, marker) — contrast to white: all ≥ 4.5:1.
STILE = [
    ("#1b4f8a", "", "kreis"),
    ("#a63c06", "6 3", "quadrat"),
    ("#2e6b30", "2 3", "dreieck"),
    ("#6a1b9a", "8 3 2 3", "raute"),
    ("#7a5c00", "", "quadrat"),
    ("#00695c", "6 3", "kreis"),
    ("#ad1457", "2 3", "raute"),
    ("#4e342e", "8 3 2 3", "dreieck"),
]


# Comparison series (Land, Bund): grey and dashed, with their own markers, so that they never
# look like one of the city's series. Contrast to white ≥ 4.5:1.
STILE_VERGLEICH = [
    ("#5c5c5c", "4 4", "kreuz"),
    ("#5c5c5c", "1 4", "quadrat"),
]
# Targets: a star in a dark grey; the dashed line leads from the latest value to them.
ZIEL_FARBE = "#333333"


@dataclass
class Punkt:
    datum: object
    # None: a value that must not be shown (small-number suppression): no marker, no line
    # through it; its text (the statistical symbol) still appears in the description.
    wert: float | None
    datum_text: str
    wert_text: str
    x: float = 0.0
    y: float = 0.0
    fussnote: str = ""  # footnote number(s) of the value, e.g. "1" or "1, 3"

    @property
    def gezeichnet(self):
        return self.wert is not None

    @property
    def text(self):
        text = f"{self.datum_text}: {self.wert_text}"
        if self.fussnote:
            text = f"{text} " + _("(Fußnote %(n)s)") % {"n": self.fussnote}
        return text


@dataclass
class Reihe:
    name: str
    punkte: list
    farbe: str = ""
    strich: str = ""
    marker: str = "kreis"
    pfad: str = ""
    # The name is German data (a breakdown), marked lang="de" on English pages.
    deutsch: bool = False
    # A Land/Bund comparison series drawn beside the city's.
    vergleich: bool = False

    @property
    def gezeichnete_punkte(self):
        return [p for p in self.punkte if p.gezeichnet]


@dataclass
class Zielmarke:
    """A target drawn at its year: a marker, named in the legend and the description."""

    datum: object
    wert: float
    text: str
    x: float = 0.0
    y: float = 0.0


@dataclass
class Bruchmarke:
    """A definition change: no line runs across it; a vertical line with a label marks it."""

    datum: object
    text: str
    x: float = 0.0


@dataclass
class Diagramm:
    titel: str
    beschreibung: str
    x_titel: str
    y_titel: str
    reihen: list
    kennung: str = "diagramm"
    y_ticks: list = field(default_factory=list)  # (y, text)
    x_ticks: list = field(default_factory=list)  # (x, text)
    ziele: list = field(default_factory=list)  # [Zielmarke]
    ziel_pfad: str = ""  # dashed line from the latest value to the targets after it
    brueche: list = field(default_factory=list)  # [Bruchmarke] inside the time axis
    fussnoten: list = field(default_factory=list)  # [(number, text)]
    breite: int = BREITE
    hoehe: int = HOEHE
    # Reports draw the legend into the image (a PDF has no page legend beside the chart).
    legende_im_bild: bool = False

    @property
    def anzahl_punkte(self):
        return sum(len(r.punkte) for r in self.reihen)

    @property
    def flaeche(self):
        return {
            "links": RAND_LINKS,
            "rechts": self.breite - RAND_RECHTS,
            "oben": RAND_OBEN,
            "unten": HOEHE - RAND_UNTEN if self.legende_im_bild else self.hoehe - RAND_UNTEN,
        }

    @property
    def legende(self):
        """``[(y, art, Reihe/Zielmarke/Bruchmarke)]`` of the legend drawn into the image."""
        eintraege = [("reihe", r) for r in self.reihen]
        eintraege += [("ziel", z) for z in self.ziele] + [("bruch", b) for b in self.brueche]
        return [(HOEHE + 4 + i * LEGENDENZEILE, art, e) for i, (art, e) in enumerate(eintraege)]

    @property
    def ziel_farbe(self):
        return ZIEL_FARBE

    @property
    def fussnotenpunkte(self):
        return [p for r in self.reihen for p in r.gezeichnete_punkte if p.fussnote]

    def svg(self):
        return render_to_string("monitoring/_diagramm.svg", {"d": self})


def _schoene_schrittweite(spanne, ziel=5):
    """A 1/2/5 × 10^n step giving about ``ziel`` ticks."""
    if spanne <= 0:
        return 1
    roh = spanne / ziel
    basis = 10 ** math.floor(math.log10(roh))
    for faktor in (1, 2, 5, 10):
        if roh <= faktor * basis:
            return faktor * basis
    return 10 * basis  # pragma: no cover


def _y_achse(werte, tick_text, ganzzahlig=False):
    """Lower and upper end and the ticks; ``ganzzahlig`` (counts): steps of at least 1."""
    tief, hoch = min(werte + [0.0]), max(werte + [0.0])
    if tief == hoch:
        hoch = tief + 1
    schritt = _schoene_schrittweite(hoch - tief)
    if ganzzahlig:
        schritt = max(1, math.ceil(schritt))
    unten = math.floor(tief / schritt) * schritt
    oben = math.ceil(hoch / schritt) * schritt
    ticks = []
    n = round((oben - unten) / schritt)
    for i in range(n + 1):
        ticks.append(unten + i * schritt)
    return unten, oben, [(t, tick_text(t)) for t in ticks]


def _pfad(reihe, bruchdaten):
    """The line of a series in pieces: it stops at a value not shown (``None``) and at a
    definition change between two values, so that nothing is drawn across either."""
    teile, vorher = [], None
    for p in reihe.punkte:
        if not p.gezeichnet:
            vorher = None
            continue
        neu = vorher is None or any(vorher.datum < b <= p.datum for b in bruchdaten)
        teile.append(f"{'M' if neu else 'L'}{p.x},{p.y}")
        vorher = p
    return " ".join(teile)


def liniendiagramm(
    titel,
    reihen,
    *,
    x_titel,
    y_titel,
    tick_text=lambda t: f"{t:g}",
    kennung="diagramm",
    ganzzahlig=False,
    ziele=(),
    brueche=(),
    fussnoten=(),
    legende_im_bild=False,
):
    """A chart of ``reihen`` (``Reihe`` with ``Punkt``s): positions, ticks and description.

    ``ganzzahlig``: whole-number ticks (counts). ``ziele``: ``(date, value, text)`` of targets,
    drawn as markers at their date (the time axis reaches them) with a dashed line from the
    latest value of the first series. ``brueche``: ``(date, text)`` of definition changes; the
    city's series are not drawn across them (comparison series follow their own source).
    ``fussnoten``: ``(number, text)`` listed in the description. ``legende_im_bild``: the
    legend below the axes, inside the image (reports).
    """
    reihen = [r for r in reihen if r.punkte]
    diagramm = Diagramm(
        titel=titel,
        beschreibung="",
        x_titel=x_titel,
        y_titel=y_titel,
        reihen=reihen,
        kennung=kennung,
        fussnoten=list(fussnoten),
        legende_im_bild=legende_im_bild,
    )
    f = diagramm.flaeche
    alle = [p for r in reihen for p in r.punkte]
    if not alle:
        diagramm.beschreibung = _("Keine Werte vorhanden.")
        return diagramm

    zielmarken = [Zielmarke(datum, float(wert), text) for datum, wert, text in ziele]
    daten = sorted({p.datum for p in alle} | {z.datum for z in zielmarken})
    erster, letzter = daten[0], daten[-1]
    spanne_tage = (letzter - erster).days

    def x_von(datum):
        if spanne_tage == 0:
            return (f["links"] + f["rechts"]) / 2
        anteil = (datum - erster).days / spanne_tage
        return f["links"] + 12 + anteil * (f["rechts"] - f["links"] - 24)

    achsenwerte = [p.wert for p in alle if p.gezeichnet] + [z.wert for z in zielmarken]
    unten, oben, y_ticks = _y_achse(achsenwerte, tick_text, ganzzahlig)

    def y_von(wert):
        return f["unten"] - (wert - unten) / (oben - unten) * (f["unten"] - f["oben"])

    diagramm.y_ticks = [(round(y_von(t), 1), text) for t, text in y_ticks]
    texte = {p.datum: p.datum_text for p in alle} | {
        z.datum: str(z.datum.year) for z in zielmarken if z.datum not in {p.datum for p in alle}
    }
    jede = max(1, math.ceil(len(daten) / MAX_X_BESCHRIFTUNGEN))
    diagramm.x_ticks = [(round(x_von(d), 1), texte[d]) for d in daten[::jede]]

    bruchdaten = [datum for datum, _text in brueche]
    diagramm.brueche = [
        Bruchmarke(datum, text, round(x_von(datum), 1))
        for datum, text in brueche
        if erster < datum <= letzter
    ]
    eigene = [r for r in reihen if not r.vergleich]
    vergleiche = [r for r in reihen if r.vergleich]
    for stile, gruppe in ((STILE, eigene), (STILE_VERGLEICH, vergleiche)):
        for i, reihe in enumerate(gruppe):
            reihe.farbe, reihe.strich, reihe.marker = stile[i % len(stile)]
            for p in reihe.gezeichnete_punkte:
                p.x, p.y = round(x_von(p.datum), 1), round(y_von(p.wert), 1)
            reihe.pfad = _pfad(reihe, [] if reihe.vergleich else bruchdaten)

    for z in zielmarken:
        z.x, z.y = round(x_von(z.datum), 1), round(y_von(z.wert), 1)
    diagramm.ziele = zielmarken
    diagramm.ziel_pfad = _ziel_pfad(eigene, zielmarken)
    if legende_im_bild:
        diagramm.hoehe = HOEHE + len(diagramm.legende) * LEGENDENZEILE + 8
    diagramm.beschreibung = _beschreibung(diagramm)
    return diagramm


def _ziel_pfad(eigene, zielmarken):
    """From the latest value of the headline series (the first) through the targets after it."""
    if not eigene or not eigene[0].gezeichnete_punkte or not zielmarken:
        return ""
    letzter = eigene[0].gezeichnete_punkte[-1]
    spaeter = sorted((z for z in zielmarken if z.datum > letzter.datum), key=lambda z: z.datum)
    if not spaeter:
        return ""
    return " ".join([f"M{letzter.x},{letzter.y}", *(f"L{z.x},{z.y}" for z in spaeter)])


def _beschreibung(diagramm):
    teile = [
        _(
            "Liniendiagramm. Waagerechte Achse: %(x)s, von %(von)s bis %(bis)s. "
            "Senkrechte Achse: %(y)s."
        )
        % {
            "x": diagramm.x_titel,
            "von": diagramm.x_ticks[0][1],
            "bis": diagramm.x_ticks[-1][1] if diagramm.x_ticks else "",
            "y": diagramm.y_titel,
        }
    ]
    teile += [f"{z.text}." for z in diagramm.ziele]
    teile += [f"{b.text}." for b in diagramm.brueche]
    genannt = 0
    for reihe in diagramm.reihen:
        werte = []
        for p in reihe.punkte:
            if genannt >= BESCHREIBUNG_MAX:
                break
            werte.append(p.text)
            genannt += 1
        if werte:
            teile.append(f"{reihe.name}: {'; '.join(werte)}.")
    if genannt < diagramm.anzahl_punkte:
        teile.append(
            _("Weitere %(n)s Werte stehen in der Tabelle.")
            % {"n": diagramm.anzahl_punkte - genannt}
        )
    if diagramm.fussnoten:
        teile.append(
            _("Fußnoten: %(liste)s.")
            % {"liste": "; ".join(f"{n}: {text}" for n, text in diagramm.fussnoten)}
        )
    return " ".join(teile)


# Fewer values than this are shown as figures, not as a chart.
MIN_DIAGRAMM_WERTE = 3
# A last value older than this (at the report's Stichtag) gets the warning „letzter Wert von …“.
VERALTET_NACH_JAHREN = 3


@dataclass
class Kennzahl:
    """One value shown as a figure: value with unit, date, source."""

    wert: str
    datum: str
    quelle: str


@dataclass
class Indikatorgrafik:
    """An indicator of a Handlungsfeld for the PDF reports (berichte/data.py): a chart with its
    text alternative, or – with fewer than MIN_DIAGRAMM_WERTE values – the values as figures."""

    name: str
    svg: str
    beschreibung: str
    kennzahlen: list = field(default_factory=list)  # [Kennzahl] instead of a chart
    hinweis: str = ""  # „letzter Wert von 2017“ for old data
    fussnoten: list = field(default_factory=list)  # [(number, text)], as text below the chart
    ziele: list = field(default_factory=list)  # „Zielwert: 8 Kurse bis 2026“ beside figures
    legende: str = ""  # „• = Wert geheim gehalten …“ if a value is suppressed

    @property
    def als_kennzahlen(self):
        return bool(self.kennzahlen)


def veraltet_hinweis(letztes_datum, stichtag):
    """„letzter Wert von 2017“ if the last value is older than VERALTET_NACH_JAHREN years."""
    try:
        grenze = stichtag.replace(year=stichtag.year - VERALTET_NACH_JAHREN)
    except ValueError:  # 29 February
        grenze = stichtag.replace(year=stichtag.year - VERALTET_NACH_JAHREN, day=28)
    if letztes_datum >= grenze:
        return ""
    return _("letzter Wert von %(jahr)s") % {"jahr": letztes_datum.year}


def _kennzahlen(indikator, messwerte):
    from monitoring.formatierung import datum_anzeige
    from monitoring.reihen import _wert_text

    return [
        Kennzahl(
            wert=_wert_text(m, indikator),
            datum=datum_anzeige(m.datum, m.zeitart),
            quelle=m.quelle or indikator.datenquelle,
        )
        for m in messwerte
    ]


def _grafik(indikator, messwerte, stichtag):
    from monitoring import geheimhaltung, reihen

    hinweis = veraltet_hinweis(messwerte[-1].datum, stichtag)
    serien = [reihen.Serie("", _("insgesamt"), messwerte)]
    legende = ""
    if any(getattr(m, "gesperrt", False) for m in messwerte):
        legende = geheimhaltung.legende(geheimhaltung.mindestfallzahl(indikator))
    if len(messwerte) < MIN_DIAGRAMM_WERTE:
        kennzahlen = _kennzahlen(indikator, messwerte)
        ziele = [reihen.ziel_text(z, indikator) for z in reihen.ziele(indikator)]
        beschreibung = "; ".join(
            [
                _("%(datum)s: %(wert)s (Quelle: %(quelle)s)")
                % {"datum": k.datum, "wert": k.wert, "quelle": k.quelle}
                for k in kennzahlen
            ]
            + ziele
        )
        notizen = reihen.anmerkungen(indikator, serien, [])
        return Indikatorgrafik(
            indikator.name, "", beschreibung, kennzahlen, hinweis, notizen.liste, ziele, legende
        )
    d = reihen.diagramm(indikator, serien, kennung="bericht", legende_im_bild=True)
    return Indikatorgrafik(
        indikator.name,
        d.svg(),
        d.beschreibung,
        hinweis=hinweis,
        fussnoten=d.fussnoten,
        legende=legende,
    )


def bericht_grafiken(handlungsfelder, stichtag=None):
    """``{handlungsfeld_id: [Indikatorgrafik]}``: the total series of each public indicator.

    Six queries for any number of Handlungsfelder, indicators and values (targets, definition
    changes and comparison values are prefetched), and up to two for the small-number
    protection (monitoring/geheimhaltung.py). ``stichtag`` (the report's, default today)
    decides whether the last value counts as old.
    """
    from monitoring import geheimhaltung
    from monitoring.models import Indikator, Messwert

    stichtag = stichtag or datetime.date.today()

    ids = [hf.pk for hf in handlungsfelder]
    indikatoren = list(
        Indikator.objects.oeffentlich()
        .filter(handlungsfelder__in=ids)
        .distinct()
        .prefetch_related("handlungsfelder", "ziele", "definitionen", "vergleichswerte")
    )
    werte = {}
    for m in Messwert.objects.filter(
        indikator__in=indikatoren, dimensionen="", aufschluesselung=""
    ).order_by("datum"):
        werte.setdefault(m.indikator_id, []).append(m)
    sperren = geheimhaltung.sperrliste(list(werte)) if werte else geheimhaltung.Sperrliste()
    for reihe in werte.values():
        sperren.anwenden(reihe)
    grafiken = {}
    for indikator in indikatoren:
        if indikator.pk not in werte:
            continue
        grafik = _grafik(indikator, werte[indikator.pk], stichtag)
        for hf in indikator.handlungsfelder.all():
            if hf.pk in ids:
                grafiken.setdefault(hf.pk, []).append(grafik)
    return grafiken

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


@dataclass
class Punkt:
    datum: object
    wert: float
    datum_text: str
    wert_text: str
    x: float = 0.0
    y: float = 0.0

    @property
    def text(self):
        return f"{self.datum_text}: {self.wert_text}"


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
    ziel_y: float | None = None  # the target line, if the indicator has a target value
    ziel_text: str = ""
    breite: int = BREITE
    hoehe: int = HOEHE

    @property
    def anzahl_punkte(self):
        return sum(len(r.punkte) for r in self.reihen)

    @property
    def flaeche(self):
        return {
            "links": RAND_LINKS,
            "rechts": self.breite - RAND_RECHTS,
            "oben": RAND_OBEN,
            "unten": self.hoehe - RAND_UNTEN,
        }

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


def liniendiagramm(
    titel,
    reihen,
    *,
    x_titel,
    y_titel,
    tick_text=lambda t: f"{t:g}",
    kennung="diagramm",
    ganzzahlig=False,
    ziel=None,
):
    """A chart of ``reihen`` (``Reihe`` with ``Punkt``s): positions, ticks and description.

    ``ganzzahlig``: whole-number ticks (counts). ``ziel``: ``(value, text)`` of a target, drawn
    as a dashed line and named in the description.
    """
    reihen = [r for r in reihen if r.punkte]
    diagramm = Diagramm(
        titel=titel,
        beschreibung="",
        x_titel=x_titel,
        y_titel=y_titel,
        reihen=reihen,
        kennung=kennung,
    )
    f = diagramm.flaeche
    alle = [p for r in reihen for p in r.punkte]
    if not alle:
        diagramm.beschreibung = _("Keine Werte vorhanden.")
        return diagramm

    daten = sorted({p.datum for p in alle})
    erster, letzter = daten[0], daten[-1]
    spanne_tage = (letzter - erster).days

    def x_von(datum):
        if spanne_tage == 0:
            return (f["links"] + f["rechts"]) / 2
        anteil = (datum - erster).days / spanne_tage
        return f["links"] + 12 + anteil * (f["rechts"] - f["links"] - 24)

    achsenwerte = [p.wert for p in alle] + ([float(ziel[0])] if ziel else [])
    unten, oben, y_ticks = _y_achse(achsenwerte, tick_text, ganzzahlig)

    def y_von(wert):
        return f["unten"] - (wert - unten) / (oben - unten) * (f["unten"] - f["oben"])

    diagramm.y_ticks = [(round(y_von(t), 1), text) for t, text in y_ticks]
    if ziel:
        diagramm.ziel_y, diagramm.ziel_text = round(y_von(float(ziel[0])), 1), ziel[1]
    texte = {p.datum: p.datum_text for p in alle}
    jede = max(1, math.ceil(len(daten) / MAX_X_BESCHRIFTUNGEN))
    diagramm.x_ticks = [(round(x_von(d), 1), texte[d]) for d in daten[::jede]]

    for i, reihe in enumerate(reihen):
        reihe.farbe, reihe.strich, reihe.marker = STILE[i % len(STILE)]
        for p in reihe.punkte:
            p.x, p.y = round(x_von(p.datum), 1), round(y_von(p.wert), 1)
        reihe.pfad = " ".join(
            f"{'M' if j == 0 else 'L'}{p.x},{p.y}" for j, p in enumerate(reihe.punkte)
        )

    diagramm.beschreibung = _beschreibung(diagramm)
    return diagramm


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
    if diagramm.ziel_text:
        teile.append(f"{diagramm.ziel_text}.")
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
    from monitoring import geheimhaltung
    from monitoring.reihen import Serie, diagramm

    hinweis = veraltet_hinweis(messwerte[-1].datum, stichtag)
    legende = ""
    if any(m.gesperrt for m in messwerte):
        legende = geheimhaltung.legende(geheimhaltung.mindestfallzahl(indikator))
    if len(messwerte) < MIN_DIAGRAMM_WERTE:
        kennzahlen = _kennzahlen(indikator, messwerte)
        beschreibung = "; ".join(
            _("%(datum)s: %(wert)s (Quelle: %(quelle)s)")
            % {"datum": k.datum, "wert": k.wert, "quelle": k.quelle}
            for k in kennzahlen
        )
        return Indikatorgrafik(indikator.name, "", beschreibung, kennzahlen, hinweis, legende)
    d = diagramm(indikator, [Serie("", _("insgesamt"), messwerte)], kennung="bericht")
    return Indikatorgrafik(
        indikator.name, d.svg(), d.beschreibung, hinweis=hinweis, legende=legende
    )


def bericht_grafiken(handlungsfelder, stichtag=None):
    """``{handlungsfeld_id: [Indikatorgrafik]}``: the total series of each public indicator.

    Three queries for any number of Handlungsfelder, indicators and values, and up to two for
    the small-number protection (monitoring/geheimhaltung.py). ``stichtag`` (the report's,
    default today) decides whether the last value counts as old.
    """
    from monitoring import geheimhaltung
    from monitoring.models import Indikator, Messwert

    stichtag = stichtag or datetime.date.today()

    ids = [hf.pk for hf in handlungsfelder]
    indikatoren = list(
        Indikator.objects.oeffentlich()
        .filter(handlungsfelder__in=ids)
        .distinct()
        .prefetch_related("handlungsfelder")
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

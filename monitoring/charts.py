"""Line charts as SVG, computed here and drawn by a Django template: no JavaScript, no CDN.

Accessibility: the SVG is one image (``role="img"``) named by its ``<title>`` and described by
its ``<desc>``, which states the axes and every value (up to ``BESCHREIBUNG_MAX``; the data table
beside the chart always has them all). Series differ by colour, dash pattern and marker shape,
so that colour is never the only cue; every colour has at least 3:1 contrast to white.
"""

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


def _y_achse(werte, tick_text):
    tief, hoch = min(werte + [0.0]), max(werte + [0.0])
    if tief == hoch:
        hoch = tief + 1
    schritt = _schoene_schrittweite(hoch - tief)
    unten = math.floor(tief / schritt) * schritt
    oben = math.ceil(hoch / schritt) * schritt
    ticks = []
    n = round((oben - unten) / schritt)
    for i in range(n + 1):
        ticks.append(unten + i * schritt)
    return unten, oben, [(t, tick_text(t)) for t in ticks]


def liniendiagramm(
    titel, reihen, *, x_titel, y_titel, tick_text=lambda t: f"{t:g}", kennung="diagramm"
):
    """A chart of ``reihen`` (``Reihe`` with ``Punkt``s): positions, ticks and description."""
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

    unten, oben, y_ticks = _y_achse([p.wert for p in alle], tick_text)

    def y_von(wert):
        return f["unten"] - (wert - unten) / (oben - unten) * (f["unten"] - f["oben"])

    diagramm.y_ticks = [(round(y_von(t), 1), text) for t, text in y_ticks]
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


@dataclass
class Indikatorgrafik:
    """An indicator of a Handlungsfeld with its chart and text alternative, for the PDF reports
    (berichte/data.py)."""

    name: str
    svg: str
    beschreibung: str


def bericht_grafiken(handlungsfelder):
    """``{handlungsfeld_id: [Indikatorgrafik]}``: the total series of each public indicator.

    Three queries for any number of Handlungsfelder, indicators and values.
    """
    from monitoring.models import Indikator, Messwert
    from monitoring.reihen import Serie, diagramm

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
    grafiken = {}
    for indikator in indikatoren:
        if indikator.pk not in werte:
            continue
        d = diagramm(indikator, [Serie("", _("insgesamt"), werte[indikator.pk])], kennung="bericht")
        grafik = Indikatorgrafik(name=indikator.name, svg=d.svg(), beschreibung=d.beschreibung)
        for hf in indikator.handlungsfelder.all():
            if hf.pk in ids:
                grafiken.setdefault(hf.pk, []).append(grafik)
    return grafiken

"""One or two values as figures instead of a line chart (as Open SDG and the PDF reports do).

A line through one point is no line, and one through two points suggests a course nobody has
measured: with fewer than ``charts.MIN_DIAGRAMM_WERTE`` dates the indicator page shows each
chosen series as large figures (value and date) with the change between its two values. The
table beside it stays.
"""

from dataclasses import dataclass, field

from monitoring.charts import MIN_DIAGRAMM_WERTE
from monitoring.formatierung import datum_anzeige, differenz_anzeige
from monitoring.reihen import _wert_text


@dataclass
class Kennzahlreihe:
    name: str
    deutsch: bool
    werte: list = field(default_factory=list)  # [(datum_text, wert_text)]
    veraenderung: str = ""  # „+0,20 Prozentpunkte“ between the two values


def als_kennzahlen(serien):
    """True if the chosen series together have values at fewer dates than a chart needs."""
    daten = {m.datum for s in serien for m in s.messwerte}
    return 0 < len(daten) < MIN_DIAGRAMM_WERTE


def kennzahlen(indikator, serien):
    """``[Kennzahlreihe]`` of the series with values, in their order."""
    ergebnis = []
    for s in serien:
        if not s.messwerte:
            continue
        reihe = Kennzahlreihe(
            name=s.name,
            deutsch=s.deutsch,
            werte=[
                (datum_anzeige(m.datum, m.zeitart), _wert_text(m, indikator)) for m in s.messwerte
            ],
        )
        if len(s.messwerte) == 2:
            erster, letzter = s.messwerte
            # A withheld value (small-number protection) has no number to subtract.
            if erster.wert is not None and letzter.wert is not None:
                reihe.veraenderung = differenz_anzeige(letzter.wert - erster.wert, indikator)
        ergebnis.append(reihe)
    return ergebnis

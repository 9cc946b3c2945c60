"""Trend assessment of an Indikator's total series, after Open SDG's progress measure.

Method (documented for readers in README, „Monitoring“, and on every indicator page):

1. The series is the total (no breakdown), ordered by date. The base is its first value, the
   current value its last; ``t`` is the time between them in years (days / 365.25). Fewer than
   two values, a span of zero, a base of zero or values of different sign: „nicht bewertbar“.
2. If the indicator has a target and a direction and the current value meets it (≥ for „höher
   ist besser“, ≤ for „niedriger ist besser“): „Ziel erreicht“.
3. Observed growth is the compound annual growth rate ``CAGR = (aktuell / basis)^(1/t) − 1``.
4. Without a target (Open SDG method 1), progress ``p = CAGR`` (negated for „niedriger ist
   besser“): p ≥ 1,5 % a year „deutliche Fortschritte“, ≥ 0,5 % „mäßige Fortschritte“,
   ≥ 0 „geringe Fortschritte“, < 0 „Verschlechterung“.
5. With a target (method 2), the required rate ``CAGR_ziel = (ziel / basis)^(1/t_ziel) − 1``
   (``t_ziel`` from the base to 31.12. of the target year, 2030 if none is set) and the ratio
   ``p = CAGR / |CAGR_ziel|`` (negated for „niedriger ist besser“): p ≥ 0,95 „deutliche
   Fortschritte“, ≥ 0,6 „mäßige“, ≥ 0 „geringe“, < 0 „Verschlechterung“.
6. A neutral indicator describes, it does not judge: |CAGR| < 0,5 % a year „gleichbleibend“,
   otherwise „steigend“ or „fallend“.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from monitoring.choices import Richtung, Trend

OHNE_ZIEL = {"deutlich": 0.015, "maessig": 0.005, "gering": 0.0}
MIT_ZIEL = {"deutlich": 0.95, "maessig": 0.6, "gering": 0.0}
GLEICHBLEIBEND_BIS = 0.005
ZIELJAHR_STANDARD = 2030


@dataclass
class Bewertung:
    status: Trend
    begruendung: str
    wachstum: float | None = None  # observed CAGR per year
    fortschritt: float | None = None  # p of the method above

    @property
    def label(self):
        return self.status.label


def _jahre(von, bis):
    return (bis - von).days / 365.25


def _cagr(aktuell, basis, jahre):
    return (aktuell / basis) ** (1 / jahre) - 1


def _stufe(p, schwellen):
    if p >= schwellen["deutlich"]:
        return Trend.DEUTLICHER_FORTSCHRITT
    if p >= schwellen["maessig"]:
        return Trend.MAESSIGER_FORTSCHRITT
    if p >= schwellen["gering"]:
        return Trend.GERINGER_FORTSCHRITT
    return Trend.VERSCHLECHTERUNG


def bewerten(reihe, richtung, zielwert=None, zieljahr=None):
    """Assess ``reihe``, a list of ``(date, value)`` of the total series, in any order."""
    punkte = sorted((d, float(w)) for d, w in reihe)
    if len(punkte) < 2:
        return Bewertung(
            Trend.NICHT_BEWERTBAR, _("Für einen Trend braucht es mindestens zwei Werte.")
        )
    (basis_datum, basis), (aktuell_datum, aktuell) = punkte[0], punkte[-1]
    jahre = _jahre(basis_datum, aktuell_datum)
    if jahre <= 0:
        return Bewertung(Trend.NICHT_BEWERTBAR, _("Alle Werte haben dasselbe Datum."))
    vorzeichen = -1 if richtung == Richtung.NIEDRIGER_BESSER else 1
    ziel = float(zielwert) if isinstance(zielwert, Decimal | int | float) else None

    if ziel is not None and richtung != Richtung.NEUTRAL and vorzeichen * (aktuell - ziel) >= 0:
        return Bewertung(
            Trend.ZIEL_ERREICHT, _("Der aktuelle Wert erreicht den Zielwert."), fortschritt=None
        )
    if basis == 0 or (basis > 0) != (aktuell > 0) or aktuell == 0:
        return Bewertung(
            Trend.NICHT_BEWERTBAR,
            _("Die Wachstumsrate ist nur für Werte gleichen Vorzeichens ohne Null bestimmt."),
        )
    # For negative series Open SDG turns the sign, so that growth keeps its meaning.
    wachstum = (1 if basis > 0 else -1) * _cagr(aktuell, basis, jahre)

    if richtung == Richtung.NEUTRAL:
        if abs(wachstum) < GLEICHBLEIBEND_BIS:
            status = Trend.GLEICHBLEIBEND
        else:
            status = Trend.STEIGEND if wachstum > 0 else Trend.FALLEND
        return Bewertung(
            status, _("Beschreibend: durchschnittliche jährliche Veränderung."), wachstum
        )

    if ziel is not None:
        ziel_datum = date(zieljahr or ZIELJAHR_STANDARD, 12, 31)
        jahre_ziel = _jahre(basis_datum, ziel_datum)
        if jahre_ziel > 0 and ziel != basis and (ziel > 0) == (basis > 0):
            noetig = _cagr(ziel, basis, jahre_ziel)
            p = vorzeichen * wachstum / abs(noetig)
            return Bewertung(
                _stufe(p, MIT_ZIEL),
                _("Verhältnis der beobachteten zur nötigen jährlichen Wachstumsrate."),
                wachstum,
                p,
            )
    p = vorzeichen * wachstum
    return Bewertung(
        _stufe(p, OHNE_ZIEL),
        _("Durchschnittliche jährliche Wachstumsrate (ohne Zielwert)."),
        wachstum,
        p,
    )


@dataclass
class Stand:
    """The latest value, the change to the previous one and the distance to the target."""

    letzter: object = None  # Messwert
    vorheriger: object = None
    differenz: Decimal | None = None
    abstand_zum_ziel: Decimal | None = None


def stand(gesamtreihe, zielwert=None):
    """``gesamtreihe``: the total series' Messwerte, ordered by date."""
    if not gesamtreihe:
        return Stand()
    letzter = gesamtreihe[-1]
    vorheriger = gesamtreihe[-2] if len(gesamtreihe) > 1 else None
    return Stand(
        letzter=letzter,
        vorheriger=vorheriger,
        differenz=letzter.wert - vorheriger.wert if vorheriger else None,
        abstand_zum_ziel=zielwert - letzter.wert if zielwert is not None else None,
    )

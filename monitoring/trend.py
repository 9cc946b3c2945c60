"""Trend assessment of an Indikator's total series, after Open SDG's progress measure.

Method (documented for readers in README, „Monitoring“, and on every indicator page):

1. The series is the total (no breakdown), ordered by date; suppressed values (``None``) are left
   out. If the definition changed (``Definitionsversion``), only the values from the last change
   on count: the trend never runs across a break. The base is the first of these values, the
   current value the last; ``t`` is the time between them in years (days / 365.25).
2. The target that counts (``massgebliches_ziel``) is the next one at or after the year of the
   current value, else the latest one. If the indicator has a direction and the current value
   meets it (≥ for „höher ist besser“, ≤ for „niedriger ist besser“): „Ziel erreicht“ – this
   needs only the current value. Otherwise fewer than two values, a span of zero, a base of zero
   or values of different sign: „nicht bewertbar“, with the reason.
3. Observed growth is the compound annual growth rate ``CAGR = (aktuell / basis)^(1/t) − 1``.
4. Without a target (Open SDG method 1), progress ``p = CAGR`` (negated for „niedriger ist
   besser“): p ≥ 1,5 % a year „deutliche Fortschritte“, ≥ 0,5 % „mäßige Fortschritte“,
   ≥ 0 „geringe Fortschritte“, < 0 „Verschlechterung“.
5. With a target (method 2), the required rate ``CAGR_ziel = (ziel / basis)^(1/t_ziel) − 1``
   (``t_ziel`` from the base to 31.12. of the target's year) and the ratio
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


def _paare(ziele):
    """``[(jahr, wert)]`` sorted by year, from Zielwert rows or ``(jahr, wert)`` pairs."""
    return sorted(
        (z.jahr, z.wert) if hasattr(z, "jahr") else (int(z[0]), z[1]) for z in (ziele or [])
    )


def massgebliches_ziel(ziele, jahr):
    """``(jahr, wert)`` of the target that counts for a value of ``jahr``: the next target at or
    after that year, else the latest one; ``None`` without targets."""
    paare = _paare(ziele)
    if not paare:
        return None
    return next((z for z in paare if z[0] >= jahr), paare[-1])


def erreicht(wert, ziel_wert, richtung):
    """Whether ``wert`` meets ``ziel_wert`` in the wanted direction (never for neutral ones)."""
    if wert is None or ziel_wert is None or richtung == Richtung.NEUTRAL:
        return False
    vorzeichen = -1 if richtung == Richtung.NIEDRIGER_BESSER else 1
    return vorzeichen * (float(wert) - float(ziel_wert)) >= 0


def ziel_erreicht(letzter_wert, letztes_datum, ziele, richtung):
    """„Ziel erreicht“ of the latest value, as the trend decides it (also for the overview)."""
    if letztes_datum is None:
        return False
    ziel = massgebliches_ziel(ziele, letztes_datum.year)
    return ziel is not None and erreicht(letzter_wert, ziel[1], richtung)


def seit_letztem_bruch(punkte, brueche):
    """``(points from the last definition change on, that change's date or None)``.

    ``punkte``: ``(date, value)`` sorted by date; ``brueche``: dates of definition changes.
    A change after the latest value does not split anything yet.
    """
    if not punkte:
        return punkte, None
    vergangene = [b for b in (brueche or []) if punkte[0][0] < b <= punkte[-1][0]]
    if not vergangene:
        return punkte, None
    letzter = max(vergangene)
    return [p for p in punkte if p[0] >= letzter], letzter


def bewerten(reihe, richtung, ziele=None, brueche=None):
    """Assess ``reihe``, a list of ``(date, value)`` of the total series, in any order.

    ``ziele``: Zielwert rows or ``(jahr, wert)``; ``brueche``: dates of definition changes.
    """
    alle = sorted((d, float(w)) for d, w in reihe if w is not None)
    punkte, bruch = seit_letztem_bruch(alle, brueche)
    if not punkte:
        return Bewertung(
            Trend.NICHT_BEWERTBAR, _("Für einen Trend braucht es mindestens zwei Werte.")
        )
    basis_datum, basis = punkte[0]
    aktuell_datum, aktuell = punkte[-1]
    vorzeichen = -1 if richtung == Richtung.NIEDRIGER_BESSER else 1
    ziel_paar = massgebliches_ziel(ziele, aktuell_datum.year)
    ziel = float(ziel_paar[1]) if ziel_paar else None
    zieljahr = ziel_paar[0] if ziel_paar else None

    if erreicht(aktuell, ziel, richtung):
        return Bewertung(
            Trend.ZIEL_ERREICHT,
            _("Der aktuelle Wert erreicht den Zielwert für %(jahr)s.") % {"jahr": zieljahr},
            fortschritt=None,
        )
    if len(punkte) < 2:
        if bruch is not None:
            return Bewertung(
                Trend.NICHT_BEWERTBAR,
                _(
                    "Die Definition hat sich am %(datum)s geändert; seitdem liegt nur ein Wert "
                    "vor. Für einen Trend braucht es mindestens zwei Werte derselben Definition."
                )
                % {"datum": bruch.strftime("%d.%m.%Y")},
            )
        return Bewertung(
            Trend.NICHT_BEWERTBAR, _("Für einen Trend braucht es mindestens zwei Werte.")
        )
    jahre = _jahre(basis_datum, aktuell_datum)
    if jahre <= 0:
        return Bewertung(Trend.NICHT_BEWERTBAR, _("Alle Werte haben dasselbe Datum."))
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
        ziel_datum = date(zieljahr, 12, 31)
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
    ziel: tuple | None = None  # (jahr, wert) of the target that counts
    abstand_zum_ziel: Decimal | None = None


def stand(gesamtreihe, ziele=None):
    """``gesamtreihe``: the total series' Messwerte, ordered by date; suppressed ones (``wert``
    None) are skipped."""
    werte = [m for m in gesamtreihe if m.wert is not None]
    if not werte:
        return Stand()
    letzter = werte[-1]
    vorheriger = werte[-2] if len(werte) > 1 else None
    ziel = massgebliches_ziel(ziele, letzter.datum.year)
    return Stand(
        letzter=letzter,
        vorheriger=vorheriger,
        differenz=letzter.wert - vorheriger.wert if vorheriger else None,
        ziel=ziel,
        abstand_zum_ziel=ziel[1] - letzter.wert if ziel else None,
    )

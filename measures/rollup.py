"""Progress roll-up, computed by the database.

DESIGN.md: Teilziel from its Maßnahmen, Handlungsfeld from its Teilziele, Konzept from its
Handlungsfelder; measures marked entfallen do not count. Each level is the plain mean of the
level below, so a Teilziel with two measures weighs as much as one with six.

SQL cannot average averages in one GROUP BY, so each counted measure carries a weight instead:
1/n (n = counted measures of its Teilziel) for the Teilziel level, 1/(n·m) (m = Teilziele of its
Handlungsfeld that have a counted measure) for the Handlungsfeld level. A weighted sum then gives
the mean of means exactly. Levels without any counted measure have no progress (None).

What people and programs get is ``gerundet(wert)``: the one rounding of progress for API,
export, pages and reports (see there). "No value" is None everywhere (null in JSON, never 0).
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean

from django.db.models import Count, Exists, F, FloatField, OuterRef, Subquery, Sum
from django.db.models.functions import Cast

from concept.models import Handlungsfeld, Teilziel
from measures.choices import Status
from measures.models import Massnahme


def gerundet(wert, ganz=False):
    """Progress as it is published: one decimal, half up; ``ganz``: whole percent for display.

    - None (no counted measure) stays None: null in the API and export, a dash or "noch nicht
      messbar" on pages and in reports – never 0, which would read as "not started".
    - The weighted SQL sum and the Python mean differ in the last bits of a float (33.33…3 vs
      33.33…4, 12.25 vs 12.249999…); cutting at nine places first lets both round alike.
    - Whole percent is taken from the one-decimal value, so a page never contradicts the API
      (12.45 → 12.5 → 13, not 12).
    - A whole number is an ``int`` (50, not 50.0), a fraction a ``float`` (33.3).
    """
    if wert is None:
        return None
    zahl = Decimal(repr(float(wert))).quantize(Decimal("1e-9"))
    zahl = zahl.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if ganz:
        zahl = zahl.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return int(zahl) if zahl == zahl.to_integral_value() else float(zahl)


def _gezaehlte_massnahmen():
    return Massnahme.objects.gezaehlt().order_by()


def _anzahl(queryset, gruppe):
    """A correlated subquery counting ``queryset`` rows (grouped by ``gruppe``)."""
    return Cast(
        Subquery(queryset.values(gruppe).annotate(n=Count("*")).values("n")[:1]),
        FloatField(),
    )


def _mit_gewichten(massnahmen):
    n_teilziel = _anzahl(_gezaehlte_massnahmen().filter(teilziel=OuterRef("teilziel")), "teilziel")
    teilziele_mit_massnahmen = Teilziel.objects.order_by().filter(
        Exists(_gezaehlte_massnahmen().filter(teilziel=OuterRef("pk"))),
        handlungsfeld=OuterRef("teilziel__handlungsfeld"),
    )
    m_handlungsfeld = _anzahl(teilziele_mit_massnahmen, "handlungsfeld")
    return massnahmen.annotate(
        wert=Cast(F("fortschritt"), FloatField()),
        gewicht_teilziel=1.0 / n_teilziel,
        gewicht_handlungsfeld=1.0 / (n_teilziel * m_handlungsfeld),
    )


def _summe(massnahmen, gruppe, gewicht):
    summe = (
        _mit_gewichten(massnahmen)
        .values(gruppe)
        .annotate(s=Sum(F("wert") * F(gewicht), output_field=FloatField()))
        .values("s")[:1]
    )
    return Subquery(summe, output_field=FloatField())


def teilziel_fortschritt():
    """Annotation for Teilziel querysets: mean progress of its counted measures."""
    return _summe(
        _gezaehlte_massnahmen().filter(teilziel=OuterRef("pk")), "teilziel", "gewicht_teilziel"
    )


def handlungsfeld_fortschritt():
    """Annotation for Handlungsfeld querysets: mean of its Teilziele's progress."""
    return _summe(
        _gezaehlte_massnahmen().filter(teilziel__handlungsfeld=OuterRef("pk")),
        "teilziel__handlungsfeld",
        "gewicht_handlungsfeld",
    )


def konzept_fortschritt():
    """Annotation for Konzept querysets: mean of its Handlungsfelder's progress."""
    massnahmen = _gezaehlte_massnahmen().filter(teilziel__handlungsfeld__konzept=OuterRef("pk"))
    handlungsfelder_mit_massnahmen = Handlungsfeld.objects.order_by().filter(
        Exists(_gezaehlte_massnahmen().filter(teilziel__handlungsfeld=OuterRef("pk"))),
        konzept=OuterRef("pk"),
    )
    anzahl_handlungsfelder = _anzahl(handlungsfelder_mit_massnahmen, "konzept")
    return _summe(massnahmen, "teilziel__handlungsfeld__konzept", "gewicht_handlungsfeld") / (
        anzahl_handlungsfelder
    )


def mittel_der_mittel(eintraege):
    """The same roll-up for states in memory (a past Stichtag, snapshots, an Akteur's subset).

    ``eintraege``: ``(teilziel_pk, handlungsfeld_pk, status, fortschritt)`` per measure;
    entfallen (and a measure without status or progress) does not count. Returns
    ``(je_teilziel, je_handlungsfeld, gesamt)``; a level without counted measures is absent
    (``gesamt`` None).
    """
    werte = defaultdict(list)
    teilziel_hf = {}
    for tz_pk, hf_pk, status, fortschritt in eintraege:
        if status is not None and status != Status.ENTFALLEN and fortschritt is not None:
            werte[tz_pk].append(fortschritt)
            teilziel_hf[tz_pk] = hf_pk
    je_teilziel = {pk: fmean(liste) for pk, liste in werte.items()}
    je_hf_liste = defaultdict(list)
    for tz_pk, mittel in je_teilziel.items():
        je_hf_liste[teilziel_hf[tz_pk]].append(mittel)
    je_hf = {pk: fmean(liste) for pk, liste in je_hf_liste.items()}
    gesamt = fmean(je_hf.values()) if je_hf else None
    return je_teilziel, je_hf, gesamt

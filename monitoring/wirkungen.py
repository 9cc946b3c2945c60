"""Which indicators a Maßnahme and a Handlungsfeld show (issue 18): one place for pages and API.

German practice keeps *context* monitoring (the state of integration in the city) apart from
reporting on what the concept's measures achieved: a Kontext indicator belongs to Handlungsfelder
and Teilziele and is never read as the effect of one Maßnahme (``Wirkung.clean`` refuses the
link); Ergebnis and Leistung indicators are tied to the measures meant to move them, with the
direction (Kausal Watch). Only indicators the reader may see (``sichtbar_fuer``), each with its
latest total value (``mit_letztem_wert``), in one query.
"""

from django.db.models import F, Q

from monitoring import geheimhaltung
from monitoring.choices import Indikatorart
from monitoring.models import Indikator


def der_massnahme(massnahme, user):
    """The Ergebnis/Leistung indicators the Maßnahme moves, annotated ``wirkungsrichtung``."""
    return geheimhaltung.letzte_werte_pruefen(
        Indikator.objects.sichtbar_fuer(user)
        .filter(wirkungen__massnahme=massnahme)
        .exclude(art=Indikatorart.KONTEXT)
        # The same join as the filter: the direction of this measure's Wirkung.
        .annotate(wirkungsrichtung=F("wirkungen__richtung"))
        .mit_letztem_wert()
        .order_by("art", "sortierung", "name", "pk")
    )


def des_handlungsfelds(handlungsfeld, user):
    """``(kontext, wirkung)``: the Handlungsfeld's Kontext indicators, and the Ergebnis/Leistung
    indicators linked to it or moved by one of its Maßnahmen (2 queries: with their targets)."""
    durch_massnahmen = Q(wirkungen__massnahme__teilziel__handlungsfeld=handlungsfeld) & ~Q(
        art=Indikatorart.KONTEXT
    )
    # A suppressed latest total loses its value (geheimhaltung.letzte_werte_pruefen).
    indikatoren = geheimhaltung.letzte_werte_pruefen(
        Indikator.objects.sichtbar_fuer(user)
        .filter(Q(handlungsfelder=handlungsfeld) | durch_massnahmen)
        .distinct()
        .mit_letztem_wert()
        # The lists mark "Ziel erreicht" (monitoring_tags.ziel_erreicht).
        .prefetch_related("ziele")
    )
    kontext = [i for i in indikatoren if i.art == Indikatorart.KONTEXT]
    wirkung = [i for i in indikatoren if i.art != Indikatorart.KONTEXT]
    return kontext, wirkung

"""Template tags of the monitoring, for its own pages and for pages of other apps.

On a Handlungsfeld page, ``{% indikatoren_im_handlungsfeld handlungsfeld %}`` (after
``{% load monitoring_tags %}``) lists the indicators of that Handlungsfeld the reader may
see, with their latest value (1 query): the Kontext indicators with the note that they cannot
be attributed to single Maßnahmen, the Ergebnis/Leistung ones apart (monitoring/wirkungen.py).
"""

from django import template
from django.utils.translation import gettext as _

from monitoring import geheimhaltung, trend, wirkungen
from monitoring.choices import Wirkungsrichtung
from monitoring.formatierung import datum_anzeige, wert_anzeige

register = template.Library()


@register.inclusion_tag("monitoring/_handlungsfeld_indikatoren.html", takes_context=True)
def indikatoren_im_handlungsfeld(context, handlungsfeld):
    request = context.get("request")
    user = getattr(request, "user", None)
    kontext, wirkung = wirkungen.des_handlungsfelds(handlungsfeld, user)
    return {
        "handlungsfeld": handlungsfeld,
        "indikatoren": kontext,
        "wirkungsindikatoren": wirkung,
    }


@register.simple_tag
def letzter_wert(indikator):
    """The value annotated by ``Indikator.objects.mit_letztem_wert()``, formatted."""
    if getattr(indikator, "letzter_gesperrt", False):
        return _("%(zeichen)s (geheim gehalten)") % {"zeichen": geheimhaltung.ZEICHEN}
    wert = getattr(indikator, "letzter_wert", None)
    if wert is None:
        return "–"
    return wert_anzeige(wert, indikator, getattr(indikator, "letzte_genauigkeit", None))


@register.simple_tag
def letzter_stand(indikator):
    datum = getattr(indikator, "letztes_datum", None)
    return datum_anzeige(datum, getattr(indikator, "letzte_zeitart", None)) if datum else "–"


@register.simple_tag
def wirkungsrichtung_anzeige(richtung):
    """„erhöhen“ / „senken“: the direction of a Wirkung (annotated by monitoring/wirkungen.py)."""
    return Wirkungsrichtung(richtung).label if richtung in Wirkungsrichtung.values else "–"


@register.simple_tag
def ziel_erreicht(indikator):
    """Whether the latest total value (``mit_letztem_wert()``) meets the target that counts,
    as the trend decides it; ``ziele`` prefetched."""
    return trend.ziel_erreicht(
        getattr(indikator, "letzter_wert", None),
        getattr(indikator, "letztes_datum", None),
        indikator.ziele.all(),
        indikator.richtung,
    )

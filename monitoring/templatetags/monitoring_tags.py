"""Template tags of the monitoring, for its own pages and for pages of other apps.

On a Handlungsfeld page, ``{% indikatoren_im_handlungsfeld handlungsfeld %}`` (after
``{% load monitoring_tags %}``) lists the indicators of that Handlungsfeld the reader may
see, with their latest value (1 query).
"""

from django import template
from django.utils.translation import gettext as _

from monitoring import geheimhaltung
from monitoring.formatierung import datum_anzeige, wert_anzeige
from monitoring.models import Indikator

register = template.Library()


@register.inclusion_tag("monitoring/_handlungsfeld_indikatoren.html", takes_context=True)
def indikatoren_im_handlungsfeld(context, handlungsfeld):
    request = context.get("request")
    user = getattr(request, "user", None)
    indikatoren = geheimhaltung.letzte_werte_pruefen(
        Indikator.objects.sichtbar_fuer(user)
        .filter(handlungsfelder=handlungsfeld)
        .mit_letztem_wert()
    )
    return {"handlungsfeld": handlungsfeld, "indikatoren": indikatoren}


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

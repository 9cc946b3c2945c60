"""Tags of the indicator's metadata (templates/monitoring/_metadaten.html)."""

from django import template

from monitoring import geheimhaltung

register = template.Library()


@register.simple_tag
def mindestfallzahl(indikator):
    """The threshold that applies to ``indikator`` – the one the suppression itself uses."""
    return geheimhaltung.mindestfallzahl(indikator)

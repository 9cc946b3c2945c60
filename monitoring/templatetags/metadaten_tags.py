"""Tags of the indicator's metadata (templates/monitoring/_metadaten.html)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def mindestfallzahl(indikator):
    """The threshold that applies to ``indikator``: its own, else the setting's default.

    The same rule as the suppression itself; an indicator without its own figure follows
    ``MONITORING_MINDESTFALLZAHL``.
    """
    if indikator.mindestfallzahl is not None:
        return indikator.mindestfallzahl
    return settings.MONITORING_MINDESTFALLZAHL

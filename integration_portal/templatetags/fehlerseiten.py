"""``{% static_ohne_manifest %}`` for the error pages: they must render when nothing else does.

``{% static %}`` raises when the manifest storage lacks its manifest (collectstatic never ran);
the 500 page would then fail itself and the visitor got a bare "Server Error". Here the file's
plain name stands in (collectstatic keeps the unhashed copy next to the hashed one).
"""

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def static_ohne_manifest(pfad):
    try:
        return static(pfad)
    except ValueError:
        return settings.STATIC_URL + pfad

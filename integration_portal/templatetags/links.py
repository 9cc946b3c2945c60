"""``{% absolute_url pfad %}``: integration_portal.links.absolute_url for mail templates."""

from django import template

from integration_portal.links import absolute_url as _absolute_url

register = template.Library()


@register.simple_tag
def absolute_url(pfad):
    return _absolute_url(pfad)

"""Lateness beside the status word: one badge for every page, the admin and its start page.

The value comes from the queryset (``MassnahmeQuerySet.mit_verzug`` annotates
``ist_ueberfaellig``), never from a rule in a template.
"""

from django import template

register = template.Library()


@register.inclusion_tag("measures/_verzug.html")
def verzug_anzeige(ueberfaellig):
    """The "überfällig" badge (text and symbol, never colour alone); nothing when on time."""
    return {"ueberfaellig": bool(ueberfaellig)}

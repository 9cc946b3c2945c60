"""Lateness beside the status word: one badge for every page, the admin and its start page.

The value comes from the queryset (``MassnahmeQuerySet.mit_verzug`` annotates
``ist_ueberfaellig``), never from a rule in a template.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def verzug_anzeige(ueberfaellig):
    """The "überfällig" badge (text and symbol, never colour alone); nothing when on time.

    Built in Python, not an inclusion tag: it stands on every row of the lists.
    """
    if not ueberfaellig:
        return ""
    return mark_safe(
        '<span class="verzug"><span class="visually-hidden">, </span><span class="symbol" '
        f'aria-hidden="true">⚑</span> {conditional_escape(gettext("überfällig"))}</span>'
    )

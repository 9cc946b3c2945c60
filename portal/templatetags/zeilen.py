"""``{% zeilen_url "measures:akteur" slug=z.akteur.slug %}``: ``{% url %}`` for the rows of a list.

Every Maßnahme card links its Akteure; at one ``reverse()`` per link, the links were half of
the Zuständigkeiten's render time. This tag reverses once per page render and URL name, with
a placeholder, and puts each row's value in its place. That gives exactly reverse()'s result
when the value is made only of characters that every str or slug path converter accepts and
that URL quoting leaves as they are; any other value, or a URL that does not take the
placeholder, goes through ``reverse()`` as ``{% url %}`` would. The pattern lives only as long
as the render (``render_context``), so nothing outlives the request.
"""

import re

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

PLATZHALTER = "zeilenwert0platzhalter"
UNVERAENDERT = re.compile(r"[-a-zA-Z0-9_]+")


def _muster(context, name, parameter):
    schluessel = (__name__, name, parameter)
    muster = context.render_context.get(schluessel)
    if muster is None:
        try:
            url = reverse(name, kwargs={parameter: PLATZHALTER})
        except NoReverseMatch:
            url = ""
        # One placeholder only; otherwise every row takes the long way.
        muster = url.split(PLATZHALTER) if url.count(PLATZHALTER) == 1 else False
        context.render_context[schluessel] = muster
    return muster


@register.simple_tag(takes_context=True)
def zeilen_url(context, name, **kwargs):
    if len(kwargs) == 1:
        ((parameter, wert),) = kwargs.items()
        if isinstance(wert, str) and UNVERAENDERT.fullmatch(wert):
            muster = _muster(context, name, parameter)
            if muster:
                return muster[0] + wert + muster[1]
    return reverse(name, kwargs=kwargs)

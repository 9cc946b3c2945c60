"""``{% zeilen_url "measures:akteur" slug=z.akteur.slug %}``: ``{% url %}`` for the rows of a list.

Every Maßnahme card links its Akteure; at one ``reverse()`` per link, the links were half of
the Zuständigkeiten's render time. This tag reverses once per page render and URL name, with
a placeholder, and puts each row's value in its place. That gives exactly reverse()'s result
when the value is made only of characters that every str or slug path converter accepts and
that URL quoting leaves as they are; any other value, or a URL that does not take the
placeholder, goes through ``reverse()`` as ``{% url %}`` would. Dots (``5.2-1a``, ``5.2``) are
such characters only where the URL's converter takes them (``str`` does, ``slug`` does not):
that is tried once per pattern with a dotted placeholder. The pattern lives only as long as the
render (``render_context``), so nothing outlives the request.
"""

import re

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

PLATZHALTER = "zeilenwert0platzhalter"
PUNKT_PLATZHALTER = "zeilenwert0.platzhalter"
UNVERAENDERT = re.compile(r"[-a-zA-Z0-9_]+")
MIT_PUNKT = re.compile(r"[-a-zA-Z0-9_.]+")


def _muster(context, name, parameter):
    schluessel = (__name__, name, parameter)
    muster = context.render_context.get(schluessel)
    if muster is None:
        try:
            url = reverse(name, kwargs={parameter: PLATZHALTER})
        except NoReverseMatch:
            url = ""
        # One placeholder only; otherwise every row takes the long way.
        teile = url.split(PLATZHALTER) if url.count(PLATZHALTER) == 1 else None
        muster = (teile, _nimmt_punkte(name, parameter, teile)) if teile else False
        context.render_context[schluessel] = muster
    return muster


def _nimmt_punkte(name, parameter, teile):
    """Does the URL's converter take a value with dots, and put it in unchanged?"""
    try:
        url = reverse(name, kwargs={parameter: PUNKT_PLATZHALTER})
    except NoReverseMatch:
        return False
    return url == teile[0] + PUNKT_PLATZHALTER + teile[1]


@register.simple_tag(takes_context=True)
def zeilen_url(context, name, **kwargs):
    if len(kwargs) == 1:
        ((parameter, wert),) = kwargs.items()
        # "." and ".." as a path segment reverse() escapes (%2E); they take the long way.
        if isinstance(wert, str) and MIT_PUNKT.fullmatch(wert) and wert.strip("."):
            muster = _muster(context, name, parameter)
            if muster and (muster[1] or UNVERAENDERT.fullmatch(wert)):
                teile = muster[0]
                return teile[0] + wert + teile[1]
    return reverse(name, kwargs=kwargs)

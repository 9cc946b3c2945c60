"""The hit in a text, marked with ``<mark>`` – escaped first, so a text or a typed word can
never bring its own markup into the page."""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from concept.volltext import AEHNLICHKEIT, falten

_WORT = re.compile(r"\w+")
# Around the first hit, this many characters of a long text (concept texts run to pages).
AUSSCHNITT = 240


def _passt(wort, suchwoerter, unscharf):
    """The database's rule (concept/volltext.py) on one word; a typo search: similar words."""
    for suchwort in suchwoerter:
        if suchwort.passt_zu(wort):
            return True
        if unscharf:
            aehnlich = SequenceMatcher(None, suchwort.gefaltet, falten(wort)).ratio()
            if aehnlich >= AEHNLICHKEIT + 0.25:
                return True
    return False


def _ausschnitt(text, anfang):
    """About ``AUSSCHNITT`` characters of ``text`` around position ``anfang``, cut at words."""
    if len(text) <= AUSSCHNITT:
        return text, 0
    von = max(0, anfang - AUSSCHNITT // 3)
    if von:
        leer = text.find(" ", von)
        von = leer + 1 if 0 <= leer < anfang else von
    bis = min(len(text), von + AUSSCHNITT)
    if bis < len(text):
        leer = text.rfind(" ", von, bis)
        bis = leer if leer > anfang else bis
    return text[von:bis], von


def hervorheben(text, suchwoerter, unscharf=False, kuerzen=True):
    """``text`` as safe HTML: escaped, each matching word in ``<mark>``, long texts cut to the
    part around the first hit (with "…")."""
    text = " ".join((text or "").split())
    treffer = [t for t in _WORT.finditer(text) if _passt(t.group(), suchwoerter, unscharf)]
    von, bis = 0, len(text)
    if kuerzen:
        ausschnitt, von = _ausschnitt(text, treffer[0].start() if treffer else 0)
        bis = von + len(ausschnitt)
    teile = ["… " if von else ""]
    stelle = von
    for t in treffer:
        if t.start() < von or t.end() > bis:
            continue
        teile += [escape(text[stelle : t.start()]), "<mark>", escape(t.group()), "</mark>"]
        stelle = t.end()
    teile += [escape(text[stelle:bis]), " …" if bis < len(text) else ""]
    return mark_safe("".join(teile))  # noqa: S308 – every piece is escaped above

"""How status and Ampel look: a symbol next to the word, so that colour is never the only cue."""

from operator import attrgetter

from django import template
from django.template.defaulttags import GroupedResult
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from measures.choices import Ampel, Seite, Status
from measures.rollup import gerundet

register = template.Library()

# Distinct shapes, readable in black and white and for people who cannot tell red from green.
STATUS_SYMBOLE = {
    Status.NICHT_BEGONNEN: "○",
    Status.IN_PLANUNG: "◔",
    Status.IN_UMSETZUNG: "◑",
    Status.UMGESETZT: "●",
    Status.DAUERAUFGABE: "↻",
    Status.VERZOEGERT: "◷",
    Status.ZURUECKGESTELLT: "‖",
    # Not ✕: that is the Ampel "kritisch".
    Status.ENTFALLEN: "⊘",
}
AMPEL_SYMBOLE = {
    Ampel.IM_PLAN: "✓",
    Ampel.GEFAEHRDET: "!",
    Ampel.KRITISCH: "✕",
    Ampel.UNBEWERTET: "–",
}


@register.filter
def status_symbol(wert):
    return STATUS_SYMBOLE.get(wert, "")


@register.filter
def ampel_symbol(wert):
    return AMPEL_SYMBOLE.get(wert, "")


@register.filter
def status_label(wert):
    try:
        return Status(wert).label
    except ValueError:
        return wert


# The three badges below are built in Python rather than as inclusion tags: they stand on every
# row of the lists (a new template context per call cost more than the rest of the row).
@register.simple_tag
def status_anzeige(wert, beschriftet=False):
    wort = f"{conditional_escape(gettext('Status:'))} " if beschriftet else ""
    return mark_safe(
        f'<span class="status status-{conditional_escape(wert)}"><span class="symbol" '
        f'aria-hidden="true">{conditional_escape(status_symbol(wert))}</span> '
        f"{wort}{conditional_escape(status_label(wert))}</span>"
    )


@register.simple_tag
def ampel_anzeige(wert, beschriftet=False):
    try:
        label = Ampel(wert).label
    except ValueError:
        label = wert
    wort = f"{conditional_escape(gettext('Ampel:'))} " if beschriftet else ""
    return mark_safe(
        f'<span class="ampel ampel-{conditional_escape(wert)}"><span class="symbol" '
        f'aria-hidden="true">{conditional_escape(ampel_symbol(wert))}</span> '
        f"{wort}{conditional_escape(label)}</span>"
    )


@register.simple_tag
def fortschritt_anzeige(wert, beschriftung=""):
    """A bar for the eye and the number as text (the bar itself is hidden from screen readers)."""
    wert = gerundet(wert, ganz=True)
    teile = ['<span class="fortschritt">']
    if beschriftung:
        teile.append(
            f'<span class="fortschritt-beschriftung">{conditional_escape(beschriftung)}</span> '
        )
    if wert is None:
        leer = conditional_escape(gettext("noch nicht messbar"))
        teile.append(f'<span class="fortschritt-zahl">{leer}</span>')
    else:
        # Whole percent: below 1000 localize() is str() in every locale; it costs a format lookup.
        zahl = str(wert) if isinstance(wert, int) and -1000 < wert < 1000 else localize(wert)
        zahl = conditional_escape(zahl)
        teile.append(
            f'<progress max="100" value="{zahl}" aria-hidden="true"></progress> '
            f'<span class="fortschritt-zahl">{gettext("%(wert)s %%") % {"wert": zahl}}</span>'
        )
    teile.append("</span>")
    return mark_safe("".join(teile))


@register.filter
def nach_seite(eintraege):
    """Akteure or Zuständigkeiten by their side, verwaltungsintern first, as
    ``{% regroup eintraege|dictsortreversed:"seite" by get_seite_display %}`` gives them
    (``grouper`` and ``list``; the order within a side stays). One label per side instead of
    one per row: the lists show every Akteur of every measure.
    """
    gruppen = []
    for eintrag in sorted(eintraege, key=attrgetter("seite"), reverse=True):
        if gruppen and gruppen[-1].list[0].seite == eintrag.seite:
            gruppen[-1].list.append(eintrag)
        else:
            gruppen.append(GroupedResult(grouper=_seite_label(eintrag.seite), list=[eintrag]))
    return gruppen


def _seite_label(wert):
    """``get_seite_display()`` of Akteur and Zuständigkeit (both take their choices from Seite),
    without the model field's choices being flattened anew on every call."""
    try:
        return str(Seite(wert).label)
    except ValueError:
        return str(wert)


@register.filter(needs_autoescape=True)
def absaetze(text, autoescape=True):
    """Concept text as HTML: blank lines part paragraphs, lines starting with "- " form lists."""
    esc = conditional_escape if autoescape else (lambda s: s)
    bloecke = []
    for absatz in (text or "").replace("\r\n", "\n").split("\n\n"):
        zeilen = [z.rstrip() for z in absatz.strip().split("\n") if z.strip()]
        if not zeilen:
            continue
        teile, liste = [], []
        for zeile in zeilen:
            if zeile.lstrip().startswith("- "):
                liste.append(f"<li>{esc(zeile.lstrip()[2:])}</li>")
                continue
            if liste:
                teile.append("<ul>" + "".join(liste) + "</ul>")
                liste = []
            teile.append(f"<p>{esc(zeile)}</p>")
        if liste:
            teile.append("<ul>" + "".join(liste) + "</ul>")
        bloecke.append("".join(teile))
    return mark_safe("".join(bloecke))

"""How status and Ampel look: a symbol next to the word, so that colour is never the only cue."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from measures.choices import Ampel, Status
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


@register.inclusion_tag("measures/_status.html")
def status_anzeige(wert, beschriftet=False):
    return {
        "wert": wert,
        "symbol": status_symbol(wert),
        "label": status_label(wert),
        "beschriftet": beschriftet,
    }


@register.inclusion_tag("measures/_ampel.html")
def ampel_anzeige(wert, beschriftet=False):
    try:
        label = Ampel(wert).label
    except ValueError:
        label = wert
    return {"wert": wert, "symbol": ampel_symbol(wert), "label": label, "beschriftet": beschriftet}


@register.inclusion_tag("measures/_fortschritt.html")
def fortschritt_anzeige(wert, beschriftung=""):
    """A bar for the eye and the number as text (the bar itself is hidden from screen readers)."""
    return {"wert": gerundet(wert, ganz=True), "beschriftung": beschriftung}


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

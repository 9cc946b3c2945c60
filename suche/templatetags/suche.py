from django import template

from suche.hervorheben import hervorheben

register = template.Library()


@register.simple_tag
def markiert(text, ergebnis, kuerzen=True):
    """``{% markiert eintrag.text ergebnis %}``: the text with the hit marked (escaped)."""
    return hervorheben(text, ergebnis.woerter, unscharf=ergebnis.unscharf, kuerzen=kuerzen)

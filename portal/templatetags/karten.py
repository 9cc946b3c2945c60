"""The Maßnahme card of the lists and the Zuständigkeiten of a Maßnahme, built in Python.

A card stands once per Maßnahme on the Handlungsfeld page and the Maßnahmen list – 160 cards on
a Handlungsfeld page at 10× data. As template includes (a new context per card and per
Akteur list) they were two thirds of that page's render time (issue 16, ``python -m
tests.bench.profil``). The HTML is what the templates gave; every value from the database
passes through ``conditional_escape``, every link through ``zeilen_url``'s pattern or
``reverse()``.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from measures.templatetags.anzeige import (
    absaetze,
    ampel_anzeige,
    fortschritt_anzeige,
    nach_seite,
    status_anzeige,
)
from measures.templatetags.verzug import verzug_anzeige
from portal.templatetags.zeilen import zeilen_url

register = template.Library()

# Headings of a card: below the page's h1 and its sections' h2.
STUFEN = range(2, 7)


def _woerter(context):
    """The cards' fixed words, translated and escaped once per render (a render has one
    language): 600 gettext() calls were a tenth of a Handlungsfeld page at 10× data."""
    schluessel = (__name__, "woerter")
    woerter = context.render_context.get(schluessel)
    if woerter is None:
        woerter = {
            name: conditional_escape(gettext(text))
            for name, text in (
                ("massnahme", gettext_noop("Maßnahme")),
                ("status", gettext_noop("Status")),
                ("ampel", gettext_noop("Ampel")),
                ("fortschritt", gettext_noop("Fortschritt")),
                ("federfuehrend", gettext_noop("federführend")),
                ("keine_akteure", gettext_noop("Noch keine zuständigen Akteure eingetragen.")),
                ("vgl", gettext_noop("Vgl.")),
            )
        }
        context.render_context[schluessel] = woerter
    return woerter


def _einmal(context, anzeige, wert):
    """``anzeige(wert)`` (a badge of measures/templatetags) once per render and value: the
    cards of a page show a handful of statuses, Ampeln and progress values many times."""
    schluessel = (__name__, anzeige.__name__)
    bekannt = context.render_context.get(schluessel)
    if bekannt is None:
        bekannt = context.render_context[schluessel] = {}
    if wert not in bekannt:
        bekannt[wert] = anzeige(wert)
    return bekannt[wert]


@register.simple_tag(takes_context=True)
def massnahme_karte(context, massnahme, stufe, zeige_akteure=False, zeige_verweise=False):
    """One Maßnahme as a card: reference as heading (level ``stufe``), text, status, Ampel,
    progress; with ``zeige_akteure`` its Akteure, with ``zeige_verweise`` the Handlungsfelder
    it refers to. Needs ``zustaendigkeiten_liste`` (and ``verweise_liste``) and
    ``ist_ueberfaellig`` annotated: ``MassnahmeQuerySet.fuer_karten``."""
    stufe = int(stufe)
    if stufe not in STUFEN:
        raise template.TemplateSyntaxError(f"massnahme_karte: Überschriftenebene {stufe}")
    w = _woerter(context)
    pk = conditional_escape(massnahme.pk)
    url = zeilen_url(context, "measures:massnahme", kennung=massnahme.oeffentliche_kennung)
    teile = [
        f'<article class="karte massnahme-karte" aria-labelledby="massnahme-{pk}">',
        f'<h{stufe} class="karte-titel" id="massnahme-{pk}"><a href="{conditional_escape(url)}">'
        f'<span class="visually-hidden">{w["massnahme"]} </span>'
        f"{conditional_escape(massnahme.referenz)}</a></h{stufe}>",
        f'<div class="massnahme-text" lang="de">{absaetze(massnahme.text)}</div>',
        '<dl class="eckdaten">',
        f"<div><dt>{w['status']}</dt><dd>"
        f"{_einmal(context, status_anzeige, massnahme.status)}"
        f"{_einmal(context, verzug_anzeige, massnahme.ist_ueberfaellig)}</dd></div>",
        f"<div><dt>{w['ampel']}</dt><dd>"
        f"{_einmal(context, ampel_anzeige, massnahme.ampel)}</dd></div>",
        f"<div><dt>{w['fortschritt']}</dt><dd>"
        f"{_einmal(context, fortschritt_anzeige, massnahme.fortschritt)}</dd></div>",
        "</dl>",
    ]
    if zeige_akteure:
        teile.append(zustaendigkeiten_anzeige(context, massnahme.zustaendigkeiten_liste))
    if zeige_verweise:
        teile.append(_verweise(context, massnahme.verweise_liste))
    teile.append("</article>")
    return mark_safe("".join(teile))


@register.simple_tag(takes_context=True)
def zustaendigkeiten_anzeige(context, zustaendigkeiten):
    """The Akteure of one Maßnahme by side (verwaltungsintern first, one label per side),
    each linked, federführend said in words, with the Zuständigkeit's note."""
    w = _woerter(context)
    if not zustaendigkeiten:
        return mark_safe(f'<p class="zustaendigkeiten leer">{w["keine_akteure"]}</p>')
    federfuehrend = w["federfuehrend"]
    teile = ['<dl class="zustaendigkeiten">']
    for seite in nach_seite(zustaendigkeiten):
        teile.append(
            f'<div><dt>{conditional_escape(seite.grouper)}</dt><dd><ul class="akteur-liste">'
        )
        for z in seite.list:
            url = zeilen_url(context, "measures:akteur", slug=z.akteur.slug)
            teile.append(
                f'<li><a href="{conditional_escape(url)}">{conditional_escape(z.akteur.name)}</a>'
            )
            if z.federfuehrend:
                teile.append(f' <strong class="federfuehrend">({federfuehrend})</strong>')
            if z.hinweis:
                # The note is German data, also on English pages (WCAG 3.1.2).
                teile.append(
                    f' <span class="hinweis">– <span lang="de">{conditional_escape(z.hinweis)}'
                    "</span></span>"
                )
            teile.append("</li>")
        teile.append("</ul></dd></div>")
    teile.append("</dl>")
    return mark_safe("".join(teile))


def _verweise(context, verweise):
    """ "Vgl." and the Handlungsfelder a Maßnahme refers to; nothing when there are none."""
    if not verweise:
        return ""
    links = ", ".join(
        f'<a href="{conditional_escape(_handlungsfeld_url(context, hf))}" lang="de">'
        f"{conditional_escape(hf.nummer)} {conditional_escape(hf.titel)}</a>"
        for hf in verweise
    )
    return f'<p class="verweise">{_woerter(context)["vgl"]} {links}</p>'


def _handlungsfeld_url(context, handlungsfeld):
    return zeilen_url(context, "measures:handlungsfeld", nummer=handlungsfeld.nummer)

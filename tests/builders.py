"""Small builders for test data: tests make what they assert on (no implicit fixtures)."""

import itertools
from datetime import date

from concept.models import Handlungsfeld, Kapitel, Konzept, Leitziel, Teilziel
from measures.choices import AkteurArt, Seite
from measures.models import Akteur, Massnahme, Zustaendigkeit

_zaehler = itertools.count(1)


def konzept(**kwargs):
    n = next(_zaehler)
    defaults = {
        "titel": f"Testkonzept {n}",
        "beschluss": f"2099/BV/{n:04d}",
        "beschlossen_am": date(2020, 11, 11),
    }
    return Konzept.objects.create(**{**defaults, **kwargs})


def kapitel(konzept_obj, nummer="5", titel="Weitere Handlungsfelder", **kwargs):
    return Kapitel.objects.create(konzept=konzept_obj, nummer=nummer, titel=titel, **kwargs)


def handlungsfeld(kapitel_obj, nummer, titel=None, leitziel="Ein Leitziel.", **kwargs):
    hf = Handlungsfeld.objects.create(
        konzept=kapitel_obj.konzept,
        kapitel=kapitel_obj,
        nummer=nummer,
        titel=titel or f"Handlungsfeld {nummer}",
        sortierung=kwargs.pop("sortierung", next(_zaehler)),
        **kwargs,
    )
    if leitziel:
        Leitziel.objects.create(handlungsfeld=hf, text=leitziel)
    return hf


def teilziel(hf, nummer, text=None):
    return Teilziel.objects.create(
        handlungsfeld=hf, nummer=nummer, text=text or f"Teilziel {nummer}"
    )


def massnahme(tz, kennung, **kwargs):
    kwargs.setdefault("text", f"Maßnahme {kennung}")
    return Massnahme.objects.create(teilziel=tz, kennung=kennung, **kwargs)


def akteur(name, seite=Seite.INTERN, art=AkteurArt.AMT, **kwargs):
    from django.utils.text import slugify

    return Akteur.objects.create(
        name=name, slug=kwargs.pop("slug", slugify(name)), seite=seite, art=art, **kwargs
    )


def zustaendigkeit(massnahme_obj, akteur_obj, federfuehrend=False, **kwargs):
    kwargs.setdefault("seite", akteur_obj.seite)
    return Zustaendigkeit.objects.create(
        massnahme=massnahme_obj, akteur=akteur_obj, federfuehrend=federfuehrend, **kwargs
    )

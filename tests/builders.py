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


def berichtsrunde(titel="Berichtsrunde 2026", **kwargs):
    from measures.models import Berichtsrunde

    kwargs.setdefault("stichtag", date(2026, 6, 30))
    kwargs.setdefault("faellig_am", date(2026, 7, 31))
    return Berichtsrunde.objects.create(titel=titel, **kwargs)


def sachstand(massnahme_obj, akteur_obj, user, **kwargs):
    """A Sachstand as submitted (pruefstatus eingereicht unless given); bypasses the service."""
    from measures.choices import Ampel, Status
    from measures.models import Sachstand

    kwargs.setdefault("datum", date(2026, 6, 1))
    kwargs.setdefault("status", Status.IN_UMSETZUNG)
    kwargs.setdefault("ampel", Ampel.IM_PLAN)
    kwargs.setdefault("fortschritt", 40)
    kwargs.setdefault("text", "Es geht voran.")
    return Sachstand.objects.create(
        massnahme=massnahme_obj, akteur=akteur_obj, eingereicht_von=user, **kwargs
    )


def berichtsstand(runde, massnahme_obj, **kwargs):
    """A Maßnahme's snapshot in a closed Berichtsrunde (default: its current state)."""
    from measures.models import Berichtsstand

    kwargs.setdefault("status", massnahme_obj.status)
    kwargs.setdefault("ampel", massnahme_obj.ampel)
    kwargs.setdefault("fortschritt", massnahme_obj.fortschritt)
    return Berichtsstand.objects.create(berichtsrunde=runde, massnahme=massnahme_obj, **kwargs)


# --- monitoring ---------------------------------------------------------------------------------


def dimension(slug, name=None, **kwargs):
    from monitoring.models import Dimension

    return Dimension.objects.create(slug=slug, name=name or slug.capitalize(), **kwargs)


def auspraegung(dimension_obj, name, slug=None, **kwargs):
    from monitoring.models import Auspraegung, kurzname

    return Auspraegung.objects.create(
        dimension=dimension_obj, name=name, slug=slug or kurzname(name), **kwargs
    )


def indikator(kennung, **kwargs):
    from monitoring.choices import Einheit
    from monitoring.models import Indikator

    handlungsfelder = kwargs.pop("handlungsfelder", [])
    ziele = kwargs.pop("ziele", {})  # {jahr: wert}
    kwargs.setdefault("name", f"Indikator {kennung}")
    kwargs.setdefault("kurzdefinition", f"Definition von {kennung}.")
    kwargs.setdefault("einheit", Einheit.PROZENT)
    kwargs.setdefault("datenquelle", "Kommunale Statistikstelle")
    obj = Indikator.objects.create(kennung=kennung, **kwargs)
    obj.handlungsfelder.set(handlungsfelder)
    for jahr, wert in ziele.items():
        from decimal import Decimal

        obj.ziele.create(jahr=jahr, wert=Decimal(str(wert)))
    return obj


def messwert(indikator_obj, jahr_oder_datum, wert, aufschluesselung="", **kwargs):
    """A Messwert; an int is a year (stored as 31.12.), a date a Stichtag."""
    from decimal import Decimal

    from monitoring.choices import Zeitart
    from monitoring.models import Messwert

    if isinstance(jahr_oder_datum, int):
        kwargs.setdefault("zeitart", Zeitart.JAHR)
        datum = date(jahr_oder_datum, 12, 31)
    else:
        kwargs.setdefault("zeitart", Zeitart.STICHTAG)
        datum = jahr_oder_datum
    return Messwert.objects.create(
        indikator=indikator_obj,
        datum=datum,
        wert=Decimal(str(wert)),
        aufschluesselung=aufschluesselung,
        **kwargs,
    )


def plan_mit_massnahmen(anzahl, akteure=None):
    """A Konzept with ``anzahl`` Maßnahmen spread over Handlungsfelder and Teilziele (3 per
    Teilziel, 3 Teilziele per Handlungsfeld), each with a federführender and another Akteur
    taken in turn from ``akteure`` (default: two new ones). For query-count checks at 1× and 10×.
    """
    akteure = akteure or [
        akteur(f"Plan-Amt {next(_zaehler)}"),
        akteur(f"Plan-Verein {next(_zaehler)}", seite=Seite.EXTERN),
    ]
    k = konzept()
    kap = kapitel(k)
    massnahmen = []
    buchstaben = "abc"
    for i in range(anzahl):
        if i % 9 == 0:
            hf = handlungsfeld(kap, f"5.{i // 9 + 1}")
        if i % 3 == 0:
            tz = teilziel(hf, (i // 3) % 3 + 1)
        m = massnahme(tz, buchstaben[i % 3])
        zustaendigkeit(m, akteure[i % len(akteure)], federfuehrend=True)
        zustaendigkeit(m, akteure[(i + 1) % len(akteure)])
        massnahmen.append(m)
    return massnahmen

"""Which Maßnahmen a typed search finds: the one rule for the list's ``q`` (page, API, admin
filter: measures/filtersets.py) and the Maßnahmen of the site-wide search (suche/).

A reference (``5.2 / 1 a``, ``5.2-1a``, ``5.2``: measures/referenzen.py) finds what it names.
Otherwise every word must occur (concept/volltext.py: folded, stemmed, also inside compounds) in
the measure's text or in the name or Kurzname of an Akteur responsible for it – so
``Hanse-Jobcenter`` or ``HJC`` finds the Jobcenter's measures. The internal note is never
searched: what it says must not show through a list of hits.
"""

from django.db.models import Exists, OuterRef, Q

from concept.volltext import alle_woerter_q, suchwoerter, wort_q
from measures.models import Akteur, Zustaendigkeit
from measures.referenzen import referenz_lesen

MASSNAHME_FELDER = ("text",)
AKTEUR_FELDER = ("name", "kurzname")


def akteur_nennt(wort, unscharf=False):
    """Q on Maßnahmen: an Akteur responsible for it has ``wort`` in its name or Kurzname."""
    akteure = Akteur.objects.filter(wort_q(wort, AKTEUR_FELDER, unscharf)).values("pk")
    return Q(Exists(Zustaendigkeit.objects.filter(massnahme=OuterRef("pk"), akteur__in=akteure)))


def massnahmen_suchen(queryset, eingabe, unscharf=False):
    """``queryset`` narrowed to the Maßnahmen ``eingabe`` finds (none for an empty search).

    ``unscharf``: typos too (PostgreSQL only, concept/volltext.py)."""
    referenz = referenz_lesen(eingabe)
    if referenz is not None:
        return queryset.filter(referenz.massnahmen_q())
    woerter = suchwoerter(eingabe)
    if not woerter:
        return queryset.none()
    return queryset.filter(
        alle_woerter_q(woerter, MASSNAHME_FELDER, weitere=akteur_nennt, unscharf=unscharf)
    )

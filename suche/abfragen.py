"""Running a search over every kind (suche/arten.py): one query per kind, whatever the data.

Each kind's query returns its first rows *and* the number of all its hits (a window count), so
a page costs the same number of queries with 10 or 10,000 rows and with or without hits.

PostgreSQL does two things more (the match itself is the same everywhere, concept/volltext.py):
- it ranks the hits of a kind with the ``german`` full-text configuration (``SearchRank`` over
  unaccented text), best first; SQLite keeps the concept's order;
- when no kind has a hit, it searches once more with typos allowed (``pg_trgm``), and the page
  says so ("Meinten Sie …" is not needed: the similar words are highlighted).
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Func, Window

from concept.volltext import suchwoerter
from suche.arten import ARTEN, ARTEN_NACH_SCHLUESSEL

# Hits per kind on the overview; "alle N anzeigen" leads on.
JE_ART = 5
# Hits per page when one kind is shown.
JE_SEITE = 25


@dataclass
class Gruppe:
    art: object
    eintraege: list
    anzahl: int
    # Where all hits of this kind are: the filtered list, else this page for this kind.
    alle_adresse: str | None = None
    seite: int = 1
    seiten: int = 1


@dataclass
class Ergebnis:
    woerter: list
    gruppen: list = field(default_factory=list)
    unscharf: bool = False

    @property
    def anzahl(self):
        return sum(gruppe.anzahl for gruppe in self.gruppen)


def _rang(art, woerter):
    """PostgreSQL: the hits' full-text rank (german configuration, over unaccented text)."""
    vektor = SearchVector(
        *(Func(F(feld), function="unaccent") for feld in art.felder), config="german"
    )
    # Quoted lexemes with a prefix; the words are letters and digits only (concept/volltext.py).
    anfrage = SearchQuery(
        " | ".join(f"'{wort.gefaltet}':*" for wort in woerter), search_type="raw", config="german"
    )
    return SearchRank(vektor, anfrage)


def _zeilen(art, woerter, eingabe, unscharf, von, bis):
    queryset = art.treffer(woerter, eingabe, unscharf).annotate(gesamt_treffer=Window(Count("pk")))
    reihenfolge = art.reihenfolge
    if connection.vendor == "postgresql" and art.felder:
        queryset = queryset.annotate(rang=_rang(art, woerter))
        reihenfolge = ("-rang", *reihenfolge)
    return list(queryset.order_by(*reihenfolge)[von:bis])


def _gruppe(art, woerter, eingabe, unscharf, seite, je_seite):
    von = (seite - 1) * je_seite
    zeilen = _zeilen(art, woerter, eingabe, unscharf, von, von + je_seite)
    anzahl = zeilen[0].gesamt_treffer if zeilen else 0
    return Gruppe(
        art=art,
        eintraege=[art.eintrag(zeile) for zeile in zeilen],
        anzahl=anzahl,
        seite=seite,
        seiten=max(1, -(-anzahl // je_seite)),
    )


def suchen(eingabe, art=None, seite=1):
    """The hits of ``eingabe``: all kinds (``JE_ART`` each) or one kind, page ``seite``."""
    woerter = suchwoerter(eingabe)
    ergebnis = Ergebnis(woerter=woerter)
    if not woerter:
        return ergebnis
    arten = [ARTEN_NACH_SCHLUESSEL[art]] if art else ARTEN
    je_seite = JE_SEITE if art else JE_ART
    seite = seite if art else 1
    ergebnis.gruppen = [_gruppe(a, woerter, eingabe, False, seite, je_seite) for a in arten]
    if not ergebnis.anzahl and connection.vendor == "postgresql":
        ergebnis.unscharf = True
        ergebnis.gruppen = [_gruppe(a, woerter, eingabe, True, seite, je_seite) for a in arten]
    return ergebnis

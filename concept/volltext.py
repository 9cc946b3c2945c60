"""German text matching: the one rule by which the site-wide search and the Maßnahmen list's
``q`` decide that a text matches the words someone typed.

The rule, the same on PostgreSQL and SQLite:

1. Both sides are *folded*: lower case, umlauts and accents without their marks, ß as ss, and
   the spellings ae/oe/ue as a/o/u (DIN 5007-2: "Strasse" = "Straße", "Maedchen" = "Mädchen"),
   hyphens and slashes as spaces. One table says how (``EINZELN``, ``MEHRFACH``).
2. Each typed word is reduced to its *stem* with the Snowball German stemmer (the algorithm of
   PostgreSQL's ``german`` configuration): "Sprachmittler" → ``sprachmittl``.
3. A text matches when every stem occurs in the folded text – anywhere, because German joins
   words ("Kita" finds "Sprachkitas", ``sprachmittl`` finds "Sprachmittlung"); a stem of at
   most three letters only at the start of a word ("EU" does not find "neue").

The database does not fold the text: the stem becomes a regular expression of every spelling
that folds to it (``muster``: ``strass`` → ``str(a|ä|ae|…)(ss|ß)``), and both databases run it
on the original text – PostgreSQL with its regex engine, SQLite with Python's ``re`` (Django's
REGEXP). Folding 50 KB of introductions in SQL per query cost tens of milliseconds; the regex
costs one.

Computed at query time, not kept in an index: the concept is a few hundred rows, a kind's query
executes in under a millisecond (``EXPLAIN ANALYZE``; ``make bench BENCH=suche`` for the whole
page), and nothing can go stale – not after ``QuerySet.update()``,
an import or a change in psql. PostgreSQL adds what only it can: the ``german`` full-text
configuration ranks the hits and ``pg_trgm`` finds words with typos (suche/abfragen.py).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Func, Q, TextField, Value
from django.db.models.lookups import GreaterThanOrEqual

# Folding after lower-casing: first letter by letter (upper case listed too: SQLite's LOWER()
# lowers ASCII only), then the replacements in their order – ß as ss, then the digraphs, so
# "Mädchen" and "Maedchen" both become "madchen". Hyphens and slashes become spaces, so
# "Hanse-Jobcenter" is two words like "Hanse Jobcenter".
_EINZELN_VON = "ÄÖÜäöüàáâãåÀÁÂÃÅçÇèéêëÈÉÊËìíîïÌÍÎÏñÑòóôõøÒÓÔÕØùúûÙÚÛ-/\u2011"
_EINZELN_NACH = "aouaouaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuu   "
EINZELN = str.maketrans(_EINZELN_VON, _EINZELN_NACH)
MEHRFACH = (("ẞ", "ss"), ("ß", "ss"), ("ae", "a"), ("oe", "o"), ("ue", "u"))

# Words that say nothing about what is sought; a query of only these asks for a better word.
_STOPPWOERTER = """aber alle allem allen aller alles als also am an auch auf aus bei bis da damit
    dann das dass dem den der des die dies diese diesem diesen dieser dieses durch ein eine einem
    einen einer eines es fur gegen hat im in ins ist mit nach nicht noch nur ob oder ohne sich sie
    sind so um und unter uber vom von vor wie wird zu zum zur zwischen"""
STOPPWOERTER = frozenset(_STOPPWOERTER.split())

# A stem this short matches only at the start of a word (see the module's docstring).
KURZER_STAMM = 3
# pg_trgm's word similarity from which a word counts as a typo of the typed one ("Sprachmitlung").
AEHNLICHKEIT = 0.5
# At most this many words of a query count (a bound for the SQL, and no one types more).
MAX_WOERTER = 8

_WORT_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=8192)
def falten(text):
    """``text`` folded as the database folds it (``Falten``)."""
    ergebnis = (text or "").lower().translate(EINZELN)
    for alt, neu in MEHRFACH:
        ergebnis = ergebnis.replace(alt, neu)
    return ergebnis


class Falten(Func):
    """PostgreSQL's SQL of ``falten`` (TRANSLATE and REPLACE), for pg_trgm's similarity."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        sql = f"TRANSLATE(LOWER({sql}), %s, %s)"
        params = [*params, _EINZELN_VON, _EINZELN_NACH]
        for alt, neu in MEHRFACH:
            sql = f"REPLACE({sql}, %s, %s)"
            params += [alt, neu]
        return sql, params


def _schreibweisen():
    """Folded letter → the regex of every spelling that folds to it ("a" → a, ä, ae, à …)."""
    varianten = {}
    for original, gefaltet in zip(_EINZELN_VON, _EINZELN_NACH, strict=True):
        if gefaltet != " ":
            varianten.setdefault(gefaltet, {gefaltet}).add(original)
    for original, gefaltet in MEHRFACH:
        if len(gefaltet) == 1:
            varianten.setdefault(gefaltet, {gefaltet}).add(original)
    return {
        buchstabe: "(" + "|".join(sorted(map(re.escape, formen), key=len, reverse=True)) + ")"
        for buchstabe, formen in varianten.items()
    }


_SCHREIBWEISEN = _schreibweisen()
_SS = "(ss|ß|ẞ)"


@lru_cache(maxsize=1024)
def muster(gefaltet):
    """A regular expression that finds, in *unfolded* text, what folds to ``gefaltet``.

    The database then needs no folded copy of the text: it matches the original directly (one
    regex per word, fast even over the long introductions), PostgreSQL with its own regex
    engine, SQLite with Python's (Django's REGEXP). Case is ignored by the lookup (iregex).
    """
    teile = []
    stelle = 0
    while stelle < len(gefaltet):
        if gefaltet.startswith("ss", stelle):
            teile.append(_SS)
            stelle += 2
            continue
        zeichen = gefaltet[stelle]
        teile.append(_SCHREIBWEISEN.get(zeichen, re.escape(zeichen)))
        stelle += 1
    return "".join(teile)


@lru_cache(maxsize=4096)
def stamm(wort):
    """The Snowball German stem of a folded word ("sprachmittler" → "sprachmittl")."""
    if wort.isdigit() or len(wort) <= 2:
        return wort
    return _stemmer.stemWord(wort)


@dataclass(frozen=True)
class Suchwort:
    """One typed word: folded, and the stem that must occur."""

    gefaltet: str
    stamm: str

    @property
    def nur_am_wortanfang(self):
        return len(self.stamm) <= KURZER_STAMM

    @property
    def regex(self):
        """The pattern the database looks for (``muster``; short stems at a word's start)."""
        davor = r"(^|\W)" if self.nur_am_wortanfang else ""
        return davor + muster(self.stamm)

    def passt_zu(self, wort):
        """Does this word match one (unfolded) word of a text? For highlighting."""
        return _kompiliert(self.regex).search(wort) is not None


@lru_cache(maxsize=1024)
def _kompiliert(regex):
    return re.compile(regex, re.IGNORECASE)


def suchwoerter(eingabe):
    """The words of a query that count: folded, without stop words and repeats, stemmed."""
    gesehen = set()
    ergebnis = []
    for gefaltet in _WORT_RE.findall(falten(eingabe)):
        if gefaltet in STOPPWOERTER or len(gefaltet) < 2 or gefaltet in gesehen:
            continue
        gesehen.add(gefaltet)
        ergebnis.append(Suchwort(gefaltet=gefaltet, stamm=stamm(gefaltet)))
    return ergebnis[:MAX_WOERTER]


def wort_q(wort, felder, unscharf=False):
    """Q: ``wort`` (a Suchwort) occurs in one of ``felder`` (field names or lookups).

    ``unscharf`` (PostgreSQL only, pg_trgm): also a word that is merely similar – a typo.
    """
    bedingung = Q()
    for feld in felder:
        if unscharf:
            aehnlichkeit = TrigramWordSimilarity(Value(wort.gefaltet), Falten(feld))
            bedingung |= Q(GreaterThanOrEqual(aehnlichkeit, AEHNLICHKEIT))
        bedingung |= Q(**{f"{feld}__iregex": wort.regex})
    return bedingung


def alle_woerter_q(suchwoerter_, felder, weitere=None, unscharf=False):
    """Q: every word occurs in one of ``felder`` – or satisfies ``weitere(wort, unscharf)``, a Q
    of its own (a Maßnahme's word may also stand in the name of a responsible Akteur)."""
    bedingung = Q()
    for wort in suchwoerter_:
        je_wort = wort_q(wort, felder, unscharf)
        if weitere is not None:
            je_wort |= weitere(wort, unscharf)
        bedingung &= je_wort
    return bedingung

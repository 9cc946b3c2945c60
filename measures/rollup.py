"""Progress roll-up, computed by the database.

DESIGN.md: Teilziel from its Maßnahmen, Handlungsfeld from its Teilziele, Konzept from its
Handlungsfelder; measures marked entfallen do not count (``Massnahme.objects.gezaehlt()`` is the
one definition of "counted"). Each level is the plain mean of the level below, so a Teilziel
with two measures weighs as much as one with six. Levels without any counted measure have no
progress (None) and do not enter the mean above them.

The rule is written once, as three stages of averages: per Teilziel the mean of its counted
measures (``_je_teilziel``, an ORM GROUP BY), per Handlungsfeld the mean of those Teilziel means,
per Konzept the mean of the Handlungsfeld means (``_eine_stufe_hoeher``), chained as CTEs in
``_baum_sql``. It is used in these shapes:

- ``fortschritt_baum()``: the whole tree (or one Konzept's, one Handlungsfeld's) in ONE query;
  three dicts ``{pk: value}``. For callers that need several levels at once without a row query
  to carry them (export, reports).
- ``handlungsfeld_fortschritt()``, ``konzept_fortschritt()``: annotations for a page whose row
  query is made anyway (the list of Handlungsfelder), so a value costs no query of its own: the
  same CTEs in a scalar subquery, computed once per statement, each row looking up its value.
- ``teilziel_fortschritt()``: stage 1 for the row's own measures, correlated on the Teilziel's
  index (a list of Teilziele would otherwise scan the whole tree once per row).
- ``mittel_der_mittel()`` / ``mittel_der_ebene()``: the same rule for states in memory.

All work grows with the measures once, not with measures × measures as the former per-measure
weights 1/n and 1/(n·m) did (tests/measures/test_rollup_baum.py holds every shape equal to
``mittel_der_mittel``).

What people and programs get is ``gerundet(wert)``: the one rounding of progress for API,
export, pages and reports (see there). "No value" is None everywhere (null in JSON, never 0).
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean
from typing import NamedTuple

from django.db import connection
from django.db.models import Avg, F, FloatField, Func, OuterRef, Subquery
from django.db.models.functions import Cast

from measures.choices import Status
from measures.models import Massnahme


def gerundet(wert, ganz=False):
    """Progress as it is published: one decimal, half up; ``ganz``: whole percent for display.

    - None (no counted measure) stays None: null in the API and export, a dash or "noch nicht
      messbar" on pages and in reports – never 0, which would read as "not started".
    - The weighted SQL sum and the Python mean differ in the last bits of a float (33.33…3 vs
      33.33…4, 12.25 vs 12.249999…); cutting at nine places first lets both round alike.
    - Whole percent is taken from the one-decimal value, so a page never contradicts the API
      (12.45 → 12.5 → 13, not 12).
    - A whole number is an ``int`` (50, not 50.0), a fraction a ``float`` (33.3).
    """
    if wert is None:
        return None
    zahl = Decimal(repr(float(wert))).quantize(Decimal("1e-9"))
    zahl = zahl.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if ganz:
        zahl = zahl.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return int(zahl) if zahl == zahl.to_integral_value() else float(zahl)


def _gezaehlte_massnahmen():
    return Massnahme.objects.gezaehlt().order_by()


# Column names of the stages (aliases of our own, not table columns).
TZ, HF, KO, WERT = "tz", "hf", "ko", "wert"


def _je_teilziel(massnahmen, *ueber):
    """Stage 1, an ORM query: per Teilziel the mean of its counted measures (GROUP BY).

    Columns tz (the Teilziel), those of ``ueber`` (hf: its Handlungsfeld, ko: its Konzept; only
    what the stages above need, each is a join) and wert. AVG of a float: on PostgreSQL AVG of
    an integer column would be numeric.
    """
    pfade = {HF: "teilziel__handlungsfeld_id", KO: "teilziel__handlungsfeld__konzept_id"}
    spalten = {TZ: F("teilziel_id"), **{spalte: F(pfade[spalte]) for spalte in ueber}}
    wert = Avg(Cast("fortschritt", FloatField()), output_field=FloatField())
    return massnahmen.values(**spalten).annotate(**{WERT: wert})


def _eine_stufe_hoeher(von, *gruppe):
    """SQL of the next stage: the plain mean of the means in ``von``, per ``gruppe``.

    The one place where a level becomes the mean of the level below (stages 2 and 3, in the
    tree and in the annotations). AVG skips no row here, since every row of a stage below has
    a value.
    """
    q = connection.ops.quote_name
    spalten = "".join(f"{q(spalte)}, " for spalte in gruppe)
    sql = f"SELECT {spalten}AVG({q(WERT)}) AS {q(WERT)} FROM {von}"
    if gruppe:
        sql += " GROUP BY " + ", ".join(q(spalte) for spalte in gruppe)
    return sql


# --- one query for a whole tree ----------------------------------------------------------------


class Fortschritt(NamedTuple):
    """``{pk: value}`` per level; a level without counted measures is absent (``.get`` → None)."""

    teilziele: dict
    handlungsfelder: dict
    konzepte: dict


def _baum_sql(massnahmen, connection):
    """The three stages over the counted ``massnahmen`` as CTEs, and the parameters.

    The last CTE, ``baum``, has the rows ``(ebene, pk, wert)``: ebene 0 = Teilziel,
    1 = Handlungsfeld, 2 = Konzept. MATERIALIZED: computed once per statement, also where the
    CTE sits in a correlated subquery (the annotations), which then only look up one row.
    Table and column names come from the ORM, values are parameters.
    """
    stufe_1 = _je_teilziel(massnahmen, HF, KO).query.get_compiler(connection=connection)
    sql, params = stufe_1.as_sql()
    q = connection.ops.quote_name
    return (
        f"WITH stufe_tz AS MATERIALIZED ({sql}), "
        f"stufe_hf AS MATERIALIZED ({_eine_stufe_hoeher('stufe_tz', HF, KO)}), "
        f"stufe_ko AS MATERIALIZED ({_eine_stufe_hoeher('stufe_hf', KO)}), "
        f"baum AS MATERIALIZED ("
        f"SELECT 0 AS ebene, {q(TZ)} AS pk, {q(WERT)} AS {q(WERT)} FROM stufe_tz "
        f"UNION ALL SELECT 1, {q(HF)}, {q(WERT)} FROM stufe_hf "
        f"UNION ALL SELECT 2, {q(KO)}, {q(WERT)} FROM stufe_ko)"
    ), params


def fortschritt_baum(konzept=None, handlungsfeld=None):
    """Progress of every Teilziel, Handlungsfeld and Konzept in one query: ``Fortschritt``.

    ``konzept`` / ``handlungsfeld`` (instance or pk) restrict the tree to one Konzept or one
    Handlungsfeld; for one Handlungsfeld the Konzept level is left out (it would be the mean of
    that Handlungsfeld alone, not the Konzept's progress).
    """
    massnahmen = _gezaehlte_massnahmen()
    if konzept is not None:
        massnahmen = massnahmen.filter(teilziel__handlungsfeld__konzept=konzept)
    if handlungsfeld is not None:
        massnahmen = massnahmen.filter(teilziel__handlungsfeld=handlungsfeld)
    sql, params = _baum_sql(massnahmen, connection)
    ebenen = ({}, {}, {})
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT ebene, pk, wert FROM baum", params)
        for ebene, pk, wert in cursor.fetchall():
            ebenen[ebene][pk] = float(wert)
    if handlungsfeld is not None:
        ebenen[2].clear()
    return Fortschritt(*ebenen)


# --- the same tree as annotations of a row query --------------------------------------------------


class _AusDemBaum(Func):
    """The value of the annotated row in a stage of the tree of ``_baum_sql`` (all Konzepte).

    A scalar subquery whose CTEs do not depend on the row: the database computes the tree once
    per statement and looks up each row's value in the (small) stage of that level – PostgreSQL
    rescans a materialized CTE whose inputs did not change, SQLite runs an uncorrelated CTE
    once. So a list of Handlungsfelder costs one pass over the measures, not one per row.
    """

    output_field = FloatField()

    def __init__(self, stufe, spalte):
        self.stufe, self.spalte = stufe, spalte
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra_context):
        baum, params = _baum_sql(_gezaehlte_massnahmen(), connection)
        pk_sql, pk_params = compiler.compile(self.get_source_expressions()[0])
        q = connection.ops.quote_name
        sql = f"({baum} SELECT {q(WERT)} FROM {self.stufe} WHERE {q(self.spalte)} = {pk_sql})"
        return sql, (*params, *pk_params)


def teilziel_fortschritt():
    """Annotation for Teilziel querysets: mean progress of its counted measures.

    Stage 1 for the row's own measures (a correlated subquery on the Teilziel's index): a
    long list of Teilziele would scan the whole tree once per row otherwise.
    """
    massnahmen = _gezaehlte_massnahmen().filter(teilziel=OuterRef("pk"))
    return Subquery(_je_teilziel(massnahmen).values(WERT), output_field=FloatField())


def handlungsfeld_fortschritt():
    """Annotation for Handlungsfeld querysets: mean of its Teilziele's progress."""
    return _AusDemBaum("stufe_hf", HF)


def konzept_fortschritt():
    """Annotation for Konzept querysets: mean of its Handlungsfelder's progress."""
    return _AusDemBaum("stufe_ko", KO)


# --- the same rule in memory ----------------------------------------------------------------------


def mittel_der_mittel(eintraege):
    """The same roll-up for states in memory (a past Stichtag, snapshots, an Akteur's subset).

    ``eintraege``: ``(teilziel_pk, handlungsfeld_pk, status, fortschritt)`` per measure;
    entfallen (and a measure without status or progress) does not count. Returns
    ``(je_teilziel, je_handlungsfeld, gesamt)``; a level without counted measures is absent
    (``gesamt`` None).
    """
    werte = defaultdict(list)
    teilziel_hf = {}
    for tz_pk, hf_pk, status, fortschritt in eintraege:
        if status is not None and status != Status.ENTFALLEN and fortschritt is not None:
            werte[tz_pk].append(fortschritt)
            teilziel_hf[tz_pk] = hf_pk
    je_teilziel = {pk: fmean(liste) for pk, liste in werte.items()}
    je_hf_liste = defaultdict(list)
    for tz_pk, mittel in je_teilziel.items():
        je_hf_liste[teilziel_hf[tz_pk]].append(mittel)
    je_hf = {pk: fmean(liste) for pk, liste in je_hf_liste.items()}
    return je_teilziel, je_hf, mittel_der_ebene(je_hf.values())


def mittel_der_ebene(werte):
    """The next level up from the values of one level in memory: their mean, None left out.

    For a page that has all Handlungsfelder of a Konzept with their progress anyway (``/``):
    the Konzept's progress without computing the tree a second time.
    """
    vorhanden = [wert for wert in werte if wert is not None]
    return fmean(vorhanden) if vorhanden else None

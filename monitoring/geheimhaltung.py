"""Small-number protection (statistische Geheimhaltung): the one place of the rule.

Every public output – indicator page (chart, table, text alternative), CSV and JSON downloads
(also in the open-data zip), the REST API, the PDF reports and the latest value in indicator
lists – asks ``sperrliste()`` which Messwerte it must not publish, and shows them with
``ZEICHEN`` and ``legende()``. Only the admin shows the true values (to the Büro), with a mark.

The rule
--------
- Threshold: ``Indikator.mindestfallzahl``, else ``settings.MONITORING_MINDESTFALLZAHL``.
- *Primary suppression* applies to breakdown cells only (``aufschluesselung != ""``); a total is
  never suppressed for its own size. The case count of a cell is ``Messwert.fallzahl`` when
  set, else the value itself when the indicator counts (``Einheit.ANZAHL``). A share or mean
  without ``fallzahl`` cannot be judged and is published – the Büro must enter the case count
  for such indicators. A cell is suppressed when ``0 < Fallzahl < Mindestfallzahl``: a 0 is
  published, as in German official statistics (it says „nobody“, about no one in particular).
- *Secondary suppression*: a group is one Indikator, one date and one breakdown combination
  (``dimensionen``), e.g. all Geschlecht cells of 2019. When exactly one cell of a group is
  suppressed, it could be recomputed as total − sum of the others (the total may be published
  here, by the source, or be the sum of another breakdown – we do not try to know, so we
  always protect). Then the group's smallest other cell (smallest case count, then value) is
  suppressed too; if the group has no other cell, the total of that date is suppressed. This
  is applied to every unit (with published case counts a share is recomputable as well).
- Not covered: recomputing a cell of a multi-dimensional breakdown from the one-dimensional
  marginals (Geschlecht × Stadtbereich from Stadtbereich alone), and a suppressed total that
  another complete breakdown of the same date adds up to. These need a full cell-suppression
  solver (τ-ARGUS); the Büro should publish fine breakdowns only where such sums are not
  published.

Cost: one query (the primary cells, found by the database) and, only if there are any, a
second query for the cells of the affected groups – for any number of indicators and values.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, Q
from django.utils.translation import gettext as _

from monitoring.choices import Einheit
from monitoring.models import Messwert

# Destatis: „Zahlenwert unbekannt oder geheim zu halten“.
ZEICHEN = "•"


# The download column/field that marks a suppressed row (its value cell is empty): "ja" in the
# CSV, true in the JSON. The import skips such rows – never a value, never a 0.
SPALTE = "gesperrt"
CSV_JA = "ja"


def als_gesperrt_markiert(zelle):
    """True if a download's ``gesperrt`` cell (CSV "ja", JSON true) marks a suppressed row."""
    return str(zelle or "").strip().lower() in {CSV_JA, "true", "1", ZEICHEN}


def standard_mindestfallzahl():
    return settings.MONITORING_MINDESTFALLZAHL


def mindestfallzahl(indikator):
    """The threshold of ``indikator``: its own, else the setting."""
    if indikator.mindestfallzahl is not None:
        return indikator.mindestfallzahl
    return standard_mindestfallzahl()


def legende(schwelle):
    """The legend line shown wherever a suppressed value appears."""
    return _("%(zeichen)s = Wert geheim gehalten (weniger als %(n)s Fälle)") % {
        "zeichen": ZEICHEN,
        "n": schwelle,
    }


def _primaer(messwerte):
    """``messwerte`` narrowed to the breakdown cells below their indicator's threshold.

    Written as two plain branches (case count given / a count without one) rather than one
    CASE expression, so that the database compares integers first and casts nothing.
    """
    schwelle = F("indikator__mindestfallzahl")
    standard = standard_mindestfallzahl()
    klein_gezaehlt = Q(fallzahl__gt=0) & (
        Q(indikator__mindestfallzahl__isnull=True, fallzahl__lt=standard)
        | Q(indikator__mindestfallzahl__isnull=False, fallzahl__lt=schwelle)
    )
    kleine_anzahl = Q(fallzahl__isnull=True, indikator__einheit=Einheit.ANZAHL, wert__gt=0) & (
        Q(indikator__mindestfallzahl__isnull=True, wert__lt=standard)
        | Q(indikator__mindestfallzahl__isnull=False, wert__lt=schwelle)
    )
    # Breakdown cells as ``dimensionen > ""`` (the same as ``aufschluesselung != ""``): a range
    # of the series index (indikator, dimensionen, …), so one indicator's rows are read, not all.
    return messwerte.filter(dimensionen__gt="").filter(klein_gezaehlt | kleine_anzahl).order_by()


def kleine_zelle_am(indikator, datum):
    """``Exists``: the Indikator has a primarily suppressed cell at ``datum`` (``OuterRef``s);
    only then can its total of that date be suppressed."""
    return Exists(_primaer(Messwert.objects.filter(indikator=indikator, datum=datum)))


@dataclass
class Sperrliste:
    """The Messwerte not to publish, as keys ``(indikator_id, datum, aufschluesselung)``."""

    schluessel: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.schluessel)

    def gesperrt(self, indikator_id, datum, aufschluesselung):
        return (indikator_id, datum, aufschluesselung) in self.schluessel

    def enthaelt(self, messwert):
        return self.gesperrt(messwert.indikator_id, messwert.datum, messwert.aufschluesselung)

    def markieren(self, messwerte):
        """Set ``gesperrt`` on Messwert objects and keep their values (the admin's view)."""
        for m in messwerte:
            m.gesperrt = self.enthaelt(m)
        return messwerte

    def anwenden(self, messwerte):
        """Mark Messwert objects in place: a suppressed one gets ``wert = fallzahl = None`` and
        ``gesperrt = True`` (every other one ``gesperrt = False``); returns ``messwerte``."""
        for m in self.markieren(messwerte):
            if m.gesperrt:
                m.wert = None
                m.fallzahl = None
        return messwerte


def fuer(indikator):
    """The Sperrliste of one Indikator, computed once per object (a page reads several series)."""
    if not hasattr(indikator, "_sperrliste"):
        indikator._sperrliste = sperrliste([indikator.pk])
    return indikator._sperrliste


def sperrliste(indikatoren):
    """The Sperrliste for ``indikatoren`` (Indikator objects, ids or a queryset); ≤ 2 queries."""
    primaer = list(
        _primaer(Messwert.objects.filter(indikator__in=indikatoren)).values_list(
            "indikator_id", "datum", "dimensionen", "aufschluesselung"
        )
    )
    if not primaer:
        return Sperrliste()
    ergebnis = {(i, d, a) for i, d, _dim, a in primaer}
    je_gruppe = defaultdict(list)
    for i, d, dim, a in primaer:
        je_gruppe[(i, d, dim)].append(a)
    # Groups where one published sum would reveal the one suppressed cell.
    einzeln = {gruppe: zellen[0] for gruppe, zellen in je_gruppe.items() if len(zellen) == 1}
    if not einzeln:
        return Sperrliste(ergebnis)
    ids = {i for i, _d, _dim in einzeln}
    daten = {d for _i, d, _dim in einzeln}
    kombinationen = {dim for _i, _d, dim in einzeln}
    andere = defaultdict(list)
    gesamt = set()
    for i, d, dim, a, wert, faelle in (
        Messwert.objects.filter(indikator_id__in=ids, datum__in=daten)
        .filter(Q(dimensionen__in=kombinationen) | Q(aufschluesselung=""))
        .values_list("indikator_id", "datum", "dimensionen", "aufschluesselung", "wert", "fallzahl")
    ):
        if a == "":
            gesamt.add((i, d))
        elif (i, d, dim) in einzeln and a != einzeln[(i, d, dim)]:
            andere[(i, d, dim)].append((faelle if faelle is not None else wert, wert, a))
    for (i, d, dim), _zelle in einzeln.items():
        if kandidaten := andere.get((i, d, dim)):
            ergebnis.add((i, d, min(kandidaten)[2]))
        elif (i, d) in gesamt:
            ergebnis.add((i, d, ""))
    return Sperrliste(ergebnis)


def letzte_werte_pruefen(indikatoren):
    """Indikatoren annotated by ``mit_letztem_wert()``: a latest total that is suppressed (the
    rare case of a group with one single small cell) loses its value and gets
    ``letzter_gesperrt = True``; no query unless a latest total has a small cell beside it
    (``letzter_pruefen``), then ≤ 2 for the whole list. Returns the list."""
    indikatoren = list(indikatoren)
    mit_wert = [
        i.pk
        for i in indikatoren
        if getattr(i, "letztes_datum", None) and getattr(i, "letzter_pruefen", True)
    ]
    sperren = sperrliste(mit_wert) if mit_wert else Sperrliste()
    for i in indikatoren:
        i.letzter_gesperrt = bool(mit_wert) and sperren.gesperrt(i.pk, i.letztes_datum, "")
        if i.letzter_gesperrt:
            i.letzter_wert = None
    return indikatoren

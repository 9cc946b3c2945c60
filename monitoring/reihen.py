"""Series of an Indikator for pages, charts and reports, read with a fixed number of queries.

A page shows one breakdown combination at a time (``dimensionen``: ``""`` for the total,
``geschlecht``, ``geschlecht;stadtbereich`` …) and at most ``MAX_REIHEN`` series of it; the
download always has every value.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from monitoring import charts
from monitoring.choices import Einheit, Messstatus
from monitoring.formatierung import datum_anzeige, einheit_text, wert_anzeige, zahl_anzeige
from monitoring.models import PAAR_TRENNER, Auspraegung, Dimension, Messwert, paare

MAX_REIHEN = 8
# The checkboxes list at most this many series of one combination; the rest are in the download.
MAX_AUSWAHL = 100


def kombinationen(indikator):
    """``[(dimensionen, label)]`` of the breakdowns this Indikator has values for (2 queries)."""
    vorhanden = _vorhandene_kombinationen(indikator.pk)
    namen = dict(Dimension.objects.values_list("slug", "name"))
    ergebnis = []
    for kombination in vorhanden:
        if kombination:
            label = _("nach %(dim)s") % {
                "dim": " × ".join(namen.get(s, s) for s in kombination.split(PAAR_TRENNER))
            }
        else:
            label = _("insgesamt")
        ergebnis.append((kombination, label))
    return ergebnis


def _vorhandene_kombinationen(indikator_pk):
    """The distinct ``dimensionen`` of one Indikator's values, in order (1 query).

    ``SELECT DISTINCT`` reads every value of the indicator (a sequential scan of 100,000 rows:
    0.1 s, make bench); neither PostgreSQL 15 nor SQLite skips through an index by themselves.
    This recursive query does: it asks the series index (indikator, dimensionen, …) once per
    combination for the next larger one – a dozen index probes instead of 100,000 rows.
    """
    tabelle = connection.ops.quote_name(Messwert._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE k(dimensionen) AS (
                SELECT MIN(dimensionen) FROM {tabelle} WHERE indikator_id = %s
                UNION ALL
                SELECT (
                    SELECT MIN(m.dimensionen) FROM {tabelle} m
                    WHERE m.indikator_id = %s AND m.dimensionen > k.dimensionen
                )
                FROM k WHERE k.dimensionen IS NOT NULL
            )
            SELECT dimensionen FROM k WHERE dimensionen IS NOT NULL
            """,
            [indikator_pk, indikator_pk],
        )
        return [zeile[0] for zeile in cursor.fetchall()]


def beschriftung(aufschluesselung, beschriftungen):
    """``Geschlecht: weiblich, Stadtbereich: Groß Klein``; ``insgesamt`` for the total."""
    if not aufschluesselung:
        return _("insgesamt")
    teile = []
    for d, a in paare(aufschluesselung):
        dim, aus = beschriftungen.get((d, a), (d, a))
        teile.append(aus if len(aufschluesselung.split(PAAR_TRENNER)) == 1 else f"{dim}: {aus}")
    return ", ".join(teile)


@dataclass
class Serie:
    aufschluesselung: str
    name: str
    messwerte: list = field(default_factory=list)

    @property
    def deutsch(self):
        """A breakdown's name is data (dimension and value: "Geschlecht: weiblich"), German on
        every page; only the total's "insgesamt" is translated (WCAG 3.1.2)."""
        return bool(self.aufschluesselung)


def _schluessel(indikator, dimensionen, grenze):
    """The first ``grenze`` series keys of one combination, in key order (1 query)."""
    return list(
        Messwert.objects.filter(indikator=indikator, dimensionen=dimensionen)
        .order_by("aufschluesselung")
        .values_list("aufschluesselung", flat=True)
        .distinct()[:grenze]
    )


def reihen_der_kombination(indikator, dimensionen, grenze=MAX_AUSWAHL):
    """``[(key, label)]``: the series one may choose in a combination (2 queries)."""
    schluessel = _schluessel(indikator, dimensionen, grenze)
    beschriftungen = Auspraegung.objects.beschriftungen() if schluessel else {}
    return [(s, beschriftung(s, beschriftungen)) for s in schluessel]


def serien(indikator, dimensionen="", max_reihen=MAX_REIHEN, auswahl=None):
    """``(serien, weitere)``: up to ``max_reihen`` series of one combination (3 queries).

    ``auswahl``: ``[(key, label)]`` of the series the reader chose (checkboxes), in their
    order; without it the first ``max_reihen`` keys of the combination (2 queries then).
    """
    if auswahl is None:
        schluessel = _schluessel(indikator, dimensionen, max_reihen + 1)
        weitere = len(schluessel) > max_reihen
        schluessel = schluessel[:max_reihen]
        beschriftungen = Auspraegung.objects.beschriftungen() if schluessel and dimensionen else {}
        namen = {s: beschriftung(s, beschriftungen) for s in schluessel}
    else:
        weitere = len(auswahl) > max_reihen
        namen = dict(auswahl[:max_reihen])
        schluessel = list(namen)
    if not schluessel:
        return [], False
    nach_schluessel = OrderedDict((s, Serie(s, namen[s])) for s in schluessel)
    # dimensionen as well, although the keys imply it: only then can the series index
    # (indikator, dimensionen, aufschluesselung, datum) find the rows (EXPLAIN at 100,000 values:
    # a sequential scan without it).
    for m in Messwert.objects.filter(
        indikator=indikator, dimensionen=dimensionen, aufschluesselung__in=schluessel
    ).order_by("aufschluesselung", "datum"):
        nach_schluessel[m.aufschluesselung].messwerte.append(m)
    return list(nach_schluessel.values()), weitere


def gezeigte_serien(indikator, kombination, gesamt, angeboten, gewaehlt, max_reihen=MAX_REIHEN):
    """``(serien, weitere)`` the page shows: the headline series (the total) first, then the
    chosen breakdown series of ``kombination`` (1 query for those).

    ``gesamt``: the total's Messwerte (the page has read them for the trend); ``angeboten``:
    ``[(key, label)]`` of the checkboxes, ``""`` the total; ``gewaehlt``: the chosen keys, or
    None for the default – the total and the first series of the breakdown, ``max_reihen`` in
    all. ``weitere``: the default left series out.
    """
    kopf = [Serie("", _("insgesamt"), gesamt)] if gesamt else []
    if not kombination:
        return kopf, False
    if gewaehlt is None:
        auswahl = [(k, name) for k, name in angeboten if k][: max_reihen - len(kopf)]
        weitere = len(angeboten) > max_reihen
    else:
        kopf = kopf if "" in gewaehlt else []
        auswahl = [(k, name) for k, name in angeboten if k and k in gewaehlt]
        weitere = False
    aufgeschluesselt = serien(indikator, kombination, max_reihen, auswahl)[0] if auswahl else []
    return kopf + aufgeschluesselt, weitere


def gesamtreihe(indikator):
    """The total series, ordered by date (1 query)."""
    return list(
        Messwert.objects.filter(indikator=indikator, dimensionen="", aufschluesselung="").order_by(
            "datum"
        )
    )


def _wert_text(m, indikator):
    text = wert_anzeige(m.wert, indikator, m.genauigkeit)
    if m.status == Messstatus.VORLAEUFIG:
        text = f"{text} ({Messstatus.VORLAEUFIG.label})"
    return text


def diagramm(indikator, serien_liste, kennung="diagramm"):
    reihen = [
        charts.Reihe(
            name=s.name,
            deutsch=s.deutsch,
            punkte=[
                charts.Punkt(
                    datum=m.datum,
                    wert=float(m.wert),
                    datum_text=datum_anzeige(m.datum, m.zeitart),
                    wert_text=_wert_text(m, indikator),
                )
                for m in s.messwerte
            ],
        )
        for s in serien_liste
    ]
    einheit = einheit_text(indikator) or Einheit(indikator.einheit).label
    return charts.liniendiagramm(
        indikator.name,
        reihen,
        x_titel=_("Zeit"),
        y_titel=f"{_('Wert')} ({einheit})",
        tick_text=lambda t: zahl_anzeige(t, 0 if float(t).is_integer() else 2),
        kennung=f"{kennung}-{indikator.kennung}",
        ganzzahlig=indikator.einheit == Einheit.ANZAHL or indikator.nachkommastellen == 0,
        ziel=_ziel(indikator),
    )


def _ziel(indikator):
    """``(value, „Zielwert: 30 % bis 2025“)`` of an indicator with a target, else None."""
    if indikator.zielwert is None:
        return None
    text = _("Zielwert: %(wert)s") % {"wert": wert_anzeige(indikator.zielwert, indikator)}
    if indikator.zieljahr:
        text = _("%(ziel)s bis %(jahr)s") % {"ziel": text, "jahr": indikator.zieljahr}
    return indikator.zielwert, text


def tabelle(indikator, serien_liste):
    """Rows of dates × columns of series, as the data table beside the chart shows them."""
    daten = {}
    for s in serien_liste:
        for m in s.messwerte:
            daten.setdefault(m.datum, datum_anzeige(m.datum, m.zeitart))
    zellen = {
        (s.aufschluesselung, m.datum): _wert_text(m, indikator)
        for s in serien_liste
        for m in s.messwerte
    }
    return {
        # (name, German?) per column: the template marks the German ones with lang="de".
        "kopf": [(s.name, s.deutsch) for s in serien_liste],
        "zeilen": [
            (text, [zellen.get((s.aufschluesselung, datum), "–") for s in serien_liste])
            for datum, text in sorted(daten.items())
        ],
    }


def nach_handlungsfeld(indikatoren):
    """``[(Handlungsfeld or None, [Indikator])]`` in concept order; unlinked ones last.

    ``indikatoren`` must have ``handlungsfelder`` prefetched.
    """
    gruppen = {}
    ohne = []
    for indikator in indikatoren:
        hfs = list(indikator.handlungsfelder.all())
        if not hfs:
            ohne.append(indikator)
        for hf in hfs:
            gruppen.setdefault(hf, []).append(indikator)
    geordnet = sorted(gruppen.items(), key=lambda e: (e[0].konzept_id, e[0].sortierung))
    if ohne:
        geordnet.append((None, ohne))
    return geordnet

"""Series of an Indikator for pages, charts and reports, read with a fixed number of queries.

A page shows one breakdown combination at a time (``dimensionen``: ``""`` for the total,
``geschlecht``, ``geschlecht;stadtbereich`` …) and at most ``MAX_REIHEN`` series of it; the
download always has every value.

Small-number protection happens here, where the series are read (``geheimhaltung.fuer``): a
suppressed Messwert keeps its place with ``wert = None`` and ``gesperrt = True``; the table
shows ``geheimhaltung.ZEICHEN`` and the legend, the chart draws no point and its text
alternative says „geheim gehalten“.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils.translation import gettext as _

from monitoring import charts, geheimhaltung
from monitoring.choices import Einheit, Messstatus, Zeitart
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
    sperren = geheimhaltung.fuer(indikator)
    for s in nach_schluessel.values():
        sperren.anwenden(s.messwerte)
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
    """The total series, ordered by date (1 query, and the indicator's Sperrliste once)."""
    return geheimhaltung.fuer(indikator).anwenden(
        list(
            Messwert.objects.filter(
                indikator=indikator, dimensionen="", aufschluesselung=""
            ).order_by("datum")
        )
    )


def _wert_text(m, indikator):
    if getattr(m, "gesperrt", False) or m.wert is None:
        # suppressed (small-number protection): the symbol, never the value
        return geheimhaltung.ZEICHEN
    text = wert_anzeige(m.wert, indikator, m.genauigkeit)
    if m.status == Messstatus.VORLAEUFIG:
        text = f"{text} ({Messstatus.VORLAEUFIG.label})"
    return text


# --- Targets, definition changes, comparison series, footnotes -------------------------------
# They come from ``indikator.ziele/definitionen/vergleichswerte.all()``: views and reports
# prefetch them, so that chart, table and Stand share one query each.


def ziele(indikator):
    """The Zielwerte of an indicator, by year."""
    return sorted(indikator.ziele.all(), key=lambda z: z.jahr)


def definitionsaenderungen(indikator):
    """The Definitionsversionen of an indicator, by date."""
    return sorted(indikator.definitionen.all(), key=lambda d: d.gueltig_ab)


def ziel_text(ziel, indikator):
    """„Zielwert: 8,00 % bis 2030“."""
    return _("Zielwert: %(wert)s bis %(jahr)s") % {
        "wert": wert_anzeige(ziel.wert, indikator),
        "jahr": ziel.jahr,
    }


def bruch_text(definition):
    """„Definition geändert (01.01.2021)“: the label of a series break."""
    return _("Definition geändert (%(datum)s)") % {
        "datum": datum_anzeige(definition.gueltig_ab, Zeitart.STICHTAG)
    }


@dataclass
class Vergleichsserie:
    """Land or Bund values for one breakdown shown on the page (same ``aufschluesselung``)."""

    gebiet: str
    aufschluesselung: str
    name: str
    werte: list = field(default_factory=list)  # Vergleichswert, by date

    deutsch = True  # „Vergleich: Mecklenburg-Vorpommern“ names a German place


def vergleichsserien(indikator, serien_liste):
    """The comparison series that match the shown series' breakdowns, in the order of the
    series, Land before Bund."""
    namen = {s.aufschluesselung: s.name for s in serien_liste}
    gruppen = OrderedDict()
    werte = sorted(
        (v for v in indikator.vergleichswerte.all() if v.aufschluesselung in namen),
        key=lambda v: (list(namen).index(v.aufschluesselung), v.gebiet != "land", v.datum),
    )
    for v in werte:
        schluessel = (v.aufschluesselung, v.gebiet, v.gebiet_name)
        if schluessel not in gruppen:
            name = _("Vergleich: %(gebiet)s") % {"gebiet": v.gebiet_name}
            if v.aufschluesselung:
                name = f"{name} – {namen[v.aufschluesselung]}"
            gruppen[schluessel] = Vergleichsserie(v.gebiet, v.aufschluesselung, name)
        gruppen[schluessel].werte.append(v)
    return list(gruppen.values())


def _erste_nach_bruch(serie_werte, definitionen):
    """``{id(value): Definitionsversion}`` for the first value of a series on or after each
    definition change that has values before it."""
    markiert = {}
    for definition in definitionen:
        vorher = [w for w in serie_werte if w.datum < definition.gueltig_ab]
        nachher = [w for w in serie_werte if w.datum >= definition.gueltig_ab]
        if vorher and nachher:
            markiert[id(nachher[0])] = definition
    return markiert


@dataclass
class Anmerkungen:
    """Footnotes of what a page shows: one number per distinct text, in reading order; the
    chart and the table below it share the numbers."""

    liste: list = field(default_factory=list)  # [(number, text)]
    je_wert: dict = field(default_factory=dict)  # id(value) → [numbers]
    _nummern: dict = field(default_factory=dict)  # text → number

    def nummer(self, text):
        if text not in self._nummern:
            self._nummern[text] = len(self.liste) + 1
            self.liste.append((self._nummern[text], text))
        return self._nummern[text]

    def nummern(self, wert):
        return self.je_wert.get(id(wert), [])

    def fussnote(self, wert):
        """„1, 2“: the numbers of a value's footnotes as the chart writes them."""
        return ", ".join(str(n) for n in self.nummern(wert))


def anmerkungen(indikator, serien_liste, vergleiche):
    """Footnotes: each value's ``anmerkung`` and, at the first value after a definition
    change, what changed."""
    definitionen = definitionsaenderungen(indikator)
    ergebnis = Anmerkungen()
    gruppen = [s.messwerte for s in serien_liste] + [v.werte for v in vergleiche]
    for i, werte in enumerate(gruppen):
        brueche = _erste_nach_bruch(werte, definitionen) if i < len(serien_liste) else {}
        for w in werte:
            nummern = []
            if id(w) in brueche:
                d = brueche[id(w)]
                nummern.append(ergebnis.nummer(f"{bruch_text(d)}: {d.beschreibung}"))
            if w.anmerkung:
                nummern.append(ergebnis.nummer(w.anmerkung))
            if nummern:
                ergebnis.je_wert[id(w)] = nummern
    return ergebnis


def _vergleich_text(v, indikator):
    return wert_anzeige(v.wert, indikator)


def diagramm(indikator, serien_liste, kennung="diagramm", legende_im_bild=False):
    vergleiche = vergleichsserien(indikator, serien_liste)
    notizen = anmerkungen(indikator, serien_liste, vergleiche)
    gesperrt = [
        f"{s.name} {datum_anzeige(m.datum, m.zeitart)}"
        for s in serien_liste
        for m in s.messwerte
        if getattr(m, "gesperrt", False)
    ]
    reihen = [
        charts.Reihe(
            name=s.name,
            deutsch=s.deutsch,
            punkte=[
                charts.Punkt(
                    datum=m.datum,
                    wert=None if m.wert is None else float(m.wert),
                    datum_text=datum_anzeige(m.datum, m.zeitart),
                    wert_text=_wert_text(m, indikator),
                    fussnote=notizen.fussnote(m),
                )
                for m in s.messwerte
                if not getattr(m, "gesperrt", False)
            ],
        )
        for s in serien_liste
    ]
    reihen += [
        charts.Reihe(
            name=v.name,
            deutsch=True,
            vergleich=True,
            punkte=[
                charts.Punkt(
                    datum=w.datum,
                    wert=float(w.wert),
                    datum_text=datum_anzeige(w.datum, w.zeitart),
                    wert_text=_vergleich_text(w, indikator),
                    fussnote=notizen.fussnote(w),
                )
                for w in v.werte
            ],
        )
        for v in vergleiche
    ]
    einheit = einheit_text(indikator) or Einheit(indikator.einheit).label
    d = charts.liniendiagramm(
        indikator.name,
        reihen,
        x_titel=_("Zeit"),
        y_titel=f"{_('Wert')} ({einheit})",
        tick_text=lambda t: zahl_anzeige(t, 0 if float(t).is_integer() else 2),
        kennung=f"{kennung}-{indikator.kennung}",
        ganzzahlig=indikator.einheit == Einheit.ANZAHL or indikator.nachkommastellen == 0,
        ziele=[(date(z.jahr, 12, 31), z.wert, ziel_text(z, indikator)) for z in ziele(indikator)],
        brueche=[(d.gueltig_ab, bruch_text(d)) for d in definitionsaenderungen(indikator)],
        fussnoten=notizen.liste,
        legende_im_bild=legende_im_bild,
    )
    if gesperrt:
        # The chart draws no point for a suppressed value; its text alternative says so.
        d.beschreibung += " " + _(
            "Geheim gehalten (weniger als %(n)s Fälle), daher ohne Punkt: %(werte)s."
        ) % {"n": geheimhaltung.mindestfallzahl(indikator), "werte": "; ".join(gesperrt)}
    return d


@dataclass
class Zelle:
    text: str = "–"
    fussnoten: list = field(default_factory=list)  # footnote numbers
    gesperrt: bool = False  # suppressed value: the symbol stands for it

    def __str__(self):
        return self.text


def tabelle(indikator, serien_liste):
    """Rows of dates × columns of series (then comparison series, then targets), as the data
    table beside the chart shows them; footnotes numbered as in the chart."""
    vergleiche = vergleichsserien(indikator, serien_liste)
    notizen = anmerkungen(indikator, serien_liste, vergleiche)
    zielwerte = ziele(indikator)
    daten = {}
    for s in serien_liste:
        for m in s.messwerte:
            daten.setdefault(m.datum, datum_anzeige(m.datum, m.zeitart))
    for v in vergleiche:
        for w in v.werte:
            daten.setdefault(w.datum, datum_anzeige(w.datum, w.zeitart))
    for z in zielwerte:
        daten.setdefault(date(z.jahr, 12, 31), str(z.jahr))
    zellen = {
        (i, m.datum): Zelle(_wert_text(m, indikator), notizen.nummern(m), m.wert is None)
        for i, s in enumerate(serien_liste)
        for m in s.messwerte
    }
    versatz = len(serien_liste)
    zellen |= {
        (versatz + i, w.datum): Zelle(_vergleich_text(w, indikator), notizen.nummern(w))
        for i, v in enumerate(vergleiche)
        for w in v.werte
    }
    spalten = versatz + len(vergleiche)
    if zielwerte:
        zellen |= {
            (spalten, date(z.jahr, 12, 31)): Zelle(wert_anzeige(z.wert, indikator))
            for z in zielwerte
        }
        spalten += 1
    bruchdaten = [d.gueltig_ab for d in definitionsaenderungen(indikator)]
    geordnet = sorted(daten.items())
    kopf = [(s.name, s.deutsch) for s in serien_liste] + [(v.name, True) for v in vergleiche]
    if zielwerte:
        kopf.append((_("Zielwert"), False))
    gesperrt = any(getattr(m, "gesperrt", False) for s in serien_liste for m in s.messwerte)
    return {
        # Shown under the table wherever a suppressed cell appears.
        "legende": (
            geheimhaltung.legende(geheimhaltung.mindestfallzahl(indikator)) if gesperrt else ""
        ),
        # (name, German?) per column: the template marks the German ones with lang="de".
        "kopf": kopf,
        "zeilen": [
            (text, [zellen.get((i, datum), Zelle()) for i in range(spalten)])
            for datum, text in geordnet
        ],
        # Rows that begin a new definition: the first date on or after a change.
        "bruchzeilen": {
            next((n for n, (datum, _t) in enumerate(geordnet) if datum >= b), None)
            for b in bruchdaten
        }
        - {None, 0},
        "fussnoten": notizen.liste,
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

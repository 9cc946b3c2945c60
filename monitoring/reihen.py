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

from django.utils.translation import gettext as _

from monitoring import charts, geheimhaltung
from monitoring.choices import Einheit, Messstatus
from monitoring.formatierung import datum_anzeige, einheit_text, wert_anzeige, zahl_anzeige
from monitoring.models import PAAR_TRENNER, Auspraegung, Dimension, Messwert, paare

MAX_REIHEN = 8


def kombinationen(indikator):
    """``[(dimensionen, label)]`` of the breakdowns this Indikator has values for (2 queries)."""
    vorhanden = list(
        Messwert.objects.filter(indikator=indikator)
        .order_by("dimensionen")
        .values_list("dimensionen", flat=True)
        .distinct()
    )
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


def serien(indikator, dimensionen="", max_reihen=MAX_REIHEN):
    """``(serien, weitere)``: up to ``max_reihen`` series of one combination (3 queries)."""
    schluessel = list(
        Messwert.objects.filter(indikator=indikator, dimensionen=dimensionen)
        .order_by("aufschluesselung")
        .values_list("aufschluesselung", flat=True)
        .distinct()[: max_reihen + 1]
    )
    weitere = len(schluessel) > max_reihen
    schluessel = schluessel[:max_reihen]
    if not schluessel:
        return [], False
    beschriftungen = Auspraegung.objects.beschriftungen() if dimensionen else {}
    nach_schluessel = OrderedDict(
        (s, Serie(s, beschriftung(s, beschriftungen))) for s in schluessel
    )
    for m in Messwert.objects.filter(indikator=indikator, aufschluesselung__in=schluessel).order_by(
        "aufschluesselung", "datum"
    ):
        nach_schluessel[m.aufschluesselung].messwerte.append(m)
    sperren = geheimhaltung.fuer(indikator)
    for s in nach_schluessel.values():
        sperren.anwenden(s.messwerte)
    return list(nach_schluessel.values()), weitere


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
    if getattr(m, "gesperrt", False):
        return geheimhaltung.ZEICHEN
    text = wert_anzeige(m.wert, indikator, m.genauigkeit)
    if m.status == Messstatus.VORLAEUFIG:
        text = f"{text} ({Messstatus.VORLAEUFIG.label})"
    return text


def diagramm(indikator, serien_liste, kennung="diagramm"):
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
                    wert=float(m.wert),
                    datum_text=datum_anzeige(m.datum, m.zeitart),
                    wert_text=_wert_text(m, indikator),
                )
                for m in s.messwerte
                if not getattr(m, "gesperrt", False)
            ],
        )
        for s in serien_liste
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
        ziel=_ziel(indikator),
    )
    if gesperrt:
        # The chart draws no point for a suppressed value; its text alternative says so.
        d.beschreibung += " " + _(
            "Geheim gehalten (weniger als %(n)s Fälle), daher ohne Punkt: %(werte)s."
        ) % {"n": geheimhaltung.mindestfallzahl(indikator), "werte": "; ".join(gesperrt)}
    return d


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
    gesperrt = any(getattr(m, "gesperrt", False) for s in serien_liste for m in s.messwerte)
    return {
        # Shown under the table wherever a suppressed cell appears.
        "legende": (
            geheimhaltung.legende(geheimhaltung.mindestfallzahl(indikator)) if gesperrt else ""
        ),
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

"""Public pages of the monitoring: overview, indicator page, downloads (CSV and JSON)."""

import json
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from concept import lizenz
from concept.models import Handlungsfeld, Teilziel
from integration_portal import tabellen
from monitoring import geheimhaltung, kennzahlen, metadaten, reihen, trend
from monitoring.choices import Einheit
from monitoring.filtersets import GESAMT, MesswertFilterSet
from monitoring.formatierung import (
    datum_anzeige,
    datum_maschinell,
    differenz_anzeige,
    wert_anzeige,
    zahl_maschinell,
)
from monitoring.models import (
    PAAR_TRENNER,
    Dimension,
    Indikator,
    Messwert,
    Vergleichswert,
    dimensionen_von,
    paare,
)


def _indikatoren(request):
    return Indikator.objects.sichtbar_fuer(request.user).select_related("verantwortlich")


class IndikatorUebersichtView(ListView):
    """All indicators the reader may see, grouped by the Handlungsfelder they measure."""

    template_name = "monitoring/uebersicht.html"
    context_object_name = "indikatoren"

    def get_queryset(self):
        return (
            _indikatoren(self.request)
            .mit_letztem_wert()
            .prefetch_related(
                Prefetch(
                    "handlungsfelder",
                    queryset=Handlungsfeld.objects.im_aktuellen_konzept().order_by("sortierung"),
                ),
                "ziele",  # for „Ziel erreicht“ in the list
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indikatoren = geheimhaltung.letzte_werte_pruefen(context["indikatoren"])
        context["gruppen"] = reihen.nach_handlungsfeld(indikatoren)
        return context


class IndikatorView(DetailView):
    template_name = "monitoring/indikator.html"
    context_object_name = "indikator"
    slug_field = slug_url_kwarg = "kennung"

    def get_queryset(self):
        return _indikatoren(self.request).prefetch_related(
            Prefetch(
                "handlungsfelder",
                queryset=Handlungsfeld.objects.im_aktuellen_konzept().order_by("sortierung"),
            ),
            Prefetch(
                "teilziele",
                queryset=Teilziel.objects.im_aktuellen_konzept().select_related("handlungsfeld"),
            ),
            # Targets, definition changes and comparison values: chart, table and Stand read them.
            "ziele",
            "definitionen",
            "vergleichswerte",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indikator = self.object
        kombinationen = reihen.kombinationen(indikator)
        filterset = MesswertFilterSet(
            self.request.GET or None,
            queryset=Messwert.objects.none(),
            kombinationen=kombinationen,
            reihen_von=lambda dimensionen: reihen.reihen_der_kombination(indikator, dimensionen),
        )
        gewaehlt = filterset.kombination
        # The checkboxes: the total as "" (its key), then the series of the breakdown.
        angeboten = [("" if k == GESAMT else k, name) for k, name in filterset.reihen_auswahl]
        gesamt = reihen.gesamtreihe(indikator)
        serien, weitere = reihen.gezeigte_serien(
            indikator, gewaehlt, gesamt, angeboten, filterset.gewaehlte_reihen
        )
        gezeigt = {s.aufschluesselung for s in serien}
        context.update(
            # No checkboxes for the total alone: it is the only series there.
            reihen_auswahl=[
                (k or GESAMT, name, k in gezeigt, bool(k)) for k, name in angeboten if gewaehlt
            ],
            einheiten=self._einheiten(indikator),
            kennzahlen=(
                kennzahlen.kennzahlen(indikator, serien)
                if kennzahlen.als_kennzahlen(serien)
                else None
            ),
        )
        ziele = reihen.ziele(indikator)
        definitionen = reihen.definitionsaenderungen(indikator)
        # The trend and the latest value read published totals only (monitoring/geheimhaltung.py).
        veroeffentlicht = [m for m in gesamt if not m.gesperrt]
        stand = trend.stand(veroeffentlicht, ziele)
        context.update(
            filterset=filterset,
            kombinationen=kombinationen,
            gewaehlt=gewaehlt,
            serien=serien,
            weitere_reihen=weitere,
            max_reihen=reihen.MAX_REIHEN,
            diagramm=(
                reihen.diagramm(indikator, serien)
                if serien and context["kennzahlen"] is None
                else None
            ),
            tabelle=reihen.tabelle(indikator, serien),
            stand=stand,
            letzter_text=(
                wert_anzeige(stand.letzter.wert, indikator, stand.letzter.genauigkeit)
                if stand.letzter
                else ""
            ),
            letzter_stand=(
                datum_anzeige(stand.letzter.datum, stand.letzter.zeitart) if stand.letzter else ""
            ),
            vorheriger_stand=(
                datum_anzeige(stand.vorheriger.datum, stand.vorheriger.zeitart)
                if stand.vorheriger
                else ""
            ),
            differenz_text=differenz_anzeige(stand.differenz, indikator),
            ziele=[(z, wert_anzeige(z.wert, indikator)) for z in ziele],
            ziel_text=wert_anzeige(stand.ziel[1], indikator) if stand.ziel else "",
            abstand_text=differenz_anzeige(stand.abstand_zum_ziel, indikator),
            definitionen=definitionen,
            bewertung=trend.bewerten(
                [(m.datum, m.wert) for m in veroeffentlicht],
                indikator.richtung,
                ziele,
                [d.gueltig_ab for d in definitionen],
            ),
        )
        return context

    def _einheiten(self, indikator):
        """The same quantity in other units (``einheitengruppe``), this one included (1 query
        if it has a group): the page's unit selector."""
        if not indikator.einheitengruppe:
            return []
        return list(
            Indikator.objects.sichtbar_fuer(self.request.user)
            .filter(einheitengruppe=indikator.einheitengruppe)
            .order_by("sortierung", "name", "pk")
            .only("kennung", "einheit", "einheit_bezeichnung", "sortierung", "name")
        )


# --- Downloads -------------------------------------------------------------------------------


def _dimensionsspalten(messwerte):
    """The Dimensionen (in their order) that occur in ``messwerte``, and the labels of their
    Ausprägungen ``{(dimension, auspraegung): (name, name)}`` (3 queries)."""
    kombinationen = messwerte.order_by().values_list("dimensionen", flat=True).distinct()
    slugs = {s for k in kombinationen if k for s in k.split(PAAR_TRENNER)}
    dimensionen = list(Dimension.objects.filter(slug__in=slugs).prefetch_related("auspraegungen"))
    namen = {(d.slug, a.slug): (d.name, a.name) for d in dimensionen for a in d.auspraegungen.all()}
    return dimensionen, namen


def _zeilen(messwerte):
    felder = ("indikator__kennung", "datum", "zeitart", "aufschluesselung", "wert")
    felder += ("genauigkeit", "quelle", "status", "anmerkung")
    felder += ("indikator__name", "indikator__einheit", "indikator__einheit_bezeichnung")
    felder += ("indikator_id",)
    return (
        messwerte.order_by(
            "indikator__sortierung",
            "indikator__kennung",
            "dimensionen",
            "aufschluesselung",
            "datum",
        )
        .values_list(*felder)
        .iterator(chunk_size=2000)
    )


def _sperrliste(messwerte):
    """What the download must not publish: judged on all values of its indicators, so that a
    filter (``?von=``, ``?nach=``) can never change which cells are suppressed."""
    return geheimhaltung.sperrliste(messwerte.order_by().values("indikator_id"))


def download_kopf(antwort, dateiname):
    """A download's file name and its licence (``Link`` header, rel="license")."""
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    antwort["Link"] = lizenz.link_kopf()
    return antwort


def _einheit(einheit, einheit_bezeichnung):
    return " ".join(t for t in (Einheit(einheit).zeichen, einheit_bezeichnung) if t) or str(
        Einheit(einheit).label
    )


def vergleichswerte_zu(indikatoren, request=None):
    """The Land/Bund values of ``indikatoren`` for a download, filtered like its Messwerte
    (``nach``, ``von``, ``bis``; the filter was checked by ``_gefiltert`` before)."""
    werte = (
        Vergleichswert.objects.filter(indikator__in=indikatoren)
        .select_related("indikator")
        .order_by(
            "indikator__sortierung", "indikator__kennung", "gebiet", "aufschluesselung", "datum"
        )
    )
    filterset = MesswertFilterSet(
        request.GET if request else None, queryset=Messwert.objects.none()
    )
    if not (filterset.is_bound and filterset.is_valid()):
        return list(werte)
    daten = filterset.form.cleaned_data
    if daten.get("von"):
        werte = werte.filter(datum__year__gte=daten["von"])
    if daten.get("bis"):
        werte = werte.filter(datum__year__lte=daten["bis"])
    if "nach" in request.GET:
        return [v for v in werte if dimensionen_von(v.aufschluesselung) == daten.get("nach", "")]
    return list(werte)


def csv_antwort(messwerte, dateiname, *, excel_deutsch=False, vergleichswerte=()):
    """The long format of the import, one row per value: a download can be imported again.

    ``datum`` is a full ISO date (the end of the period: 2019 → 2019-12-31), so that a column
    never mixes ``2019`` and ``2019-12`` and pandas' ``parse_dates`` reads it; ``datumsart``
    (jahr, monat, stichtag) says how it is meant, ``zeitraum`` keeps the period as the concept
    writes it. ``excel_deutsch``: the variant for German Excel (tabellen.csv_zeilen).
    ``vergleichswerte``: Land/Bund values as rows after the city's, named in the column
    ``gebiet`` (empty for the city); the import reads over them.
    """
    dimensionen, namen = _dimensionsspalten(messwerte)
    sperren = _sperrliste(messwerte)
    kopf = ["indikator", "indikator_name", "datum", "datumsart", "zeitraum", "wert", "einheit"]
    kopf += ["gebiet"]
    kopf += [*(d.slug for d in dimensionen), "genauigkeit", "quelle", "status", "anmerkung"]
    # A suppressed value: the value cell is empty and ``gesperrt`` says "ja" (the import skips it).
    kopf += [geheimhaltung.SPALTE]

    def zeilen():
        for (
            kennung,
            datum,
            zeitart,
            schluessel,
            wert,
            genau,
            quelle,
            status,
            anm,
            name,
            einheit,
            einheit_bezeichnung,
            indikator_id,
        ) in _zeilen(messwerte):
            aus = {d: namen.get((d, a), (d, a))[1] for d, a in paare(schluessel)}
            gesperrt = sperren.gesperrt(indikator_id, datum, schluessel)
            # Text cells (names, source, note, Ausprägungen) are neutralised against formula
            # injection by the writer; the value stays a plain number, negative ones too.
            yield [
                kennung,
                name,
                datum,
                zeitart,
                datum_maschinell(datum, zeitart),
                "" if gesperrt else Decimal(zahl_maschinell(wert)),
                _einheit(einheit, einheit_bezeichnung),
                "",
                *(aus.get(d.slug, "") for d in dimensionen),
                genau,
                quelle,
                status,
                anm,
                geheimhaltung.CSV_JA if gesperrt else "",
            ]
        for v in vergleichswerte:
            aus = {d: namen.get((d, a), (d, a))[1] for d, a in paare(v.aufschluesselung)}
            i = v.indikator
            yield [
                i.kennung,
                i.name,
                v.datum,
                v.zeitart,
                datum_maschinell(v.datum, v.zeitart),
                Decimal(zahl_maschinell(v.wert)),
                _einheit(i.einheit, i.einheit_bezeichnung),
                v.gebiet_name,
                *(aus.get(d.slug, "") for d in dimensionen),
                "",
                v.quelle,
                "",
                v.anmerkung,
                "",  # comparison values are published figures of the Land/Bund, never suppressed
            ]

    inhalt = tabellen.csv_zeilen(kopf, zeilen(), excel_deutsch=excel_deutsch, bom=True)
    antwort = StreamingHttpResponse(inhalt, content_type="text/csv; charset=utf-8")
    endung = "-excel.csv" if excel_deutsch else ".csv"
    return download_kopf(antwort, dateiname + endung)


def _vergleich_json(v, namen):
    return {
        "indikator": v.indikator.kennung,
        "gebiet": v.gebiet,
        "gebiet_name": v.gebiet_name,
        "datum": datum_maschinell(v.datum, v.zeitart),
        "wert": zahl_maschinell(v.wert),
        "aufschluesselung": {d: namen.get((d, a), (d, a))[1] for d, a in paare(v.aufschluesselung)},
        "quelle": v.quelle,
        "anmerkung": v.anmerkung,
    }


def json_antwort(indikatoren, messwerte, dateiname, vergleichswerte=()):
    """Metadata and values; values are strings so that no decimal is rounded on the way.
    ``vergleichswerte`` (Land/Bund) go into their own list; the import reads over it."""
    dimensionen, namen = _dimensionsspalten(messwerte)
    sperren = _sperrliste(messwerte)
    kopf = json.dumps(
        {
            "lizenz": lizenz.lizenz_json(),
            "dimensionen": metadaten.dimensionen_beschreibung(dimensionen),
            "indikatoren": [metadaten.beschreibung(i) for i in indikatoren],
            "vergleichswerte": [_vergleich_json(v, namen) for v in vergleichswerte],
        },
        ensure_ascii=False,
    )[:-1]  # without the closing brace: the values follow

    def inhalt():
        yield kopf + ', "messwerte": ['
        for n, zeile in enumerate(_zeilen(messwerte)):
            kennung, datum, zeitart, schluessel, wert, genau, quelle, status, anm = zeile[:9]
            gesperrt = sperren.gesperrt(zeile[-1], datum, schluessel)
            eintrag = {
                "indikator": kennung,
                "datum": datum_maschinell(datum, zeitart),
                # A suppressed value is null with "gesperrt": true (the import skips it).
                "wert": None if gesperrt else zahl_maschinell(wert),
                geheimhaltung.SPALTE: gesperrt,
                "aufschluesselung": {d: namen.get((d, a), (d, a))[1] for d, a in paare(schluessel)},
                "genauigkeit": genau,
                "quelle": quelle,
                "status": status,
                "anmerkung": anm,
            }
            yield ("," if n else "") + "\n" + json.dumps(eintrag, ensure_ascii=False)
        yield "\n]}\n"

    antwort = StreamingHttpResponse(inhalt(), content_type="application/json; charset=utf-8")
    return download_kopf(antwort, dateiname + ".json")


def _gefiltert(request, messwerte):
    filterset = MesswertFilterSet(request.GET or None, queryset=messwerte)
    if filterset.is_bound and not filterset.is_valid():
        fehler = "; ".join(
            f"{feld}: {' '.join(meldungen)}" for feld, meldungen in filterset.errors.items()
        )
        raise BadRequest(_("Ungültiger Filter – %(fehler)s") % {"fehler": fehler})
    return filterset.qs


class IndikatorDownloadView(View):
    format = "csv"  # or "json"
    excel_deutsch = False  # the CSV for German Excel (semicolon, decimal comma)

    def get(self, request, kennung):
        indikatoren = _indikatoren(request).filter(kennung=kennung)
        if self.format == "json":
            indikatoren = indikatoren.prefetch_related(
                "handlungsfelder", "teilziele__handlungsfeld", "ziele"
            )
        indikator = next(iter(indikatoren), None)
        if indikator is None:
            raise Http404(_("Kein solcher Indikator."))
        messwerte = _gefiltert(request, Messwert.objects.filter(indikator=indikator))
        vergleiche = vergleichswerte_zu([indikator], request)
        if self.format == "json":
            return json_antwort([indikator], messwerte, indikator.kennung, vergleiche)
        return csv_antwort(
            messwerte,
            indikator.kennung,
            excel_deutsch=self.excel_deutsch,
            vergleichswerte=vergleiche,
        )


def oeffentliche_messwerte():
    """The Messwerte of public indicators (``Indikator.objects.oeffentlich()``): open data."""
    return Messwert.objects.filter(indikator__in=Indikator.objects.oeffentlich())


class AlleDownloadView(View):
    """Every public indicator, whoever asks: the open-data download."""

    format = "csv"  # or "json"
    excel_deutsch = False

    def get(self, request):
        indikatoren = Indikator.objects.oeffentlich().select_related("verantwortlich")
        messwerte = _gefiltert(request, oeffentliche_messwerte())
        vergleiche = vergleichswerte_zu(Indikator.objects.oeffentlich(), request)
        if self.format == "json":
            indikatoren = indikatoren.prefetch_related(
                "handlungsfelder", "teilziele__handlungsfeld", "ziele"
            )
            return json_antwort(list(indikatoren), messwerte, "indikatoren", vergleiche)
        return csv_antwort(
            messwerte, "indikatoren", excel_deutsch=self.excel_deutsch, vergleichswerte=vergleiche
        )

"""Indikatoren and Messwerte: public reads, staff writes (single and bulk, all-or-nothing)."""

import json

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from concept.models import Handlungsfeld, Teilziel
from integration_portal.api.filter import StrengerJaNeinFilter
from integration_portal.api.parsers import BegrenzterJSONParser
from measures.models import Massnahme
from monitoring import geheimhaltung, importing
from monitoring.api.serializers import (
    IndikatorSerializer,
    MesswertSerializer,
    VergleichswertSerializer,
    als_importzeile,
)
from monitoring.formatierung import datum_parsen
from monitoring.models import (
    Auspraegung,
    Indikator,
    Messwert,
    Vergleichswert,
    Wirkung,
    schluessel,
)


class IndikatorApiFilterSet(filters.FilterSet):
    massnahme = filters.CharFilter(
        method="filter_massnahme",
        label="Indikatoren, die die Maßnahme bewegen soll (Kennung, z. B. „5.2-1a“)",
    )

    class Meta:
        model = Indikator
        fields = ["einheit", "richtung", "art", "massnahme"]

    def filter_massnahme(self, queryset, name, value):
        massnahmen = Massnahme.objects.nach_kennung(value).im_aktuellen_konzept()
        return queryset.filter(wirkungen__massnahme__in=massnahmen).distinct()


class IndikatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndikatorSerializer
    lookup_field = "kennung"
    filterset_class = IndikatorApiFilterSet

    def get_queryset(self):
        return (
            Indikator.objects.sichtbar_fuer(self.request.user)
            .mit_letztem_wert()
            .select_related("verantwortlich")
            .prefetch_related(
                Prefetch("handlungsfelder", queryset=Handlungsfeld.objects.im_aktuellen_konzept()),
                Prefetch(
                    "teilziele",
                    queryset=Teilziel.objects.im_aktuellen_konzept().select_related(
                        "handlungsfeld"
                    ),
                ),
                Prefetch(
                    "wirkungen",
                    queryset=Wirkung.objects.filter(
                        massnahme__in=Massnahme.objects.im_aktuellen_konzept()
                    ).select_related("massnahme__teilziel__handlungsfeld"),
                ),
                "ziele",
            )
            .order_by("sortierung", "name")
        )

    def get_serializer(self, *args, **kwargs):
        # A latest total under small-number protection goes out as null.
        if args and "data" not in kwargs:
            objekte = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            geheimhaltung.letzte_werte_pruefen(objekte)
        return super().get_serializer(*args, **kwargs)


class MesswertApiFilterSet(filters.FilterSet):
    indikator = filters.CharFilter(field_name="indikator__kennung")
    datum_von = filters.DateFilter(field_name="datum", lookup_expr="gte")
    datum_bis = filters.DateFilter(field_name="datum", lookup_expr="lte")
    nach = filters.CharFilter(
        field_name="dimensionen",
        label="Aufschlüsselung nach Dimensionen, z. B. „geschlecht“; leer für Gesamtwerte",
    )
    insgesamt = StrengerJaNeinFilter(
        method="filter_insgesamt", label="nur Gesamtwerte (true) oder nur aufgeschlüsselte (false)"
    )
    aufschluesselung = filters.CharFilter(
        field_name="aufschluesselung", label="genauer Schlüssel, z. B. „geschlecht=weiblich“"
    )

    class Meta:
        model = Messwert
        fields = [
            "indikator",
            "datum_von",
            "datum_bis",
            "nach",
            "insgesamt",
            "aufschluesselung",
            "status",
        ]

    def filter_insgesamt(self, queryset, name, value):
        return (
            queryset.filter(aufschluesselung="") if value else queryset.exclude(aufschluesselung="")
        )


class SammelErgebnis(serializers.Serializer):
    """What a bulk write did: new, changed and unchanged values."""

    neu = serializers.IntegerField()
    geaendert = serializers.IntegerField()
    unveraendert = serializers.IntegerField()


class NurBueroSchreibt(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; writes need the model permissions the Büro group holds."""


def _importfehler(ergebnis, zeilenversatz):
    """Import errors as API field errors, keyed by the entry's index in the request."""
    felder = {}
    for fehler in ergebnis.fehler:
        schluessel = str(max(fehler.zeile - zeilenversatz, 0))
        felder.setdefault(schluessel, []).append(
            f"{fehler.spalte}: {fehler.meldung}" if fehler.spalte else fehler.meldung
        )
    return felder


def _importieren(request, eintraege, grund):
    inhalt = json.dumps({"messwerte": eintraege}, ensure_ascii=False)
    ergebnis = importing.importieren(
        inhalt, "api.json", anwenden=True, benutzer=request.user, grund=grund
    )
    if not ergebnis.ok:
        # JSON entry n is import row n + 2 (see importing.zeilen_aus_json).
        raise ValidationError(_importfehler(ergebnis, zeilenversatz=2))
    return ergebnis


def gespeicherter_messwert(eintrag):
    """The Messwert an import entry was stored as (same key rules as the import)."""
    datum, _zeitart = datum_parsen(eintrag["datum"])
    paare = []
    for dimension, text in eintrag["aufschluesselung"].items():
        auspraegung = Auspraegung.objects.select_related("dimension").get(
            Q(dimension__slug=dimension.lower()) | Q(dimension__name__iexact=dimension),
            Q(slug=text) | Q(name__iexact=" ".join(text.split())),
        )
        paare.append((auspraegung.dimension.slug, auspraegung.slug))
    return Messwert.objects.select_related("indikator").get(
        indikator__kennung=eintrag["indikator"], datum=datum, aufschluesselung=schluessel(paare)
    )


class MesswertViewSet(viewsets.ModelViewSet):
    serializer_class = MesswertSerializer
    filterset_class = MesswertApiFilterSet
    permission_classes = [NurBueroSchreibt]
    http_method_names = ["get", "post", "put", "head", "options"]
    # Not by ``wert``: the position of a suppressed row among the sorted values would tell its
    # value (and the FilterSet has no filter on ``wert`` for the same reason: bisection).
    ordering_fields = [
        "id",
        "indikator",
        "datum",
        "zeitart",
        "aufschluesselung",
        "genauigkeit",
        "quelle",
        "status",
        "anmerkung",
        "geaendert_am",
    ]

    def get_serializer(self, *args, **kwargs):
        """Output (a page, one object, a written object) goes out with suppressed values
        blanked: the Sperrliste of the objects' indicators, judged on all their values."""
        if args and "data" not in kwargs:
            objekte = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            messwerte = [m for m in objekte if isinstance(m, Messwert)]
            if messwerte:
                ids = {m.indikator_id for m in messwerte}
                geheimhaltung.sperrliste(ids).anwenden(messwerte)
        return super().get_serializer(*args, **kwargs)

    def get_queryset(self):
        sichtbar = Indikator.objects.sichtbar_fuer(self.request.user)
        return (
            Messwert.objects.filter(indikator__in=sichtbar)
            .select_related("indikator")
            .order_by("indikator__sortierung", "indikator__kennung", "aufschluesselung", "datum")
        )

    def _speichern(self, serializer):
        eintrag = als_importzeile(serializer.validated_data)
        with transaction.atomic():
            _importieren(self.request, [eintrag], _("über die API"))
            return gespeicherter_messwert(eintrag)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        messwert = self._speichern(serializer)
        return Response(self.get_serializer(messwert).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        vorhanden = self.get_object()
        serializer = self.get_serializer(vorhanden, data=request.data)
        serializer.is_valid(raise_exception=True)
        messwert = self._speichern(serializer)
        return Response(self.get_serializer(messwert).data)

    @extend_schema(request=MesswertSerializer(many=True), responses={200: SammelErgebnis})
    # A JSON list only: a form body cannot carry one (it was read as an empty list, a 200).
    @action(detail=False, methods=["post"], url_path="bulk", parser_classes=[BegrenzterJSONParser])
    def bulk(self, request):
        """Create or update many Messwerte at once: all rows are written, or none."""
        if not isinstance(request.data, list):
            raise ValidationError(
                {"nicht_feldbezogen": [_("Erwartet wird eine JSON-Liste von Messwerten.")]}
            )
        serializer = self.get_serializer(data=request.data, many=True)
        if not serializer.is_valid():
            # DRF 3.18 reports a list's errors as {index: errors}; before, as a list.
            fehler = serializer.errors
            eintraege = fehler.items() if isinstance(fehler, dict) else enumerate(fehler)
            raise ValidationError({str(i): f for i, f in eintraege if f})
        eintraege = [als_importzeile(daten) for daten in serializer.validated_data]
        ergebnis = _importieren(request, eintraege, _("Sammelimport über die API"))
        return Response(
            {
                "neu": len(ergebnis.neu),
                "geaendert": len(ergebnis.geaendert),
                "unveraendert": ergebnis.unveraendert,
            }
        )


class VergleichswertApiFilterSet(filters.FilterSet):
    indikator = filters.CharFilter(field_name="indikator__kennung")

    class Meta:
        model = Vergleichswert
        fields = ["indikator", "gebiet"]


class VergleichswertViewSet(viewsets.ReadOnlyModelViewSet):
    """Land and Bund values of the indicators the reader may see (cf. IndikatorViewSet)."""

    serializer_class = VergleichswertSerializer
    filterset_class = VergleichswertApiFilterSet

    def get_queryset(self):
        sichtbar = Indikator.objects.sichtbar_fuer(self.request.user)
        return (
            Vergleichswert.objects.filter(indikator__in=sichtbar)
            .select_related("indikator")
            .order_by("indikator__sortierung", "indikator__kennung", "gebiet", "datum", "pk")
        )

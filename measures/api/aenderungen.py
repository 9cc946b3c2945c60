"""``/api/v1/aenderungen/``: the public change log (measures/aenderungen.py), paginated, and
``/api/v1/aenderungen/<id>/`` for one entry.

The same entries as the Atom feeds, for everybody alike: only approved Sachstände and status
changes are public, so a login shows nothing more (and the page cache serves one answer).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from concept.models import Handlungsfeld
from measures import aenderungen
from measures.choices import Ampel, Status
from measures.models import Akteur


class AenderungSachstandSerializer(serializers.Serializer):
    """The approved Sachstand of an entry: its public fields only."""

    id = serializers.IntegerField()
    datum = serializers.DateField(help_text=gettext_lazy("Stand vom"))
    status = serializers.ChoiceField(choices=Status.choices)
    ampel = serializers.ChoiceField(choices=Ampel.choices)
    fortschritt = serializers.IntegerField(help_text=gettext_lazy("Fortschritt in Prozent"))
    text = serializers.CharField()
    akteur = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    akteur_name = serializers.CharField(source="akteur.name")


class AenderungSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    art = serializers.ChoiceField(
        choices=[
            (aenderungen.SACHSTAND, gettext_lazy("Sachstand freigegeben")),
            (aenderungen.STATUS, gettext_lazy("Status geändert")),
        ]
    )
    zeitpunkt = serializers.DateTimeField(
        help_text=gettext_lazy("Wann die Änderung öffentlich wurde (Freigabe oder Speichern).")
    )
    massnahme = serializers.CharField(source="massnahme.oeffentliche_kennung")
    referenz = serializers.CharField(source="massnahme.referenz")
    handlungsfeld = serializers.CharField(source="massnahme.teilziel.handlungsfeld.nummer")
    status = serializers.ChoiceField(choices=Status.choices)
    status_vorher = serializers.ChoiceField(
        choices=Status.choices,
        allow_null=True,
        help_text=gettext_lazy("Status der Maßnahme davor; null, wenn keiner bekannt ist."),
    )
    sachstand = AenderungSachstandSerializer(allow_null=True)

    def get_id(self, aenderung) -> str:
        """Stable across pages and days: kind and row, e.g. ``sachstand-12``."""
        return aenderung.kennung


SEIT = OpenApiParameter(
    "seit",
    OpenApiTypes.STR,
    description=gettext_lazy(
        "Nur Änderungen ab diesem Zeitpunkt: ein Datum (JJJJ-MM-TT, ab 0 Uhr) oder Datum mit "
        "Uhrzeit nach ISO 8601 (JJJJ-MM-TTTHH:MM[:SS][+HH:MM]); ohne Zeitzone gilt die Zeit "
        "in Rostock (Europe/Berlin)."
    ),
    examples=[
        OpenApiExample("Datum", value="2026-01-01"),
        OpenApiExample("Datum mit Uhrzeit", value="2026-01-01T08:00:00+01:00"),
    ],
)
HANDLUNGSFELD = OpenApiParameter(
    "handlungsfeld",
    OpenApiTypes.STR,
    description=gettext_lazy("Nur Maßnahmen dieses Handlungsfelds (Nummer, z. B. 5.2)."),
)
AKTEUR = OpenApiParameter(
    "akteur",
    OpenApiTypes.STR,
    description=gettext_lazy(
        "Nur Maßnahmen, für die dieser Akteur (Kurz-URL) oder eine seiner Untereinheiten "
        "zuständig ist."
    ),
)


KENNUNG = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy(
        "Die feste Kennung eines Eintrags, z. B. sachstand-12 oder status-345."
    ),
    pattern=r"^(sachstand|status)-[0-9]{1,18}$",
)


class AenderungSchema(AutoSchema):
    """The schema per action, on the view class itself: the page cache (seitencache.mit_cache)
    overrides ``list`` and ``retrieve`` in a subclass, which would lose what ``extend_schema``
    puts on those methods."""

    def get_override_parameters(self):
        return [SEIT, HANDLUNGSFELD, AKTEUR] if self.view.action == "list" else [KENNUNG]

    def get_response_serializers(self):
        if self.view.action == "list":
            return {
                200: AenderungSerializer(many=True),
                400: OpenApiResponse(
                    description=gettext_lazy("„seit“, Handlungsfeld oder Akteur ungültig.")
                ),
            }
        return {
            200: AenderungSerializer,
            404: OpenApiResponse(description=gettext_lazy("Diese Änderung gibt es nicht.")),
        }


class AenderungViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Änderungen: freigegebene Sachstände und Statuswechsel der Maßnahmen, neueste zuerst."""

    serializer_class = AenderungSerializer
    schema = AenderungSchema()
    permission_classes = [permissions.AllowAny]
    # Our own parameters (below), no FilterSet and no ``ordering``: the order is the log's.
    filter_backends = []
    lookup_value_regex = r"(?:sachstand|status)-[0-9]{1,18}"

    def get_queryset(self):
        parameter = self.request.query_params
        try:
            seit = aenderungen.seit_lesen(parameter.get("seit"))
        except DjangoValidationError as fehler:
            raise ValidationError({"seit": fehler.messages}) from fehler
        return aenderungen.aenderungen(
            seit=seit,
            handlungsfeld=self._handlungsfeld(parameter.get("handlungsfeld")),
            akteur=self._akteur(parameter.get("akteur")),
        )

    def _handlungsfeld(self, nummer):
        if not nummer:
            return None
        handlungsfeld = (
            Handlungsfeld.objects.im_aktuellen_konzept().filter(nummer=nummer[:20]).first()
        )
        if handlungsfeld is None:
            raise ValidationError({"handlungsfeld": [_("Dieses Handlungsfeld gibt es nicht.")]})
        return handlungsfeld

    def _akteur(self, slug):
        if not slug:
            return None
        akteur = Akteur.objects.filter(slug=slug[:120]).first()
        if akteur is None:
            raise ValidationError({"akteur": [_("Diesen Akteur gibt es nicht.")]})
        return akteur

    def retrieve(self, request, *args, **kwargs):
        aenderung = aenderungen.eintrag(kwargs[self.lookup_url_kwarg or self.lookup_field])
        if aenderung is None:
            raise NotFound(_("Diese Änderung gibt es nicht."))
        return Response(self.get_serializer(aenderung).data)

    def list(self, request, *args, **kwargs):
        seite = self.paginate_queryset(self.get_queryset())
        daten = self.get_serializer(aenderungen.laden(seite), many=True).data
        return self.get_paginated_response(daten)

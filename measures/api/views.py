"""Read-only views of the plan, and Sachstand submission by partners."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.views import APIView

from concept.models import Handlungsfeld, Teilziel
from measures import sachstaende, zeitreise
from measures.api import serializers as s
from measures.export import konzept_export
from measures.filtersets import MassnahmeFilterSet
from measures.models import Akteur, Berichtsrunde, Massnahme, Sachstand, Zustaendigkeit
from measures.permissions import mit_rechten
from measures.rollup import handlungsfeld_fortschritt, teilziel_fortschritt


def massnahmen_mit_details(user):
    """Maßnahmen as the serializer shows them, with what ``user`` may see on each row."""
    return mit_rechten(
        Massnahme.objects.mit_verzug()
        .select_related("teilziel__handlungsfeld")
        .prefetch_related(
            # The Akteur joined to its Zuständigkeit: one query and one prefetch level fewer.
            # Lists (to_attr), not managers: a manager per measure costs Django a filter() each
            # (issue 16); the serializer reads the lists.
            Prefetch(
                "zustaendigkeiten",
                queryset=Zustaendigkeit.objects.select_related("akteur"),
                to_attr="zustaendigkeiten_liste",
            ),
            Prefetch("meilensteine", to_attr="meilensteine_liste"),
        ),
        user,
    )


STICHTAG_PARAMETER = OpenApiParameter(
    "stichtag",
    OpenApiTypes.DATE,
    description=(
        "Stand am Ende dieses Tages (JJJJ-MM-TT), aus der Historie rekonstruiert: Status, "
        "Ampel, Fortschritt, Wortlaut, Zieldatum und Zuständigkeiten der Maßnahmen und der "
        "Fortschritt der Handlungsfelder und Teilziele. Nicht in der Zukunft."
    ),
)


class StichtagMixin:
    """``?stichtag=JJJJ-MM-TT`` (measures.zeitreise.stichtag_lesen, the rule the pages use)."""

    @property
    def stichtag(self):
        """The requested Stichtag, None for today; a 400 naming the field if it is wrong."""
        if getattr(self, "request", None) is None:  # the schema generator
            return None
        if not hasattr(self, "_stichtag"):
            try:
                tag = zeitreise.stichtag_lesen(self.request.query_params.get("stichtag"))
            except DjangoValidationError as fehler:
                raise ValidationError({"stichtag": fehler.messages}) from fehler
            self._stichtag = None if zeitreise.ist_heute(tag) else tag
        return self._stichtag

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.stichtag  # noqa: B018 (checked before anything is read)


@extend_schema_view(
    list=extend_schema(parameters=[STICHTAG_PARAMETER]),
    retrieve=extend_schema(parameters=[STICHTAG_PARAMETER]),
)
class HandlungsfeldViewSet(StichtagMixin, viewsets.ReadOnlyModelViewSet):
    """Handlungsfelder; the detail nests Teilziele and Maßnahmen. Looked up by number (5.2).

    ``?stichtag=JJJJ-MM-TT``: progress (and in the detail the measures) as they stood then.
    """

    lookup_field = "nummer"
    lookup_value_regex = r"\d+(?:\.\d+)*"
    ordering_fields = ["sortierung", "nummer", "titel"]
    ordering = ["sortierung"]

    def get_queryset(self):
        queryset = (
            Handlungsfeld.objects.im_aktuellen_konzept()
            .select_related("kapitel", "leitziel")
            .annotate(fortschritt=handlungsfeld_fortschritt())
            .order_by("sortierung")
        )
        if self.action == "retrieve":
            massnahmen = massnahmen_mit_details(self.request.user)
            if self.stichtag is not None:
                massnahmen = zeitreise.bestehende(massnahmen, self.stichtag)
            teilziele = Teilziel.objects.annotate(
                fortschritt=teilziel_fortschritt()
            ).prefetch_related(
                Prefetch("massnahmen", queryset=massnahmen, to_attr="massnahmen_liste")
            )
            queryset = queryset.prefetch_related(
                Prefetch("teilziele", queryset=teilziele), "best_practice", "verweise"
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.HandlungsfeldDetailSerializer
        return s.HandlungsfeldSerializer

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None and self.stichtag is not None:
            if isinstance(args[0], Handlungsfeld):
                zeitreise.handlungsfeld_anwenden(args[0], self.stichtag)
            else:
                handlungsfelder = list(args[0])
                je_hf = zeitreise.fortschritt_am(handlungsfelder, self.stichtag)
                for hf in handlungsfelder:
                    hf.fortschritt = je_hf.get(hf.pk)
                args = (handlungsfelder, *args[1:])
        return super().get_serializer(*args, **kwargs)


class TeilzielFilterSet(filters.FilterSet):
    handlungsfeld = filters.CharFilter(field_name="handlungsfeld__nummer")

    class Meta:
        model = Teilziel
        fields = ["handlungsfeld"]


class KennungLookupMixin:
    """Detail views looked up by the public identifier (``5.2-1``, ``5.2-1a``)."""

    lookup_field = "kennung"

    def get_object(self):
        kennung = self.kwargs[self.lookup_field]
        obj = get_object_or_404(self.filter_queryset(self.get_queryset()).nach_kennung(kennung))
        self.check_object_permissions(self.request, obj)
        return obj


class TeilzielViewSet(KennungLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.TeilzielSerializer
    filterset_class = TeilzielFilterSet
    lookup_value_regex = r"\d+(?:\.\d+)*-\d+"
    queryset = (
        Teilziel.objects.im_aktuellen_konzept()
        .select_related("handlungsfeld")
        .annotate(fortschritt=teilziel_fortschritt())
        .order_by("handlungsfeld__sortierung", "nummer")
    )


class MassnahmeApiFilterSet(MassnahmeFilterSet):
    """The page's FilterSet plus the API's names: teilziel (5.2-1) and search."""

    teilziel = filters.CharFilter(method="filter_teilziel", label="Teilziel (z. B. 5.2-1)")
    search = filters.CharFilter(method="filter_search", label="Volltextsuche")

    def filter_teilziel(self, queryset, name, value):
        return queryset.filter(teilziel__in=Teilziel.objects.nach_kennung(value))

    def filter_search(self, queryset, name, value):
        return self.filters["q"].filter(queryset, value)


# Kapitel and Akteur are chosen by number or slug; the schema cannot see that through methods.
for _name in ("kapitel", "akteur"):
    extend_schema_field(OpenApiTypes.STR)(MassnahmeApiFilterSet.base_filters[_name])


@extend_schema_view(
    list=extend_schema(parameters=[STICHTAG_PARAMETER]),
    retrieve=extend_schema(parameters=[STICHTAG_PARAMETER]),
)
class MassnahmeViewSet(StichtagMixin, KennungLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Maßnahmen; ``?stichtag=JJJJ-MM-TT`` shows them as they stood then (filters and order
    still apply to today's values)."""

    serializer_class = s.MassnahmeSerializer
    filterset_class = MassnahmeApiFilterSet
    lookup_value_regex = r"\d+(?:\.\d+)*-\d+[a-z]+"

    def get_queryset(self):
        massnahmen = (
            massnahmen_mit_details(self.request.user).im_aktuellen_konzept().in_konzeptreihenfolge()
        )
        if self.stichtag is None:
            return massnahmen
        return zeitreise.bestehende(massnahmen, self.stichtag)

    def get_serializer(self, *args, **kwargs):
        if args and self.stichtag is not None:
            instanz, *rest = args
            if isinstance(instanz, Massnahme):
                zeitreise.anwenden([instanz], self.stichtag)
            elif instanz is not None:
                instanz = zeitreise.anwenden(instanz, self.stichtag)
            args = (instanz, *rest)
        return super().get_serializer(*args, **kwargs)


class AkteurViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AkteurSerializer
    queryset = Akteur.objects.order_by("name")
    lookup_field = "slug"
    filterset_fields = ["seite", "art"]


class BerichtsrundeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.BerichtsrundeSerializer
    queryset = Berichtsrunde.objects.order_by("-stichtag")
    filterset_fields = ["status"]


class SachstandFilterSet(filters.FilterSet):
    massnahme = filters.CharFilter(method="filter_massnahme", label="Maßnahme (z. B. 5.2-1a)")
    akteur = filters.CharFilter(field_name="akteur__slug")

    class Meta:
        model = Sachstand
        fields = ["massnahme", "akteur", "berichtsrunde", "pruefstatus"]

    def filter_massnahme(self, queryset, name, value):
        return queryset.filter(
            massnahme__in=Massnahme.objects.im_aktuellen_konzept().nach_kennung(value)
        )


class SachstandViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sachstände: read as allowed; partners POST for measures of their own Akteure."""

    serializer_class = s.SachstandSerializer
    filterset_class = SachstandFilterSet
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        # Kennungen like 5.2-1a name a measure of the current edition only.
        return (
            Sachstand.objects.sichtbar_fuer(self.request.user)
            .filter(massnahme__in=Massnahme.objects.im_aktuellen_konzept())
            .select_related("massnahme__teilziel__handlungsfeld", "akteur", "berichtsrunde")
            .order_by("-datum", "-eingereicht_am")
        )

    def perform_create(self, serializer):
        daten = dict(serializer.validated_data)
        massnahme = daten.pop("massnahme")
        try:
            serializer.instance = sachstaende.einreichen(self.request.user, massnahme, **daten)
        except DjangoValidationError as fehler:
            raise ValidationError(fehler.message_dict) from fehler
        except DjangoPermissionDenied as fehler:
            # Keep the service's German reason instead of DRF's bare "Forbidden".
            raise PermissionDenied(str(fehler)) from fehler


class KonzeptView(APIView):
    """The whole concept as open data (the shape of ``manage.py export_konzept``)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: dict})
    def get(self, request):
        response = JsonResponse(konzept_export(), json_dumps_params={"ensure_ascii": False})
        if request.GET.get("download"):
            response["Content-Disposition"] = 'attachment; filename="integrationskonzept.json"'
        return response

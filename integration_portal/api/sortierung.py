"""``?ordering=`` for every API list: only fields a row has once, and always a total order.

DRF's OrderingFilter allows every serializer field by default, including to-many relations
(ordering by them repeats rows) and ends the order wherever the client says; with equal values a
page of a PostgreSQL result is then not stable (see integration_portal/sortierung.py).

The allowed names are an enum in the schema (a comma-separated list, each name optionally with
"-" for descending); a name outside it is a 400 naming ``ordering``, not silently ignored.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from integration_portal.sortierung import eindeutig_sortiert


def _einwertig(model, pfad, annotationen):
    """True if ``pfad`` (``teilziel__nummer``) names one value per row: fields and FKs only."""
    if pfad in annotationen:
        return True
    for teil in pfad.split("__"):
        try:
            feld = model._meta.get_field(teil)
        except FieldDoesNotExist:
            return False  # a property or a method: the database cannot sort by it
        if feld.many_to_many or feld.one_to_many:
            return False
        if feld.is_relation:
            model = feld.related_model
    return True


class EindeutigeSortierung(OrderingFilter):
    def get_default_valid_fields(self, queryset, view, context=None):
        context = context or {}
        annotationen = set(queryset.query.annotations)
        return [
            (feld, titel)
            for feld, titel in super().get_default_valid_fields(queryset, view, context)
            if _einwertig(queryset.model, feld, annotationen)
        ]

    def filter_queryset(self, request, queryset, view):
        return eindeutig_sortiert(super().filter_queryset(request, queryset, view))

    def erlaubte_felder(self, queryset, view, request=None):
        return [
            feld for feld, _titel in self.get_valid_fields(queryset, view, {"request": request})
        ]

    def get_ordering(self, request, queryset, view):
        wert = request.query_params.get(self.ordering_param)
        felder = [teil.strip() for teil in (wert or "").split(",") if teil.strip()]
        if not felder:
            return self.get_default_ordering(view)
        erlaubt = set(self.erlaubte_felder(queryset, view, request))
        falsch = [feld for feld in felder if feld.removeprefix("-") not in erlaubt]
        if falsch:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Nach „%(feld)s“ kann nicht sortiert werden. Erlaubt: %(erlaubt)s.")
                        % {"feld": falsch[0][:50], "erlaubt": ", ".join(sorted(erlaubt))}
                    ]
                }
            )
        return felder

    def get_schema_operation_parameters(self, view):
        felder = sorted(self.erlaubte_felder(view.get_queryset(), view, view.request))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _(
                    "Sortierung: ein oder mehrere Felder, durch Kommas getrennt; ein "
                    "vorangestelltes „-“ sortiert absteigend. Jede Sortierung endet in der ID."
                ),
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [name for feld in felder for name in (feld, f"-{feld}")],
                    },
                },
                "style": "form",
                "explode": False,
            }
        ]

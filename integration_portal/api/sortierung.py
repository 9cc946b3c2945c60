"""``?ordering=`` for every API list: only fields a row has once, and always a total order.

DRF's OrderingFilter allows every serializer field by default, including to-many relations
(ordering by them repeats rows) and ends the order wherever the client says; with equal values a
page of a PostgreSQL result is then not stable (see integration_portal/sortierung.py).
"""

from django.core.exceptions import FieldDoesNotExist
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

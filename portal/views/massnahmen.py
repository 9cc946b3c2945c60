"""The list of all Maßnahmen with filters (the same FilterSet serves the API)."""

from django_filters.views import FilterView

from measures.filtersets import MassnahmeFilterSet
from measures.models import Massnahme


class MassnahmenListeView(FilterView):
    template_name = "portal/massnahmen.html"
    filterset_class = MassnahmeFilterSet
    context_object_name = "massnahmen"
    paginate_by = 25
    # An invalid filter value shows the form's error and no rows, rather than every row.
    strict = True

    def get_queryset(self):
        return (
            Massnahme.objects.im_aktuellen_konzept()
            .fuer_karten()
            .select_related("teilziel__handlungsfeld")
            .in_konzeptreihenfolge()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("is_paginated"):
            seite = context["page_obj"]
            context["seiten"] = seite.paginator.get_elided_page_range(
                seite.number, on_each_side=2, on_ends=1
            )
            context["auslassung"] = seite.paginator.ELLIPSIS
        return context

"""A Handlungsfeld page: introduction, Leitziel, Teilziele with their Maßnahmen, best practice."""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView

from concept.models import Handlungsfeld, Teilziel
from measures.models import Massnahme, Zustaendigkeit
from measures.rollup import handlungsfeld_fortschritt, teilziel_fortschritt


def massnahmen_mit_zustaendigkeiten():
    """Maßnahmen with what every listing shows, fetched in a fixed number of queries."""
    return Massnahme.objects.mit_verzug().prefetch_related(
        Prefetch(
            "zustaendigkeiten",
            queryset=Zustaendigkeit.objects.select_related("akteur"),
        ),
        "verweise",
    )


class HandlungsfeldView(DetailView):
    template_name = "portal/handlungsfeld.html"
    context_object_name = "handlungsfeld"

    def get_object(self, queryset=None):
        teilziele = Teilziel.objects.annotate(fortschritt=teilziel_fortschritt()).prefetch_related(
            Prefetch(
                "massnahmen",
                queryset=massnahmen_mit_zustaendigkeiten().order_by("kennung"),
            )
        )
        queryset = (
            Handlungsfeld.objects.im_aktuellen_konzept()
            .select_related("kapitel", "kapitel__eltern", "leitziel")
            .annotate(fortschritt=handlungsfeld_fortschritt())
            .prefetch_related(
                Prefetch("teilziele", queryset=teilziele.order_by("nummer")),
                "best_practice",
                "verweise",
            )
        )
        try:
            return queryset.get(nummer=self.kwargs["nummer"])
        except Handlungsfeld.DoesNotExist as fehlt:
            raise Http404("Handlungsfeld nicht gefunden") from fehlt

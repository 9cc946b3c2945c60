"""A Handlungsfeld page: introduction, Leitziel, Teilziele with their Maßnahmen, best practice."""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView

from concept.models import Handlungsfeld, Teilziel
from measures import zeitreise
from measures.models import Massnahme
from measures.rollup import handlungsfeld_fortschritt, teilziel_fortschritt
from portal.views.zeitreise import StichtagMixin


class HandlungsfeldView(StichtagMixin, DetailView):
    """``?stichtag=JJJJ-MM-TT``: its measures and progress as they stood then."""

    template_name = "portal/handlungsfeld.html"
    context_object_name = "handlungsfeld"

    def get_object(self, queryset=None):
        massnahmen = Massnahme.objects.fuer_karten(verweise=True).order_by("kennung")
        if self.stichtag:
            massnahmen = zeitreise.bestehende(massnahmen, self.stichtag)
        # A list per Teilziel (to_attr), not a manager: Django would clone the annotated
        # queryset once per Teilziel for it (issue 16).
        teilziele = Teilziel.objects.annotate(fortschritt=teilziel_fortschritt()).prefetch_related(
            Prefetch("massnahmen", queryset=massnahmen, to_attr="massnahmen_liste")
        )
        queryset = (
            Handlungsfeld.objects.im_aktuellen_konzept()
            # leichte_sprache: the summary's switch at the top of the page, in the same query.
            .select_related("kapitel", "kapitel__eltern", "leitziel", "leichte_sprache")
            .annotate(fortschritt=handlungsfeld_fortschritt())
            .prefetch_related(
                Prefetch("teilziele", queryset=teilziele.order_by("nummer")),
                "best_practice",
                "verweise",
            )
        )
        try:
            handlungsfeld = queryset.get(nummer=self.kwargs["nummer"])
        except Handlungsfeld.DoesNotExist as fehlt:
            raise Http404("Handlungsfeld nicht gefunden") from fehlt
        if self.stichtag:
            zeitreise.handlungsfeld_anwenden(handlungsfeld, self.stichtag)
        return handlungsfeld

"""The Akteure: a list of all, and one page per Akteur with its measures (and a parent's page
with its subunits and their measures too: measures.models.unterhalb_q)."""

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from concept.models import im_aktuellen_konzept_q
from measures.models import Akteur, Zustaendigkeit, ZustaendigkeitQuerySet, unterhalb_q

REIHENFOLGE = [
    "massnahme__teilziel__handlungsfeld__sortierung",
    "-federfuehrend",
    "massnahme__teilziel__nummer",
    "massnahme__kennung",
]


class AkteurListeView(ListView):
    template_name = "portal/akteure.html"
    context_object_name = "akteure"

    def get_queryset(self):
        aktuell = im_aktuellen_konzept_q(f"zustaendigkeiten__{ZustaendigkeitQuerySet.konzept_pfad}")
        # "-seite": verwaltungsintern before verwaltungsextern, as the concept's tables do.
        return Akteur.objects.annotate(
            anzahl_massnahmen=Count("zustaendigkeiten", filter=aktuell),
            anzahl_federfuehrend=Count(
                "zustaendigkeiten", filter=aktuell & Q(zustaendigkeiten__federfuehrend=True)
            ),
        ).order_by("-seite", "name")


class AkteurView(DetailView):
    template_name = "portal/akteur.html"
    context_object_name = "akteur"
    model = Akteur

    def get_queryset(self):
        # The count in the same query: an Akteur without subunits costs no query for them.
        return Akteur.objects.select_related("uebergeordnet").annotate(
            anzahl_untereinheiten=Count("untereinheiten")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zustaendigkeiten"] = (
            Zustaendigkeit.objects.im_aktuellen_konzept()
            .filter(akteur=self.object)
            .select_related("massnahme__teilziel__handlungsfeld")
            .order_by(*REIHENFOLGE)
        )
        if self.object.anzahl_untereinheiten:
            unter = Akteur.objects.filter(unterhalb_q([self.object.pk]))
            context["untereinheiten"] = list(unter.order_by("name"))
            context["zustaendigkeiten_unter"] = (
                Zustaendigkeit.objects.im_aktuellen_konzept()
                .filter(akteur__in=unter)
                .select_related("akteur", "massnahme__teilziel__handlungsfeld")
                .order_by("akteur__name", *REIHENFOLGE)
            )
        return context

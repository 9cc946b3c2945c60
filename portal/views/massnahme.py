"""A Maßnahme page: text, goals, responsibilities, state, approved Sachstände, internal note."""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView

from measures.choices import Pruefstatus
from measures.models import Massnahme, Sachstand, Zustaendigkeit
from measures.permissions import kann_interne_notiz_sehen, kann_sachstand_melden


class MassnahmeView(DetailView):
    template_name = "portal/massnahme.html"
    context_object_name = "massnahme"

    def get_object(self, queryset=None):
        freigegeben = (
            Sachstand.objects.filter(pruefstatus=Pruefstatus.FREIGEGEBEN)
            .select_related("akteur")
            .order_by("-datum", "-eingereicht_am")
        )
        queryset = (
            Massnahme.objects.nach_kennung(self.kwargs["kennung"])
            .im_aktuellen_konzept()
            .select_related(
                "teilziel__handlungsfeld__leitziel",
                "teilziel__handlungsfeld__kapitel",
            )
            .prefetch_related(
                Prefetch(
                    "zustaendigkeiten", queryset=Zustaendigkeit.objects.select_related("akteur")
                ),
                Prefetch("sachstaende", queryset=freigegeben, to_attr="freigegebene_sachstaende"),
                "verweise",
            )
        )
        try:
            return queryset.get()
        except Massnahme.DoesNotExist as fehlt:
            raise Http404("Maßnahme nicht gefunden") from fehlt

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["interne_notiz_sichtbar"] = kann_interne_notiz_sehen(user, self.object)
        # Partners of a responsible Akteur get the way to report from here (measures/partner).
        context["kann_melden"] = kann_sachstand_melden(user, self.object)
        return context

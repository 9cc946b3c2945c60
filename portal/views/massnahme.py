"""A Maßnahme page: text, goals, responsibilities, state, Sachstände, internal note."""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView

from measures import zeitreise
from measures.models import Massnahme, Sachstand, Zustaendigkeit
from measures.permissions import mit_rechten
from monitoring import wirkungen
from portal.views.zeitreise import StichtagMixin


class MassnahmeView(StichtagMixin, DetailView):
    """``?stichtag=JJJJ-MM-TT``: the measure as it stood then (measures/zeitreise.py)."""

    template_name = "portal/massnahme.html"
    context_object_name = "massnahme"

    def get_object(self, queryset=None):
        user = self.request.user
        # What this reader may see: approved ones, and the own Akteur's while they wait.
        sichtbar = (
            Sachstand.objects.sichtbar_fuer(user)
            .select_related("akteur")
            .order_by("-datum", "-eingereicht_am", "-pk")
        )
        massnahmen = Massnahme.objects.all()
        if self.stichtag:
            sichtbar = sichtbar.filter(datum__lte=self.stichtag)
            massnahmen = zeitreise.bestehende(massnahmen, self.stichtag)
        queryset = mit_rechten(
            massnahmen.nach_kennung(self.kwargs["kennung"])
            .im_aktuellen_konzept()
            .mit_verzug()
            .select_related(
                "teilziel__handlungsfeld__leitziel",
                "teilziel__handlungsfeld__kapitel",
            )
            .prefetch_related(
                Prefetch(
                    "zustaendigkeiten", queryset=Zustaendigkeit.objects.select_related("akteur")
                ),
                Prefetch("sachstaende", queryset=sichtbar, to_attr="sichtbare_sachstaende"),
                "verweise",
                "meilensteine",
            ),
            user,
        )
        try:
            massnahme = queryset.get()
        except Massnahme.DoesNotExist as fehlt:
            raise Http404("Maßnahme nicht gefunden") from fehlt
        if self.stichtag:
            zeitreise.anwenden([massnahme], self.stichtag)
        return massnahme

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["interne_notiz_sichtbar"] = self.object.interne_notiz_sichtbar
        # Partners of a responsible Akteur get the way to report from here (measures/partner).
        context["kann_melden"] = self.object.darf_melden
        # The Ergebnis/Leistung indicators the measure moves, with their latest value (1 query).
        # Left out when looking back: their values are today's, not the Stichtag's.
        if not self.stichtag:
            context["indikatoren"] = wirkungen.der_massnahme(self.object, self.request.user)
        return context

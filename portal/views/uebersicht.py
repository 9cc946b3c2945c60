"""The concept overview `/`: title, Beschluss, overall progress, Kapitel with Handlungsfelder."""

from dataclasses import dataclass, field

from django.views.generic import TemplateView

from concept.models import Handlungsfeld, Kapitel, Konzept
from measures import zaehlung
from measures.models import Massnahme
from measures.rollup import handlungsfeld_fortschritt, mittel_der_ebene
from portal.views.base import nummer_schluessel


@dataclass
class KapitelKnoten:
    """A Kapitel with what sits under it (Unterkapitel and Handlungsfelder) in concept order."""

    kapitel: Kapitel
    ebene: int
    eintraege: list = field(default_factory=list)

    ist_kapitel = True

    @property
    def stufe(self):
        """Heading level: the page has h1 and an h2 above the first Kapitel."""
        return min(self.ebene + 3, 6)

    @property
    def handlungsfeld_stufe(self):
        return min(self.ebene + 4, 6)


def kapitelbaum(kapitel, handlungsfelder):
    """Nest Kapitel and Handlungsfelder as the concept does (4 → 4.1 → 4.1.2; 5 → 5.2)."""
    knoten = {k.pk: KapitelKnoten(k, 0) for k in kapitel}
    wurzeln = []
    for k in kapitel:
        if k.eltern_id in knoten:
            knoten[k.eltern_id].eintraege.append(knoten[k.pk])
        else:
            wurzeln.append(knoten[k.pk])
    for hf in handlungsfelder:
        hf.ist_kapitel = False
        knoten[hf.kapitel_id].eintraege.append(hf)

    def ordnen(eintraege, ebene):
        eintraege.sort(
            key=lambda e: nummer_schluessel(e.kapitel.nummer if e.ist_kapitel else e.nummer)
        )
        for e in eintraege:
            if e.ist_kapitel:
                e.ebene = ebene
                ordnen(e.eintraege, ebene + 1)

    ordnen(wurzeln, 0)
    return wurzeln


class OverviewView(TemplateView):
    template_name = "portal/uebersicht.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        konzept = Konzept.objects.nur_aktuell().first()
        context["konzept"] = konzept
        if konzept is None:
            return context
        handlungsfelder = list(
            Handlungsfeld.objects.filter(konzept=konzept)
            .select_related("leitziel")
            .annotate(fortschritt=handlungsfeld_fortschritt())
        )
        # All its Handlungsfelder are here: the Konzept is their mean (no second roll-up).
        konzept.fortschritt = mittel_der_ebene(hf.fortschritt for hf in handlungsfelder)
        status = zaehlung.status_je_handlungsfeld(
            Massnahme.objects.filter(teilziel__handlungsfeld__konzept=konzept)
        )
        for hf in handlungsfelder:
            hf.status_zaehlung = status.get(hf.pk, [])
            hf.anzahl_massnahmen = sum(anzahl for _, anzahl in hf.status_zaehlung)
        context["kapitelbaum"] = kapitelbaum(
            list(Kapitel.objects.filter(konzept=konzept)), handlungsfelder
        )
        context["status_gesamt"] = zaehlung.summe(status.values())
        context["anzahl_massnahmen"] = sum(anzahl for _, anzahl in context["status_gesamt"])
        return context

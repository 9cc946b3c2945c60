"""Filters for Maßnahmen, shared by the public list page, the REST API and the admin's list
(measures/admin/listenfilter.py builds its list filters from this FilterSet).

No template concerns here: labels are plain translatable strings and the GET parameters are
stable, readable values (``?handlungsfeld=5.2&status=in_umsetzung&akteur=hauptamt``) so that a
filtered list can be shared as a link.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from concept.models import Handlungsfeld, Kapitel
from measures.choices import Ampel, Seite, Status
from measures.models import Akteur, Massnahme, Zustaendigkeit

# These three filters describe ONE Zuständigkeit together: "Akteur X, federführend" means X leads,
# not "X is involved and someone leads". They are therefore applied as a single EXISTS.
ZUSTAENDIGKEIT_FILTER = ("akteur", "seite", "federfuehrend")


# Choices come from the current Konzept only: numbers like "5.2" are unique within an edition.
def _kapitel(request=None):
    return Kapitel.objects.im_aktuellen_konzept().order_by("sortierung")


def _handlungsfelder(request=None):
    return Handlungsfeld.objects.im_aktuellen_konzept().order_by("sortierung")


def _akteure(request=None):
    return Akteur.objects.order_by("name")


def _unveraendert(queryset, name, value):
    # Applied together in MassnahmeFilterSet.filter_queryset (see ZUSTAENDIGKEIT_FILTER).
    return queryset


class MassnahmeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche im Text"), method="filter_q")
    kapitel = django_filters.ModelChoiceFilter(
        label=_("Kapitel"),
        queryset=_kapitel,
        to_field_name="nummer",
        method="filter_kapitel",
        empty_label=_("alle Kapitel"),
    )
    handlungsfeld = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=_handlungsfelder,
        to_field_name="nummer",
        field_name="teilziel__handlungsfeld",
        empty_label=_("alle Handlungsfelder"),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    ampel = django_filters.MultipleChoiceFilter(label=_("Ampel"), choices=Ampel.choices)
    akteur = django_filters.ModelChoiceFilter(
        label=_("Akteur"),
        queryset=_akteure,
        to_field_name="slug",
        method=_unveraendert,
        empty_label=_("alle Akteure"),
    )
    seite = django_filters.ChoiceFilter(
        label=_("Seite"),
        choices=Seite.choices,
        method=_unveraendert,
        empty_label=_("verwaltungsintern und -extern"),
    )
    federfuehrend = django_filters.BooleanFilter(
        label=_("nur federführende"),
        method=_unveraendert,
        widget=django_filters.widgets.BooleanWidget(),
    )
    # The Büro's work lists (admin, start page); the definitions live on the queryset.
    ueberfaellig = django_filters.ChoiceFilter(
        label=_("Termin"),
        choices=[("ja", _("überfällig (Zieldatum überschritten, nicht umgesetzt)"))],
        method="filter_ueberfaellig",
    )
    unveraendert = django_filters.ChoiceFilter(
        label=_("Aktualität"),
        choices=[("ja", _("seit 6 Monaten unverändert"))],
        method="filter_unveraendert",
    )
    federfuehrung = django_filters.ChoiceFilter(
        label=_("Federführung"),
        choices=[("ohne", _("ohne federführenden Akteur"))],
        method="filter_federfuehrung",
    )

    class Meta:
        model = Massnahme
        fields = ["q", "kapitel", "handlungsfeld", "status", "ampel", "akteur", "seite"]

    def filter_ueberfaellig(self, queryset, name, value):
        return queryset.ueberfaellig()

    def filter_unveraendert(self, queryset, name, value):
        return queryset.unveraendert_seit()

    def filter_federfuehrung(self, queryset, name, value):
        return queryset.ohne_federfuehrung()

    def filter_q(self, queryset, name, value):
        """Every word must occur in the measure's text (case-insensitive)."""
        bedingung = Q()
        for wort in value.split():
            bedingung &= Q(text__icontains=wort)
        return queryset.filter(bedingung)

    def filter_kapitel(self, queryset, name, value):
        # Handlungsfelder hang under a Kapitel or under one of its Unterkapitel (4 → 4.1 → 4.1.2).
        return queryset.filter(
            Q(teilziel__handlungsfeld__kapitel=value)
            | Q(teilziel__handlungsfeld__kapitel__eltern=value)
            | Q(teilziel__handlungsfeld__kapitel__eltern__eltern=value)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        bedingungen = {}
        if self.form.cleaned_data.get("akteur") is not None:
            bedingungen["akteur"] = self.form.cleaned_data["akteur"]
        if self.form.cleaned_data.get("seite"):
            bedingungen["seite"] = self.form.cleaned_data["seite"]
        if self.form.cleaned_data.get("federfuehrend") is not None:
            bedingungen["federfuehrend"] = self.form.cleaned_data["federfuehrend"]
        if bedingungen:
            queryset = queryset.filter(
                Exists(Zustaendigkeit.objects.filter(massnahme=OuterRef("pk"), **bedingungen))
            )
        return queryset

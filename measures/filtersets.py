"""Filters for Maßnahmen, shared by the public list page, the REST API and the admin's list
(measures/admin/listenfilter.py builds its list filters from this FilterSet).

No template concerns here: labels are plain translatable strings and the GET parameters are
stable, readable values (``?handlungsfeld=5.2&status=in_umsetzung&akteur=hauptamt``) so that a
filtered list can be shared as a link.
"""

import django_filters
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from concept.models import Handlungsfeld, Kapitel
from measures.berichtsrunden import antwort_vorhanden
from measures.choices import Ampel, RundenStatus, Seite, Status
from measures.models import Akteur, Berichtsanfrage, Massnahme, Zustaendigkeit
from measures.permissions import akteure_von
from measures.textsuche import massnahmen_suchen

# These three filters describe ONE Zuständigkeit together: "Akteur X, federführend" means X leads,
# not "X is involved and someone leads". They are therefore applied as a single EXISTS.
ZUSTAENDIGKEIT_FILTER = ("akteur", "seite", "federfuehrend")


# Choices come from the current Konzept only: numbers like "5.2" are unique within an edition.
# Only the columns of the option (value and __str__): the filter needs no more of the chosen
# row than its key, and the Akteure's descriptions are not read for a list of names.
def _kapitel(request=None):
    return Kapitel.objects.im_aktuellen_konzept().only("nummer", "titel").order_by("sortierung")


def _handlungsfelder(request=None):
    return (
        Handlungsfeld.objects.im_aktuellen_konzept().only("nummer", "titel").order_by("sortierung")
    )


def _akteure(request=None):
    return Akteur.objects.only("name", "slug").order_by("name")


def _unveraendert(queryset, name, value):
    # Applied together in MassnahmeFilterSet.filter_queryset (see ZUSTAENDIGKEIT_FILTER).
    return queryset


class MassnahmeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suche im Text"),
        method="filter_q",
        # Bounded like the site-wide search (suche/formulare.py); a longer one is a form error.
        max_length=100,
        help_text=_("Wörter aus dem Text, ein Akteur oder eine Referenz wie „5.2 / 1 a“"),
    )
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
        choices=[("ja", _("überfällig (Zieldatum oder Meilenstein verpasst, nicht umgesetzt)"))],
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

    def get_form_class(self):
        # Built once per class and process instead of per request (a form class of eleven
        # fields, each made from its filter): nothing in it depends on the request. The
        # choices' querysets are lazy (the current edition is a subquery, concept.models) and
        # each form copies its fields, with a fresh queryset (ModelChoiceField.__deepcopy__),
        # so every request still reads the database; labels stay lazy, in the request's language.
        klasse = type(self).__dict__.get("_formularklasse")
        if klasse is None:
            klasse = super().get_form_class()
            type(self)._formularklasse = klasse
        return klasse

    def filter_ueberfaellig(self, queryset, name, value):
        return queryset.ueberfaellig()

    def filter_unveraendert(self, queryset, name, value):
        return queryset.unveraendert_seit()

    def filter_federfuehrung(self, queryset, name, value):
        return queryset.ohne_federfuehrung()

    def filter_q(self, queryset, name, value):
        """A reference, or every word in the text or an Akteur's name (measures/textsuche.py)."""
        return massnahmen_suchen(queryset, value)

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


# --- "Meine Maßnahmen": the partner's own measures -------------------------------------------


def _eigene_anfragen(user):
    # What the open Berichtsrunde asks of the user's Akteure (the one rule: akteure_von).
    return Berichtsanfrage.objects.filter(
        massnahme=OuterRef("pk"),
        berichtsrunde__status=RundenStatus.OFFEN,
        akteur__in=akteure_von(user),
    )


# The order of the status choices is the order of work (nicht begonnen … entfallen).
_STATUS_REIHENFOLGE = Case(
    *(When(status=wert, then=Value(i)) for i, (wert, _titel) in enumerate(Status.choices)),
    default=Value(len(Status.choices)),
)
_REFERENZ = ("teilziel__handlungsfeld__sortierung", "teilziel__nummer", "kennung")
MEINE_SORTIERUNGEN = {
    "": ("-federfuehrend", *_REFERENZ),
    "referenz": _REFERENZ,
    "handlungsfeld": ("teilziel__handlungsfeld__titel", *_REFERENZ),
    "status": (_STATUS_REIHENFOLGE, *_REFERENZ),
    # Longest without news first: what most needs a new Sachstand; never reported comes first.
    "letzter_sachstand": (F("letzter_sachstand").asc(nulls_first=True), *_REFERENZ),
    "-letzter_sachstand": (F("letzter_sachstand").desc(nulls_last=True), *_REFERENZ),
}


class MeineMassnahmenFilterSet(django_filters.FilterSet):
    """Filter and sort "Meine Maßnahmen"; needs ``request`` (the round filter is per user).

    The queryset must carry the annotations ``federfuehrend`` and ``letzter_sachstand``
    (measures/views/partner.py).
    """

    handlungsfeld = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=_handlungsfelder,
        to_field_name="nummer",
        field_name="teilziel__handlungsfeld",
        empty_label=_("alle Handlungsfelder"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("alle Status")
    )
    runde = django_filters.ChoiceFilter(
        label=_("Offene Berichtsrunde"),
        choices=[
            ("angefragt", _("angefragt")),
            ("beantwortet", _("angefragt und beantwortet")),
            ("offen", _("angefragt, noch offen")),
        ],
        empty_label=_("alle Maßnahmen"),
        method="filter_runde",
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortieren nach"),
        choices=[
            ("referenz", _("Nummer der Maßnahme")),
            ("handlungsfeld", _("Handlungsfeld (alphabetisch)")),
            ("status", _("Status")),
            ("letzter_sachstand", _("letzter Sachstand (älteste zuerst)")),
            ("-letzter_sachstand", _("letzter Sachstand (neueste zuerst)")),
        ],
        empty_label=_("federführende zuerst"),
        method="filter_sortierung",
    )

    class Meta:
        model = Massnahme
        fields = ["handlungsfeld", "status", "runde", "sortierung"]

    def filter_runde(self, queryset, name, value):
        anfragen = _eigene_anfragen(self.request.user)
        offen = anfragen.filter(~antwort_vorhanden())
        if value == "offen":
            return queryset.filter(Exists(offen))
        if value == "beantwortet":
            return queryset.filter(Exists(anfragen), ~Exists(offen))
        return queryset.filter(Exists(anfragen))

    def filter_sortierung(self, queryset, name, value):
        return queryset.order_by(*MEINE_SORTIERUNGEN.get(value, MEINE_SORTIERUNGEN[""]))

    def filter_queryset(self, queryset):
        # Without a chosen order the default one applies (a filter method runs only when set).
        if not self.form.cleaned_data.get("sortierung"):
            queryset = queryset.order_by(*MEINE_SORTIERUNGEN[""])
        return super().filter_queryset(queryset)

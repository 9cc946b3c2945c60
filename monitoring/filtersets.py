"""Filtering Messwerte: the breakdown choice of the indicator page and the download filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Messwert


class JahrFilter(django_filters.NumberFilter):
    """A calendar year: a whole number 1–9999, else a form error (not a date out of range, 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class MesswertFilterSet(django_filters.FilterSet):
    nach = django_filters.ChoiceFilter(
        field_name="dimensionen",
        label=_("Aufschlüsselung"),
        empty_label=None,
        choices=[("", _("insgesamt"))],
    )
    von = JahrFilter(field_name="datum__year", lookup_expr="gte", label=_("ab Jahr"))
    bis = JahrFilter(field_name="datum__year", lookup_expr="lte", label=_("bis Jahr"))

    class Meta:
        model = Messwert
        fields = ["nach", "von", "bis"]

    def __init__(self, *args, kombinationen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kombinationen is None:
            # Downloads: any combination, e.g. "geschlecht;stadtbereich" (nothing to list).
            self.filters["nach"] = django_filters.CharFilter(
                field_name="dimensionen", label=_("Aufschlüsselung")
            )
        else:
            # Only the breakdowns this Indikator has values for can be chosen.
            self.filters["nach"].extra["choices"] = kombinationen
            self.form.fields["nach"].choices = kombinationen

    def filter_queryset(self, queryset):
        # ChoiceFilter skips the empty value; "" (the total) is a real choice here.
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("nach") == "" and "nach" in self.data:
            queryset = queryset.filter(dimensionen="")
        return queryset

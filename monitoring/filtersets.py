"""Filtering Messwerte: the breakdown and series choice of the indicator page and the download
filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from monitoring.models import PAAR_TRENNER, WERT_TRENNER, Messwert
from monitoring.reihen import MAX_REIHEN

# The headline series (the total) among the chosen series; every breakdown key has a "=".
GESAMT = "insgesamt"


class JahrFilter(django_filters.NumberFilter):
    """A calendar year: a whole number 1–9999, else a form error (not a date out of range, 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def _dimensionen(schluessel):
    """The combination of a breakdown key from outside; unlike ``models.dimensionen_von`` it
    never fails on a malformed one (``a;b=c``)."""
    return PAAR_TRENNER.join(t.split(WERT_TRENNER, 1)[0] for t in schluessel.split(PAAR_TRENNER))


class ReihenFeld(django_filters.fields.MultipleChoiceField):
    """Checkboxes of series, at most ``max_anzahl`` of them: a chart of more cannot be read."""

    max_anzahl = MAX_REIHEN

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_anzahl:
            raise forms.ValidationError(
                ngettext(
                    "Wählen Sie höchstens %(n)s Reihe aus.",
                    "Wählen Sie höchstens %(n)s Reihen aus.",
                    self.max_anzahl,
                )
                % {"n": self.max_anzahl},
                code="zu_viele",
            )


class ReihenFilter(django_filters.MultipleChoiceFilter):
    field_class = ReihenFeld


class MesswertFilterSet(django_filters.FilterSet):
    nach = django_filters.ChoiceFilter(
        field_name="dimensionen",
        label=_("Aufschlüsselung"),
        empty_label=None,
        choices=[("", _("insgesamt"))],
    )
    # The series of the chosen combination to show (checkboxes on the indicator page). The page
    # reads the choice from ``form.cleaned_data``; the downloads do not have it.
    reihe = ReihenFilter(
        field_name="aufschluesselung",
        label=_("Reihen"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Die Reihe „%(value)s“ gibt es in dieser Aufschlüsselung nicht.")
        },
    )
    von = JahrFilter(field_name="datum__year", lookup_expr="gte", label=_("ab Jahr"))
    bis = JahrFilter(field_name="datum__year", lookup_expr="lte", label=_("bis Jahr"))

    class Meta:
        model = Messwert
        fields = ["nach", "reihe", "von", "bis"]

    def __init__(
        self, data=None, *args, kombinationen=None, reihen_von=None, max_reihen=MAX_REIHEN, **kw
    ):
        """``kombinationen``: ``[(dimensionen, label)]`` the page offers (None: downloads, any
        combination). ``reihen_von(dimensionen)``: ``[(key, label)]`` of that combination's
        series, asked once for the chosen combination; ``max_reihen``: how many may be chosen."""
        self.max_reihen = max_reihen
        self.kombination = ""
        self.reihen_auswahl = []
        if kombinationen is not None:
            self.kombination = self._kombination(data, kombinationen)
            if self.kombination and reihen_von is not None:
                self.reihen_auswahl = list(reihen_von(self.kombination))
            if "" in dict(kombinationen):
                # The total is a series of every combination, of "" (itself) too.
                self.reihen_auswahl.insert(0, (GESAMT, _("insgesamt")))
            data = self._ohne_fremde_reihen(data)
        super().__init__(data, *args, **kw)
        if kombinationen is None:
            # Downloads: any combination, e.g. "geschlecht;stadtbereich" (nothing to list), and
            # always every series of it.
            self.filters["nach"] = django_filters.CharFilter(
                field_name="dimensionen", label=_("Aufschlüsselung")
            )
            del self.filters["reihe"]
        else:
            # Only the breakdowns this Indikator has values for can be chosen.
            self.filters["nach"].extra["choices"] = kombinationen
            self.form.fields["nach"].choices = kombinationen
            self.filters["reihe"].extra["choices"] = self.reihen_auswahl
            self.form.fields["reihe"].choices = self.reihen_auswahl
            self.form.fields["reihe"].max_anzahl = max_reihen

    @staticmethod
    def _kombination(data, kombinationen):
        """The combination the page shows: the asked one if the Indikator has it, else the
        total, else its first breakdown."""
        vorhanden = dict(kombinationen)
        gefragt = data.get("nach") if data is not None else None
        if gefragt in vorhanden:
            return gefragt
        if "" in vorhanden or not kombinationen:
            return ""
        return kombinationen[0][0]

    def _ohne_fremde_reihen(self, data):
        """Drop chosen series of another combination: they were ticked before the reader chose
        a different breakdown in the same form, and mean "start over", not an error. Keys of
        this combination that do not exist, and anything else, stay and fail validation."""
        if data is None or "reihe" not in data:
            return data
        data = data.copy()
        data.setlist(
            "reihe",
            [
                k
                for k in data.getlist("reihe")
                if k == GESAMT or WERT_TRENNER not in k or _dimensionen(k) == self.kombination
            ],
        )
        return data

    @property
    def gewaehlte_reihen(self):
        """The valid chosen series keys (``""`` for the total), or None for "the default"."""
        if not self.is_bound or "reihe" in self.form.errors:
            return None
        gewaehlt = self.form.cleaned_data.get("reihe") or []
        if not gewaehlt:
            return None
        return ["" if k == GESAMT else k for k in gewaehlt]

    def filter_queryset(self, queryset):
        # ChoiceFilter skips the empty value; "" (the total) is a real choice here.
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("nach") == "" and "nach" in self.data:
            queryset = queryset.filter(dimensionen="")
        return queryset

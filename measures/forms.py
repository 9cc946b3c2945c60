"""Forms of the partner pages. Rules on who may submit live in sachstaende.py and permissions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.models import Akteur, Sachstand


class SachstandForm(forms.ModelForm):
    """Status, Ampel, progress, text and date of one Sachstand.

    ``akteure``: the Akteure the user may report for on this measure. With more than one the form
    asks which one the Sachstand is for; with one it is implied. Left out when correcting.
    The date, range and length rules are the model's (``Sachstand.clean`` and the field
    validators, run by the ModelForm); pass ``instance=Sachstand(massnahme=…)`` for a new one
    so that the rules that depend on the measure apply here too.
    """

    akteur = forms.ModelChoiceField(
        queryset=Akteur.objects.none(),
        label=_("Für welchen Akteur melden Sie?"),
        empty_label=None,
        required=False,
    )

    class Meta:
        model = Sachstand
        fields = ["datum", "status", "ampel", "fortschritt", "text"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fortschritt": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "datum": _("Auf welchen Tag bezieht sich der Sachstand?"),
            "ampel": _(
                "im Plan: läuft wie vorgesehen; gefährdet: Ziel oder Termin wackelt; "
                "kritisch: ohne Hilfe nicht zu schaffen."
            ),
            "fortschritt": _("Geschätzter Umsetzungsstand in Prozent (0 bis 100)."),
            "text": _(
                "Was ist seit dem letzten Sachstand geschehen, was ist als Nächstes geplant, "
                "wo hakt es? Der Text wird nach der Freigabe öffentlich angezeigt."
            ),
        }

    def __init__(self, *args, akteure=None, **kwargs):
        super().__init__(*args, **kwargs)
        akteure = list(akteure or [])
        if len(akteure) > 1:
            self.fields["akteur"].queryset = Akteur.objects.filter(pk__in=[a.pk for a in akteure])
            self.fields["akteur"].required = True
        else:
            del self.fields["akteur"]

    def daten(self):
        """The fields for ``sachstaende.einreichen``/``aendern`` (without the Akteur)."""
        return {feld: self.cleaned_data[feld] for feld in self.Meta.fields}

"""The parameters of a report download, checked the Django way (a Form), shared by the views."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from measures.choices import RundenStatus
from measures.models import Berichtsrunde


class BerichtsparameterForm(forms.Form):
    stichtag = forms.DateField(
        label=_("Stichtag"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"]
    )
    berichtsrunde = forms.ModelChoiceField(
        label=_("Berichtsrunde"),
        queryset=Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN),
        required=False,
        empty_label=_("aktueller Stand"),
    )
    intern = forms.BooleanField(label=_("mit internen Notizen (nicht öffentlich)"), required=False)

    def clean(self):
        daten = super().clean()
        if daten.get("stichtag") and daten.get("berichtsrunde"):
            raise ValidationError(
                _("Bitte entweder einen Stichtag oder eine Berichtsrunde angeben, nicht beides.")
            )
        return daten

from django import forms
from django.utils.translation import gettext_lazy as _

from benachrichtigungen.choices import Art


class EinstellungenForm(forms.Form):
    """One checkbox per kind of mail: ticked = wanted."""

    erhalten = forms.MultipleChoiceField(
        label=_("Diese E-Mails möchte ich erhalten"),
        choices=Art.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, arten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["erhalten"].choices = [(a.value, a.label) for a in arten]

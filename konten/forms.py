from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "Die sechs Ziffern aus Ihrer Authenticator-App oder einer Ihrer "
            "Wiederherstellungscodes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": _("Bitte geben Sie den Code ein.")},
    )


class TokenForm(forms.Form):
    bezeichnung = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        required=False,
        help_text=_("Wofür Sie den Token verwenden, z. B. „Fachverfahren Jugendamt“."),
    )

"""The search form: what may be asked (bounded length, a known kind, a page number)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from suche.arten import ARTEN

# Longer than any title or reference someone types; bounds the SQL (concept/volltext.py).
MAX_LAENGE = 100
MAX_SEITE = 1000


class SuchFormular(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=MAX_LAENGE,
        strip=True,
        error_messages={
            "required": _("Bitte geben Sie einen Suchbegriff ein."),
            "max_length": _(
                "Bitte geben Sie höchstens %(limit_value)d Zeichen ein (Sie haben %(show_value)d)."
            ),
        },
    )
    art = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(art.schluessel, art.titel) for art in ARTEN],
        error_messages={"invalid_choice": _("Diese Art von Treffern gibt es nicht.")},
    )
    seite = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_SEITE,
        error_messages={
            "invalid": _("Die Seitenzahl muss eine ganze Zahl sein."),
            "min_value": _("Die Seitenzahl muss eine ganze Zahl sein."),
            "max_value": _("Die Seitenzahl muss eine ganze Zahl sein."),
        },
    )

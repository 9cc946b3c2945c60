"""Forms of the partner pages. Rules on who may submit live in sachstaende.py and permissions.py."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from measures import anhaenge
from measures.models import Akteur, Sachstand


class MehrereDateienInput(forms.FileInput):
    # Django's documented way to take several files through one field.
    allow_multiple_selected = True


class MehrereDateienField(forms.FileField):
    """A list of uploads (possibly empty); each one checked by ``measures.anhaenge``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MehrereDateienInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        einzeln = super().clean
        if isinstance(data, list | tuple):
            return [einzeln(d, initial) for d in data if d]
        return [einzeln(data, initial)] if data else []


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
    anhaenge = MehrereDateienField(
        label=_("Anhänge"),
    )
    ANHANG_HILFE = _(
        "Optional, höchstens %(anzahl)d Dateien zu je höchstens %(groesse)s: PDF, Bilder (PNG, "
        "JPEG, GIF, WebP) oder Office-Dokumente. Anhänge sieht nur das Büro für Integration und "
        "Ihr Akteur; sie werden nicht veröffentlicht."
    )

    class Meta:
        model = Sachstand
        fields = ["datum", "status", "ampel", "fortschritt", "text", "notiz_an_buero"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fortschritt": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "notiz_an_buero": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"notiz_an_buero": _("Notiz an das Büro (wird nicht veröffentlicht)")}
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
            "notiz_an_buero": _(
                "Was das Büro wissen sollte, aber nicht öffentlich werden soll, z. B. eine "
                "Rückfrage oder ein Hinweis zum Anhang."
            ),
        }

    # What a new Sachstand takes over from a sent-back one (measures/views/partner.py).
    VORLAGE_FELDER = ("status", "ampel", "fortschritt", "text", "notiz_an_buero")

    def __init__(self, *args, akteure=None, vorhandene_anhaenge=0, **kwargs):
        super().__init__(*args, **kwargs)
        # Files already kept with the Sachstand count towards the limit when correcting.
        self.vorhandene_anhaenge = vorhandene_anhaenge
        self.fields["anhaenge"].help_text = self.ANHANG_HILFE % {
            "anzahl": anhaenge.HOECHSTZAHL,
            "groesse": filesizeformat(settings.ANHANG_MAX_BYTES),
        }
        akteure = list(akteure or [])
        if len(akteure) > 1:
            self.fields["akteur"].queryset = Akteur.objects.filter(pk__in=[a.pk for a in akteure])
            self.fields["akteur"].required = True
        else:
            del self.fields["akteur"]

    def clean_anhaenge(self):
        # Checked here, before anything is saved: a bad file leaves no Sachstand behind.
        uploads = self.cleaned_data["anhaenge"]
        frei = anhaenge.HOECHSTZAHL - self.vorhandene_anhaenge
        if len(uploads) > frei:
            raise ValidationError(
                _(
                    "Ein Sachstand hat höchstens %(anzahl)d Anhänge; Sie können noch "
                    "%(frei)d anhängen."
                )
                % {"anzahl": anhaenge.HOECHSTZAHL, "frei": max(frei, 0)}
            )
        anhaenge.pruefen(uploads)
        return uploads

    def daten(self):
        """The fields for ``sachstaende.einreichen``/``aendern`` (without Akteur and files)."""
        return {feld: self.cleaned_data[feld] for feld in self.Meta.fields}

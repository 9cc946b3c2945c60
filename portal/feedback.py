"""Feedback from the public to the Büro für Integration, sent by e-mail."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from versand.mail import einreihen


class FeedbackForm(forms.Form):
    # autocomplete: the purpose of the person's own data, for autofill and assistive tools
    # (WCAG 1.3.5).
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nur nötig, wenn Sie eine Antwort wünschen."),
        # Django's own German message addresses the reader with "du"; the city says "Sie".
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org.")
        },
    )
    betreff = forms.CharField(
        label=_("Betreff"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Betreff ein.")},
    )
    nachricht = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Bitte schreiben Sie Ihre Nachricht.")},
    )
    # The page the reader came from, when a page links here with ?seite=…
    seite = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    # A field people leave empty and simple bots fill in; hidden from everyone by CSS and ARIA.
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)

    def clean_betreff(self):
        # The subject becomes a mail header: a line break would end it (Django refuses to send
        # such a mail with BadHeaderError, which was a 500).
        betreff = self.cleaned_data["betreff"]
        if "\n" in betreff or "\r" in betreff:
            raise forms.ValidationError(_("Der Betreff darf keinen Zeilenumbruch enthalten."))
        return betreff

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return ""

    def senden(self):
        """Send the feedback to settings.FEEDBACK_EMAIL (the reply goes to the sender if given)."""
        daten = self.cleaned_data
        text = gettext("Name: %(name)s\nE-Mail: %(email)s\nSeite: %(seite)s\n\n%(nachricht)s") % {
            "name": daten["name"] or "–",
            "email": daten["email"] or "–",
            "seite": daten["seite"] or "–",
            "nachricht": daten["nachricht"],
        }
        einreihen(
            settings.FEEDBACK_EMAIL,
            gettext("[Integrationsportal] %(betreff)s") % {"betreff": daten["betreff"]},
            text,
            anlass="feedback",
            antwort_an=daten["email"],
        )

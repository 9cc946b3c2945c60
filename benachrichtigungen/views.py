"""The one-click opt-out from a mail, and the account's notification settings."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from benachrichtigungen import abbestellen
from benachrichtigungen.choices import Art
from benachrichtigungen.forms import EinstellungenForm
from benachrichtigungen.models import Abbestellung
from measures.permissions import ist_buero


class AbbestellenView(View):
    """GET asks (a mail scanner following the link changes nothing), POST switches off."""

    template_name = "benachrichtigungen/abbestellen.html"

    def _lesen(self, request, token):
        gelesen = abbestellen.lesen(token)
        if gelesen is None:
            response = render(request, "benachrichtigungen/link_ungueltig.html", status=400)
            return None, response
        return gelesen, None

    def get(self, request, token):
        gelesen, fehler = self._lesen(request, token)
        if fehler:
            return fehler
        adresse, art = gelesen
        kontext = {"adresse": adresse, "art": art, "erledigt": abbestellen.ist_abbestellt(*gelesen)}
        return render(request, self.template_name, kontext)

    def post(self, request, token):
        gelesen, fehler = self._lesen(request, token)
        if fehler:
            return fehler
        abbestellen.abbestellen(*gelesen)
        adresse, art = gelesen
        return render(
            request, self.template_name, {"adresse": adresse, "art": art, "erledigt": True}
        )


def arten_fuer(user):
    """The kinds of mail that concern ``user`` (the digest only the Büro)."""
    return [a for a in Art if a != Art.TAGESUEBERSICHT or ist_buero(user)]


class EinstellungenView(LoginRequiredMixin, FormView):
    template_name = "benachrichtigungen/einstellungen.html"
    form_class = EinstellungenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.adressen = abbestellen.adressen_von(request.user)
            self.arten = arten_fuer(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "arten": self.arten}

    def get_initial(self):
        aus = {art for _, art in Abbestellung.objects.fuer(self.adressen)}
        return {"erhalten": [a.value for a in self.arten if a.value not in aus]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(adressen=self.adressen, **kwargs)

    def form_valid(self, form):
        if not self.adressen:
            form.add_error(
                None, _("Ihr Konto hat keine E-Mail-Adresse; es gibt nichts einzustellen.")
            )
            return self.form_invalid(form)
        erhalten = set(form.cleaned_data["erhalten"])
        # Only the kinds shown: a kind this person never sees stays as it is.
        for art in self.arten:
            for adresse in self.adressen:
                if art.value in erhalten:
                    abbestellen.wieder_bestellen(adresse, art)
                else:
                    abbestellen.abbestellen(adresse, art)
        messages.success(self.request, _("Ihre Einstellungen wurden gespeichert."))
        return redirect("benachrichtigungen:einstellungen")

"""``/suche/?q=…``: a reference jumps to its object, anything else lists the hits by kind."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from measures.referenzen import referenz_lesen, ziel_adresse
from suche.abfragen import suchen
from suche.formulare import SuchFormular


class SucheView(TemplateView):
    template_name = "suche/suche.html"

    def get(self, request, *args, **kwargs):
        formular = SuchFormular(request.GET) if "q" in request.GET else SuchFormular()
        context = {"formular": formular, "ergebnis": None}
        if formular.is_bound and formular.is_valid():
            eingabe = formular.cleaned_data["q"]
            referenz = referenz_lesen(eingabe)
            adresse = ziel_adresse(referenz) if referenz else None
            if adresse:
                return redirect(adresse)
            art = formular.cleaned_data["art"] or None
            context["art"] = art
            context["ergebnis"] = ergebnis = suchen(
                eingabe, art=art, seite=formular.cleaned_data["seite"] or 1
            )
            for gruppe in ergebnis.gruppen:
                gruppe.alle_adresse = self._alle_adresse(gruppe, eingabe)
        return self.render_to_response(self.get_context_data(**kwargs, **context))

    def _alle_adresse(self, gruppe, eingabe):
        if gruppe.art.liste is not None:
            return gruppe.art.liste(eingabe)
        parameter = {"q": eingabe, "art": gruppe.art.schluessel}
        return reverse("suche:suche") + "?" + urlencode(parameter)

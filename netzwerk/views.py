"""The page behind an invitation link: set a password (or link an existing account).

Every state of the link has its own German page; nothing here raises a 500 for a bad token.
The rules (what is valid, what accepting does) are in netzwerk/einladungen.py.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from netzwerk import einladungen
from netzwerk.models import EinladungZustand

# Unknown: no such link (404); the others existed once and are no more (410 Gone).
STATUS = {"unbekannt": 404}


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class EinladungView(View):
    def dispatch(self, request, token):
        self.einladung = einladungen.finden(token)
        zustand = self.einladung.zustand if self.einladung else "unbekannt"
        if zustand != EinladungZustand.GUELTIG:
            return self._ungueltig(zustand)
        self.konto = einladungen.vorhandenes_konto(self.einladung.adresse)
        return super().dispatch(request, token)

    def _seite(self, vorlage, status=200, **kontext):
        kontext.setdefault("einladung", self.einladung)
        return TemplateResponse(self.request, f"netzwerk/{vorlage}", kontext, status=status)

    def _ungueltig(self, zustand):
        return self._seite("einladung_ungueltig.html", STATUS.get(zustand, 410), zustand=zustand)

    def _formular(self, daten=None):
        return SetPasswordForm(einladungen.neues_konto(self.einladung), daten)

    def get(self, request, token):
        if self.konto:
            return self._vorhandenes_konto()
        return self._seite("einladung.html", form=self._formular())

    def post(self, request, token):
        try:
            if self.konto:
                return self._verknuepfen()
            form = self._formular(request.POST)
            if not form.is_valid():
                return self._seite("einladung.html", form=form)
            user = einladungen.konto_anlegen(self.einladung, form.cleaned_data["new_password1"])
        except einladungen.NichtMehrGueltig as grund:
            if grund.zustand == "konto_vorhanden":  # created meanwhile, e.g. in another tab
                self.konto = einladungen.vorhandenes_konto(self.einladung.adresse)
                return self._vorhandenes_konto()
            return self._ungueltig(grund.zustand)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return self._willkommen()

    def _vorhandenes_konto(self):
        user = self.request.user
        passt = einladungen.gehoert_zur_adresse(user, self.einladung.adresse)
        return self._seite(
            "einladung_konto_vorhanden.html",
            passt=passt and user.is_active,
            gesperrt=not self.konto.is_active,
            anderes_konto=user.is_authenticated and not passt,
        )

    def _verknuepfen(self):
        user = self.request.user
        if not (
            user.is_authenticated and einladungen.gehoert_zur_adresse(user, self.einladung.adresse)
        ):
            return self._vorhandenes_konto()
        einladungen.konto_verknuepfen(self.einladung, user)
        return self._willkommen()

    def _willkommen(self):
        messages.success(
            self.request,
            _("Willkommen! Sie können jetzt für „%(akteur)s“ Sachstände melden.")
            % {"akteur": self.einladung.ansprechperson.akteur},
        )
        return redirect("measures:meine-massnahmen")

"""The round form, for members (``/berichtsrunden/<pk>/melden/<akteur>/``) and for contacts
without an account (``/melden/<token>/``): one code path, parameterised by who reports.

What the form does is measures/rundenformular.py; who may is measures.permissions (accounts)
and measures/rundenzugaenge.py (links).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from integration_portal import maildrossel
from measures import berichtsrunden, rundenformular, rundenzugaenge, zugangsdrossel
from measures.choices import RundenStatus
from measures.models import Akteur, Berichtsrunde, Rundenzugang

TEMPLATE = "measures/partner/rundenformular.html"


class RundenformularMixin:
    """GET shows the rows, POST saves a draft ("entwurf") or submits. Needs ``self.runde``,
    ``self.akteur`` and ``self.meldende`` from the subclass's ``dispatch``."""

    def _offene(self, zeilen):
        return [z for z in zeilen if z.antwort is None]

    def get(self, request, *args, **kwargs):
        zeilen = rundenformular.zeilen(self.runde, self.akteur)
        gespeichert = rundenformular.entwurf(self.runde, self.akteur)
        rundenformular.formulare_anlegen(self._offene(zeilen), gespeichert=gespeichert)
        return self._seite(zeilen, gespeichert)

    def post(self, request, *args, **kwargs):
        zeilen = rundenformular.zeilen(self.runde, self.akteur)
        offene = self._offene(zeilen)
        if "entwurf" in request.POST:
            rundenformular.entwurf_speichern(
                self.runde, self.akteur, offene, request.POST, self.meldende
            )
            messages.success(
                request,
                _(
                    "Ihr Entwurf ist gespeichert. Angehängte Dateien werden im Entwurf nicht "
                    "gespeichert; bitte hängen Sie sie beim Einreichen an."
                ),
            )
            return redirect(request.path)
        rundenformular.formulare_anlegen(offene, daten=request.POST, dateien=request.FILES)
        try:
            ergebnis, meldungen = rundenformular.einreichen(
                self.runde, self.akteur, offene, self.meldende
            )
        except ValidationError as fehler:  # the round closed while the form was open
            ergebnis, meldungen = None, fehler.messages
        except PermissionDenied as fehler:  # the link was revoked meanwhile
            ergebnis, meldungen = None, [str(fehler)]
        if ergebnis is None:
            gespeichert = rundenformular.entwurf(self.runde, self.akteur)
            return self._seite(zeilen, gespeichert, meldungen=meldungen, status=400)
        messages.success(
            request,
            _(
                "Vielen Dank! %(anzahl)d Sachstand/Sachstände wurden eingereicht und warten "
                "jetzt auf die Prüfung durch das Büro für Integration."
            )
            % {"anzahl": len(ergebnis)},
        )
        return redirect(request.path)

    def _seite(self, zeilen, gespeichert, meldungen=(), status=200):
        kontext = {
            "runde": self.runde,
            "akteur": self.akteur,
            "zeilen": zeilen,
            "anzahl_offen": sum(1 for z in zeilen if z.antwort is None),
            "entwurf": gespeichert,
            "meldungen": meldungen,
            "ansprechperson": self.meldende.ansprechperson,
            "heute": timezone.localdate(),
        }
        return render(self.request, TEMPLATE, kontext, status=status)


class RundenformularView(LoginRequiredMixin, RundenformularMixin, View):
    """For members of the Akteur (measures.permissions.akteure_von); anyone else 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.runde = get_object_or_404(Berichtsrunde, pk=kwargs["pk"], status=RundenStatus.OFFEN)
        self.akteur = get_object_or_404(Akteur, slug=kwargs["akteur"])
        self.meldende = rundenformular.Meldende(user=request.user)
        if not self.meldende.darf(self.akteur):
            raise PermissionDenied(_("Sie können für diesen Akteur nicht melden."))
        return super().dispatch(request, *args, **kwargs)


class AnfordernForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        max_length=254,
        # Django's own German message says "Gib"; the portal says "Sie".
        error_messages={"invalid": gettext_lazy("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )


def _zu_viele(request):
    return render(request, "measures/partner/rundenzugang_zu_viele.html", status=429)


@method_decorator(never_cache, name="dispatch")
class RundenzugangView(RundenformularMixin, View):
    """For a contact without an account, through the personal link of the round's mail."""

    def dispatch(self, request, *args, **kwargs):
        token = kwargs["token"]
        if not zugangsdrossel.erlaubt(request, token):
            return _zu_viele(request)
        pruefung = rundenzugaenge.pruefen(token)
        if not pruefung.gueltig:
            status = 404 if pruefung.grund == rundenzugaenge.UNBEKANNT else 410
            return render(
                request,
                "measures/partner/rundenzugang_ungueltig.html",
                {"grund": pruefung.grund, "form": AnfordernForm()},
                status=status,
            )
        zugang = pruefung.zugang
        Rundenzugang.objects.filter(pk=zugang.pk).update(zuletzt_benutzt_am=timezone.now())
        self.runde, self.akteur = zugang.berichtsrunde, zugang.akteur
        self.meldende = rundenformular.Meldende(zugang=zugang)
        antwort = super().dispatch(request, *args, **kwargs)
        # The token is in the address: no other site may learn it from a link on the page.
        # ("no-referrer" would make the browser send "Origin: null" and fail the CSRF check.)
        antwort["Referrer-Policy"] = "same-origin"
        return antwort


class RundenzugangAnfordernView(View):
    """Ask for a fresh link by address; the answer is the same whether or not it is known."""

    template_name = "measures/partner/rundenzugang_anfordern.html"

    def get(self, request):
        return render(request, self.template_name, {"form": AnfordernForm()})

    def post(self, request):
        form = AnfordernForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        if not maildrossel.client_erlaubt("rundenzugang", request):
            return _zu_viele(request)
        adresse = form.cleaned_data["email"]
        # Too many to one address: the same answer, no mail (nothing tells what is known).
        if maildrossel.adresse_erlaubt("rundenzugang", adresse):
            berichtsrunden.link_erneut_senden(adresse)
        return render(request, self.template_name, {"gesendet": True, "form": AnfordernForm()})

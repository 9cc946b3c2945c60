"""Downloading the PDF progress reports, and the page that links to them.

Public reports are for everyone (DESIGN.md, "Roles"); a report with internal notes (``intern=1``)
only for the Bürgerschaft and the Büro (permissions.darf_internen_bericht_sehen).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from berichte.cache import Ausgelastet, KontingentErschoepft, bericht_pdf
from berichte.data import AKTEUR, GESAMT, HANDLUNGSFELD, BerichtFehler, Berichtsauftrag
from berichte.forms import BerichtsparameterForm
from berichte.render import BerichtAbgebrochen
from concept.models import Handlungsfeld
from integration_portal.client_ip import client_ip
from measures.choices import RundenStatus
from measures.models import Akteur, Berichtsrunde, Zustaendigkeit
from measures.permissions import darf_bericht_zum_stichtag, darf_internen_bericht_sehen

# Seconds a client should wait before asking again when all rendering slots are busy: about
# one Gesamtbericht rendering (README "Fortschrittsberichte").
NOCHMAL_NACH = 5


def _geschlossene_runden():
    return Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN).order_by("-stichtag")


class BerichtDownloadView(View):
    """``GET`` → the PDF as an attachment; parameters: stichtag, berichtsrunde, intern."""

    art = GESAMT

    def get(self, request, nummer=None, slug=None):
        form = BerichtsparameterForm(request.GET)
        if not form.is_valid():
            fehler = " ".join(m for liste in form.errors.values() for m in liste)
            return HttpResponse(fehler, status=400, content_type="text/plain; charset=utf-8")
        daten = form.cleaned_data
        if daten["intern"] and not darf_internen_bericht_sehen(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(_("Berichte mit internen Notizen sind nicht öffentlich."))
        if not darf_bericht_zum_stichtag(request.user, daten["stichtag"]):
            return render(
                request,
                "berichte/nur_angemeldet.html",
                {"stichtag": daten["stichtag"], "berichtsrunden": _geschlossene_runden()},
                status=403,
            )
        # Anonymous clients' new renderings are counted per address (berichte/cache.py).
        kontingent = None if request.user.is_authenticated else client_ip(request)
        try:
            auftrag = Berichtsauftrag(
                art=self.art,
                handlungsfeld=nummer,
                akteur=slug or request.GET.get("akteur"),
                stichtag=daten["stichtag"],
                berichtsrunde=daten["berichtsrunde"].pk if daten["berichtsrunde"] else None,
                intern=daten["intern"],
            )
            abgabe = bericht_pdf(auftrag, kontingent=kontingent)
        except BerichtFehler as fehler:
            raise Http404(str(fehler)) from fehler
        except KontingentErschoepft as grenze:
            antwort = render(
                request,
                "berichte/kontingent.html",
                {"minuten": max(1, round(grenze.sekunden / 60))},
                status=429,
            )
            antwort["Retry-After"] = str(grenze.sekunden)
            return antwort
        except (Ausgelastet, BerichtAbgebrochen):
            antwort = HttpResponse(
                _("Der Bericht wird gerade erstellt. Bitte versuchen Sie es gleich noch einmal."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            antwort["Retry-After"] = str(NOCHMAL_NACH)
            return antwort
        antwort = HttpResponse(abgabe.pdf, content_type="application/pdf")
        antwort["Content-Disposition"] = f'attachment; filename="{abgabe.dateiname}"'
        # Internal reports must not sit in shared caches; an older copy handed out while every
        # rendering slot was busy must not be kept at all (the next request gets the new one).
        if auftrag.intern or abgabe.veraltet:
            antwort["Cache-Control"] = "private, no-store"
        else:
            antwort["Cache-Control"] = "public, max-age=300"
        return antwort


class GesamtberichtView(BerichtDownloadView):
    art = GESAMT


class HandlungsfeldBerichtView(BerichtDownloadView):
    art = HANDLUNGSFELD


class AkteurBerichtView(BerichtDownloadView):
    art = AKTEUR


class BerichteView(TemplateView):
    """Where to download every report: today's, per closed Berichtsrunde, per Handlungsfeld, …"""

    template_name = "berichte/berichte.html"

    def get_context_data(self, **kwargs):
        kontext = super().get_context_data(**kwargs)
        kontext["seite"] = "berichte"
        kontext["handlungsfelder"] = (
            Handlungsfeld.objects.im_aktuellen_konzept().mit_zielen().order_by("sortierung")
        )
        kontext["berichtsrunden"] = _geschlossene_runden()
        kontext["akteure"] = Akteur.objects.filter(
            Exists(Zustaendigkeit.objects.im_aktuellen_konzept().filter(akteur=OuterRef("pk")))
        ).order_by("name")
        kontext["darf_intern"] = darf_internen_bericht_sehen(self.request.user)
        return kontext

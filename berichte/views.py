"""Downloading the PDF progress reports, and the page that links to them.

Public reports are for everyone (DESIGN.md, "Roles"); a report with internal notes (``intern=1``)
only for the Bürgerschaft and the Büro (permissions.darf_internen_bericht_sehen).

No request renders (berichte/ablage.py): a stored file is served; otherwise its rendering is
enqueued and the page "Der Bericht wird erstellt" (202) refreshes itself until it is there.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from berichte import ablage
from berichte.data import AKTEUR, GESAMT, HANDLUNGSFELD, BerichtFehler, Berichtsauftrag
from berichte.forms import BerichtsparameterForm
from berichte.models import DateiStatus
from concept.models import Handlungsfeld
from integration_portal.client_ip import client_ip
from measures.choices import RundenStatus
from measures.models import Akteur, Berichtsrunde, Zustaendigkeit
from measures.permissions import darf_bericht_zum_stichtag, darf_internen_bericht_sehen

# Seconds until the page "wird erstellt" asks again: about one Gesamtbericht rendering.
NEU_LADEN_NACH = 3


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
        # Anonymous clients' new renderings are counted per address (berichte/ablage.py).
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
            datei = ablage.anfordern(auftrag, self.format, kontingent=kontingent)
        except BerichtFehler as fehler:
            raise Http404(str(fehler)) from fehler
        except ablage.KontingentErschoepft as grenze:
            antwort = render(
                request,
                "berichte/kontingent.html",
                {"minuten": max(1, round(grenze.sekunden / 60))},
                status=429,
            )
            antwort["Retry-After"] = str(grenze.sekunden)
            return antwort
        if datei.status == DateiStatus.FERTIG:
            try:
                return self.ausliefern(request, auftrag, datei)
            except FileNotFoundError:  # deleted between the check and now: made again
                datei = ablage.anfordern(auftrag, self.format)  # was stored: never counts
        return self.wird_erstellt(request, auftrag, datei)

    format = "pdf"

    def ausliefern(self, request, auftrag, datei):
        etag = f'"{datei.schluessel}"'
        if etag in request.headers.get("If-None-Match", ""):
            antwort = HttpResponse(status=304)
        else:
            antwort = FileResponse(
                datei.datei.open("rb"), content_type=ablage.FORMATE[datei.format].content_type
            )
            antwort["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
        antwort["ETag"] = etag
        # Internal reports must not sit in shared caches.
        antwort["Cache-Control"] = "private, no-store" if auftrag.intern else "public, max-age=300"
        return antwort

    def wird_erstellt(self, request, auftrag, datei):
        fehlgeschlagen = datei.status == DateiStatus.FEHLER
        antwort = render(
            request,
            "berichte/wird_erstellt.html",
            {
                "auftrag": auftrag,
                "beschreibung": beschreibung(auftrag),
                "fehlgeschlagen": fehlgeschlagen,
                "neu_laden_nach": NEU_LADEN_NACH,
                # WCAG 2.2.1: whoever needs longer turns the automatic reload off.
                "automatisch": request.GET.get("neu_laden") != "aus",
                "ohne_automatik": _mit_parameter(request, "neu_laden", "aus"),
                "erneut_minuten": max(1, round(settings.BERICHT_ERNEUT_SEKUNDEN / 60)),
            },
            status=503 if fehlgeschlagen else 202,
        )
        if fehlgeschlagen:
            antwort["Retry-After"] = str(settings.BERICHT_ERNEUT_SEKUNDEN)
        antwort["Cache-Control"] = "no-store"
        return antwort


def _mit_parameter(request, name, wert):
    parameter = request.GET.copy()
    parameter[name] = wert
    return f"{request.path}?{parameter.urlencode()}"


def beschreibung(auftrag):
    """What is being made, in words: „Gesamtbericht zur Berichtsrunde 2025, öffentlich“."""
    if auftrag.art == HANDLUNGSFELD:
        was = _("Bericht zum Handlungsfeld %(nummer)s") % {"nummer": auftrag.handlungsfeld}
    elif auftrag.art == AKTEUR:
        akteur = Akteur.objects.filter(slug=auftrag.akteur).values_list("name", flat=True).first()
        was = _("Bericht zu den Maßnahmen des Akteurs „%(akteur)s“") % {
            "akteur": akteur or auftrag.akteur
        }
    else:
        was = _("Gesamtbericht")
    if auftrag.berichtsrunde:
        runde = Berichtsrunde.objects.filter(pk=auftrag.berichtsrunde).first()
        wann = _("zur %(runde)s") % {"runde": runde.titel if runde else auftrag.berichtsrunde}
    elif auftrag.stichtag and auftrag.stichtag != timezone.localdate():
        wann = _("zum Stichtag %(tag)s") % {"tag": date_format(auftrag.stichtag, "j. F Y")}
    else:
        wann = _("zum heutigen Stand")
    art = _("mit internen Notizen") if auftrag.intern else _("öffentliche Fassung")
    return f"{was} {wann} ({art})"


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

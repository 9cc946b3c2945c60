"""The Gesamtbericht as an editable Word document (``berichte/gesamtbericht.docx``).

For the Büro, which turns the report into a Beschlussvorlage, and for the Bürgerschaft: only
logged-in users with council rights (``measures.permissions.ist_buergerschaft``, the Büro
included); anonymous users are sent to the login, everyone else gets 403. The parameters and
their rules are the PDF's (``BerichtsparameterForm``, ``darf_internen_bericht_sehen``,
``darf_bericht_zum_stichtag``). Rendered in the request for now: python-docx needs a fraction of
a second for the whole concept (README "Fortschrittsberichte").
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views import View

from berichte.data import GESAMT, HANDLUNGSFELD, BerichtFehler, Berichtsauftrag, sammeln
from berichte.docx import INHALTSTYP, dateiname, docx_erzeugen
from berichte.forms import BerichtsparameterForm
from measures.permissions import (
    darf_bericht_zum_stichtag,
    darf_internen_bericht_sehen,
    ist_buergerschaft,
)


class WordBerichtView(LoginRequiredMixin, View):
    """``GET`` → the report as DOCX attachment; parameters: stichtag, berichtsrunde, intern."""

    art = GESAMT

    def get(self, request, nummer=None):
        if not ist_buergerschaft(request.user):
            raise PermissionDenied(_("Berichte als Word-Dokument sind für Bürgerschaft und Büro."))
        form = BerichtsparameterForm(request.GET)
        if not form.is_valid():
            fehler = " ".join(m for liste in form.errors.values() for m in liste)
            return HttpResponse(fehler, status=400, content_type="text/plain; charset=utf-8")
        daten = form.cleaned_data
        if daten["intern"] and not darf_internen_bericht_sehen(request.user):
            raise PermissionDenied(_("Berichte mit internen Notizen sind nicht öffentlich."))
        if not darf_bericht_zum_stichtag(request.user, daten["stichtag"]):
            raise PermissionDenied(
                _("Einen Bericht zu diesem Stichtag gibt es nur nach Anmeldung.")
            )
        try:
            bericht = sammeln(
                Berichtsauftrag(
                    art=self.art,
                    handlungsfeld=nummer,
                    stichtag=daten["stichtag"],
                    berichtsrunde=daten["berichtsrunde"].pk if daten["berichtsrunde"] else None,
                    intern=daten["intern"],
                )
            )
        except BerichtFehler as fehler:
            raise Http404(str(fehler)) from fehler
        antwort = HttpResponse(docx_erzeugen(bericht), content_type=INHALTSTYP)
        antwort["Content-Disposition"] = f'attachment; filename="{dateiname(bericht)}"'
        antwort["Cache-Control"] = "private, no-store"  # for logged-in users only
        return antwort


class HandlungsfeldWordBerichtView(WordBerichtView):
    art = HANDLUNGSFELD

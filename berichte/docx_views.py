"""The Gesamtbericht as an editable Word document (``berichte/gesamtbericht.docx``).

For the Büro, which turns the report into a Beschlussvorlage, and for the Bürgerschaft: only
logged-in users with council rights (``measures.permissions.ist_buergerschaft``, the Büro
included); anonymous users are sent to the login, everyone else gets 403. The parameters and
their rules are the PDF's (``BerichtsparameterForm``, ``darf_internen_bericht_sehen``,
``darf_bericht_zum_stichtag``), and like the PDF it is made by the task worker into a stored
file (berichte/ablage.py, format "docx").
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from berichte.data import GESAMT, HANDLUNGSFELD
from berichte.views import BerichtDownloadView
from measures.permissions import ist_buergerschaft


class WordBerichtView(LoginRequiredMixin, BerichtDownloadView):
    """The report as DOCX, for council and Büro: the PDF's parameters, rules and stored files."""

    art = GESAMT
    format = "docx"

    def get(self, request, nummer=None, slug=None):
        if not ist_buergerschaft(request.user):
            raise PermissionDenied(_("Berichte als Word-Dokument sind für Bürgerschaft und Büro."))
        return super().get(request, nummer=nummer, slug=slug)

    def ausliefern(self, request, auftrag, datei):
        antwort = super().ausliefern(request, auftrag, datei)
        antwort["Cache-Control"] = "private, no-store"  # only for logged-in users
        return antwort


class HandlungsfeldWordBerichtView(WordBerichtView):
    art = HANDLUNGSFELD

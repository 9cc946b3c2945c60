"""The admin's import pages, once: upload → staged preview → confirm or cancel.

Both imports (Maßnahmen: measures/admin/massnahmen_import.py; Ansprechpersonen:
netzwerk/admin.py) share the way through the pages; what differs is the rule module that reads,
checks and applies the file, the staging kind and the preview, which each admin writes itself
(``import_vorschau_view``). URLs below the admin's list:

- ``import/`` — upload form; a readable, error-free file with something to do is staged and the
  browser sent on to
- ``import/<uuid>/`` — the preview (GET) and its confirmation (POST);
- ``import/<uuid>/abbrechen/`` — cancel (POST): the staged file is deleted.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from measures import importvorschau


class ImportSeitenMixin:
    """For a ModelAdmin. Set ``import_modul`` (with ``lesen_und_pruefen``), ``import_art``
    (an ``importvorschau.Art``), ``import_vorlage``, ``import_formular``, ``import_titel``; write
    ``import_vorschau_view`` and ``braucht_vorschau``."""

    import_url_prefix = None  # default: "<app>_<model>" of the admin

    def _import_prefix(self):
        return self.import_url_prefix or f"{self.opts.app_label}_{self.opts.model_name}"

    def import_url(self, teil="", *args):
        name = f"admin:{self._import_prefix()}_import" + (f"_{teil}" if teil else "")
        return reverse(name, args=args)

    def liste_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def get_urls(self):
        prefix = self._import_prefix()
        eigene = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_hochladen_view),
                name=f"{prefix}_import",
            ),
            path(
                "import/<uuid:pk>/",
                self.admin_site.admin_view(self.import_vorschau_view),
                name=f"{prefix}_import_vorschau",
            ),
            path(
                "import/<uuid:pk>/abbrechen/",
                self.admin_site.admin_view(self.import_abbrechen_view),
                name=f"{prefix}_import_abbrechen",
            ),
        ]
        return eigene + super().get_urls()

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    def _darf_importieren(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "kann_importieren": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def _import_kontext(self, request, **kwargs):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": self.import_titel,
            "liste_url": self.liste_url(),
            **kwargs,
        }

    def braucht_vorschau(self, ergebnis):
        """Whether a checked file has anything to confirm (else the upload page says so)."""
        raise NotImplementedError

    def import_hochladen_view(self, request):
        self._darf_importieren(request)
        formular = self.import_formular(request.POST or None, request.FILES or None)
        kontext = self._import_kontext(request, formular=formular)
        if request.method == "POST" and formular.is_valid():
            hochgeladen = formular.cleaned_data["datei"]
            inhalt = hochgeladen.read()
            _tabelle, ergebnis = self.import_modul.lesen_und_pruefen(inhalt, hochgeladen.name)
            if ergebnis.ok and self.braucht_vorschau(ergebnis):
                vorschau = importvorschau.ablegen(
                    request.user, self.import_art, hochgeladen.name, inhalt
                )
                return redirect(self.import_url("vorschau", vorschau.pk))
            kontext.update(ergebnis=ergebnis, dateiname=hochgeladen.name)
        return TemplateResponse(request, self.import_vorlage, kontext)

    def _gestufte_vorschau(self, request, pk):
        """The staged file of this user and kind, with its rows read and checked again."""
        self._darf_importieren(request)
        vorschau = importvorschau.holen(request.user, self.import_art, pk)
        tabelle, ergebnis = self.import_modul.lesen_und_pruefen(vorschau.inhalt, vorschau.dateiname)
        return vorschau, tabelle, ergebnis

    def _vorschau_seite(self, request, vorschau, ergebnis, **kwargs):
        kontext = self._import_kontext(
            request,
            vorschau=vorschau,
            ergebnis=ergebnis,
            dateiname=vorschau.dateiname,
            abbrechen_url=self.import_url("abbrechen", vorschau.pk),
            **kwargs,
        )
        return TemplateResponse(request, self.import_vorlage, kontext)

    def import_abbrechen_view(self, request, pk):
        self._darf_importieren(request)
        vorschau = importvorschau.holen(request.user, self.import_art, pk)
        if request.method == "POST":
            vorschau.delete()
            messages.info(request, _("Import abgebrochen; die Datei wurde verworfen."))
        return redirect(self.liste_url())

"""The Maßnahmen import in the admin: upload → preview (with conflicts to decide) → confirm.

The rules live in ``measures.importing`` (compare, conflicts, all or nothing) and the staging in
``measures.importvorschau`` (owned by the uploader, deleted on confirm/cancel/expiry); this
module only turns requests into calls and pages. URLs below the Maßnahmen list:

- ``import/`` — upload form; a readable, error-free file is staged and the browser sent on to
- ``import/<uuid>/`` — the preview (GET) and its confirmation (POST);
- ``import/<uuid>/abbrechen/`` — cancel (POST): the staged file is deleted.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures import importing, importvorschau

VORLAGE = "admin/measures/massnahme/importieren.html"


class HochladenFormular(forms.Form):
    datei = forms.FileField(
        label=gettext_lazy("Datei (CSV oder XLSX)"),
        help_text=gettext_lazy(
            "Am besten ein Export dieser Liste: Status, Ampel, Fortschritt, Beginn und Zieldatum "
            "ändern, Spalten „Referenz“ und „Version“ stehen lassen. CSV darf Komma oder "
            "Semikolon trennen (wie Excel), in UTF-8 oder Windows-1252."
        ),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if meldung := importvorschau.zu_gross(datei):
            raise forms.ValidationError(meldung)
        return datei


def _entscheidungen(post, ergebnis):
    """``{row: DATEI | AKTUELL}`` from the form; „alle übernehmen“ fills the undecided ones."""
    alle = post.get("alle_konflikte")
    entscheidungen = {}
    for zeile in ergebnis.konflikte:
        wahl = post.get(f"entscheidung_{zeile.nummer}") or alle
        if wahl in (importing.DATEI, importing.AKTUELL):
            entscheidungen[zeile.nummer] = wahl
    return entscheidungen


def _gesehen(post):
    gesehen = {}
    for name, wert in post.items():
        if name.startswith("version_") and name[8:].isdigit() and wert.isdigit():
            gesehen[int(name[8:])] = int(wert)
    return gesehen


class MassnahmenImportMixin:
    """For ``MassnahmeAdmin``: the import views and their URLs."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
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
            "title": _("Maßnahmen importieren"),
            "liste_url": reverse("admin:measures_massnahme_changelist"),
            **kwargs,
        }

    def import_hochladen_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        formular = HochladenFormular(request.POST or None, request.FILES or None)
        kontext = self._import_kontext(request, formular=formular)
        if request.method == "POST" and formular.is_valid():
            hochgeladen = formular.cleaned_data["datei"]
            inhalt = hochgeladen.read()
            _tabelle, ergebnis = importing.lesen_und_pruefen(inhalt, hochgeladen.name)
            if ergebnis.ok and (ergebnis.geaenderte or ergebnis.konflikte):
                vorschau = importvorschau.ablegen(
                    request.user, importvorschau.Art.MASSNAHMEN, hochgeladen.name, inhalt
                )
                return redirect("admin:measures_massnahme_import_vorschau", pk=vorschau.pk)
            kontext.update(ergebnis=ergebnis, dateiname=hochgeladen.name)
        return TemplateResponse(request, VORLAGE, kontext)

    def import_vorschau_view(self, request, pk):
        if not self.has_import_permission(request):
            raise PermissionDenied
        vorschau = importvorschau.holen(request.user, importvorschau.Art.MASSNAHMEN, pk)
        tabelle, ergebnis = importing.lesen_und_pruefen(vorschau.inhalt, vorschau.dateiname)
        if request.method == "POST" and tabelle is not None:
            ergebnis = importing.anwenden(
                tabelle,
                gesehen=_gesehen(request.POST),
                entscheidungen=_entscheidungen(request.POST, ergebnis),
                benutzer=request.user,
                grund=_("Import aus „%(datei)s“") % {"datei": vorschau.dateiname},
            )
            if ergebnis.ok and not ergebnis.hinweise:
                vorschau.delete()
                messages.success(
                    request,
                    _("Import übernommen: %(n)s Maßnahme(n) geändert.")
                    % {"n": ergebnis.angewendet},
                )
                return redirect("admin:measures_massnahme_changelist")
            # Changed meanwhile or undecided: show the preview as it is now, with the reasons.
            for hinweis in ergebnis.hinweise:
                messages.error(request, hinweis)
            ergebnis = importing.pruefen(tabelle)
        kontext = self._import_kontext(
            request,
            vorschau=vorschau,
            ergebnis=ergebnis,
            dateiname=vorschau.dateiname,
            entscheidungen=_entscheidungen(request.POST, ergebnis) if request.POST else {},
            abbrechen_url=reverse("admin:measures_massnahme_import_abbrechen", args=[vorschau.pk]),
            DATEI=importing.DATEI,
            AKTUELL=importing.AKTUELL,
        )
        return TemplateResponse(request, VORLAGE, kontext)

    def import_abbrechen_view(self, request, pk):
        if not self.has_import_permission(request):
            raise PermissionDenied
        vorschau = importvorschau.holen(request.user, importvorschau.Art.MASSNAHMEN, pk)
        if request.method == "POST":
            vorschau.delete()
            messages.info(request, _("Import abgebrochen; die Datei wurde verworfen."))
        return redirect("admin:measures_massnahme_changelist")

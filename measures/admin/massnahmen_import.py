"""The Maßnahmen import in the admin: upload → preview (with conflicts to decide) → confirm.

The rules live in ``measures.importing`` (compare, conflicts, all or nothing) and the staging in
``measures.importvorschau`` (owned by the uploader, deleted on confirm/cancel/expiry); the way
through the pages is measures/admin/importseiten.py. This module adds the preview with its
conflict decisions.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures import importing, importvorschau
from measures.admin.importseiten import ImportSeitenMixin

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


class MassnahmenImportMixin(ImportSeitenMixin):
    """For ``MassnahmeAdmin``: the pages of measures/admin/importseiten.py, with its preview."""

    import_modul = importing
    import_art = importvorschau.Art.MASSNAHMEN
    import_vorlage = VORLAGE
    import_formular = HochladenFormular
    import_titel = gettext_lazy("Maßnahmen importieren")

    def braucht_vorschau(self, ergebnis):
        return bool(ergebnis.geaenderte or ergebnis.konflikte)

    def import_vorschau_view(self, request, pk):
        vorschau, tabelle, ergebnis = self._gestufte_vorschau(request, pk)
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
                return redirect(self.liste_url())
            # Changed meanwhile or undecided: show the preview as it is now, with the reasons.
            for hinweis in ergebnis.hinweise:
                messages.error(request, hinweis)
            ergebnis = importing.pruefen(tabelle)
        return self._vorschau_seite(
            request,
            vorschau,
            ergebnis,
            entscheidungen=_entscheidungen(request.POST, ergebnis) if request.POST else {},
            DATEI=importing.DATEI,
            AKTUELL=importing.AKTUELL,
        )

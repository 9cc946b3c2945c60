"""Admin of the monitoring, with a CSV/JSON upload that previews before it writes.

The upload is a small form around ``monitoring.importing`` rather than django-import-export:
the long format has one column per Dimension (a set staff extend), each row's breakdown becomes a
normalised key, new Ausprägungen are created on the way, and the very same code must serve the
management command and the tests. import-export's one-row-one-instance resources would need most
of that rebuilt in hooks; its preview would not show breakdowns or row-numbered errors as we do.
"""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from concept.admin import GepruefteHistorieAdmin
from monitoring import importing
from monitoring.models import Auspraegung, Dimension, Indikator, Messwert

VORSCHAU_ZEILEN = 200
ABLAGE = Path(tempfile.gettempdir()) / "integrationsportal-import"


class ImportFormular(forms.Form):
    datei = forms.FileField(
        label=_l("Datei (CSV oder JSON)"),
        help_text=_l(
            "Langformat: eine Zeile je Wert – Spalten indikator, datum, wert, je "
            "Dimension eine Spalte, genauigkeit, quelle, status, anmerkung."
        ),
    )


class BestaetigenFormular(forms.Form):
    marke = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    dateiname = forms.CharField(widget=forms.HiddenInput, required=False)


def _ablegen(inhalt):
    """Keep the previewed file until it is confirmed; the mark is unguessable."""
    ABLAGE.mkdir(parents=True, exist_ok=True)
    marke = secrets.token_hex(16)
    (ABLAGE / marke).write_bytes(inhalt)
    return marke


class AuspraegungInline(admin.TabularInline):
    model = Auspraegung
    extra = 1
    fields = ["name", "slug", "sortierung"]

    # Slugs are part of stored breakdown keys: made from the name on creation, never edited.
    readonly_fields = ["slug"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sortierung"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AuspraegungInline]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields


@admin.register(Indikator)
class IndikatorAdmin(GepruefteHistorieAdmin):
    list_display = ["name", "kennung", "einheit", "richtung", "oeffentlich", "verantwortlich"]
    list_filter = ["oeffentlich", "richtung", "einheit", "handlungsfelder"]
    search_fields = ["name", "kennung", "kurzdefinition", "datenquelle"]
    list_select_related = ["verantwortlich"]
    filter_horizontal = ["handlungsfelder", "teilziele"]
    prepopulated_fields = {"kennung": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "kennung", "kurzdefinition", "methode", "hinweise"]}),
        (
            _l("Werte"),
            {"fields": ["einheit", "einheit_bezeichnung", "nachkommastellen", "datenquelle"]},
        ),
        (_l("Ziel"), {"fields": ["richtung", "zielwert", "zieljahr"]}),
        (_l("Zuordnung"), {"fields": ["verantwortlich", "handlungsfelder", "teilziele"]}),
        (_l("Veröffentlichung"), {"fields": ["oeffentlich", "sortierung"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teilziele":
            from concept.models import Teilziel

            kwargs["queryset"] = Teilziel.objects.select_related("handlungsfeld")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Messwert)
class MesswertAdmin(GepruefteHistorieAdmin):
    list_display = [
        "indikator",
        "datum",
        "zeitart",
        "aufschluesselung",
        "wert",
        "genauigkeit",
        "status",
    ]
    list_filter = ["status", "zeitart", "indikator"]
    search_fields = ["indikator__name", "indikator__kennung", "aufschluesselung", "quelle"]
    list_select_related = ["indikator"]
    date_hierarchy = "datum"
    # Counting 100 000 rows for every page of the list is what makes large admins slow.
    show_full_result_count = False
    readonly_fields = ["dimensionen", "geaendert_am"]
    fields = [
        "indikator",
        "datum",
        "zeitart",
        "aufschluesselung",
        "dimensionen",
        "wert",
        "genauigkeit",
        "quelle",
        "status",
        "anmerkung",
        "geaendert_am",
    ]
    change_list_template = "admin/monitoring/messwert/change_list.html"

    def get_urls(self):
        eigene = [
            path(
                "importieren/",
                self.admin_site.admin_view(self.importieren_view),
                name="monitoring_messwert_importieren",
            ),
        ]
        return eigene + super().get_urls()

    def importieren_view(self, request):
        """Step 1: upload → preview (dry run). Step 2: confirm → apply all or nothing."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        kontext = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Messwerte importieren"),
            "vorschau_zeilen": VORSCHAU_ZEILEN,
        }
        if request.method == "POST" and "marke" in request.POST:
            bestaetigen = BestaetigenFormular(request.POST)
            datei = ABLAGE / bestaetigen.data.get("marke", "x")
            if not bestaetigen.is_valid() or not datei.exists():
                messages.error(
                    request, _("Die Vorschau ist abgelaufen. Bitte die Datei erneut hochladen.")
                )
                return redirect("admin:monitoring_messwert_importieren")
            ergebnis = importing.importieren(
                datei.read_bytes(),
                bestaetigen.cleaned_data["dateiname"],
                anwenden=True,
                benutzer=request.user,
                grund=_("Import aus %(datei)s") % {"datei": bestaetigen.cleaned_data["dateiname"]},
            )
            datei.unlink(missing_ok=True)
            if ergebnis.ok:
                messages.success(request, ergebnis.zusammenfassung())
                return redirect("admin:monitoring_messwert_changelist")
            # The database changed between preview and confirmation: show what is wrong now.
            kontext.update(formular=ImportFormular(), ergebnis=ergebnis)
            return TemplateResponse(request, "admin/monitoring/messwert/importieren.html", kontext)

        formular = ImportFormular(request.POST or None, request.FILES or None)
        if request.method == "POST" and formular.is_valid():
            hochgeladen = formular.cleaned_data["datei"]
            inhalt = hochgeladen.read()
            ergebnis = importing.importieren(inhalt, hochgeladen.name, anwenden=False)
            kontext["ergebnis"] = ergebnis
            if ergebnis.ok and (ergebnis.neu or ergebnis.geaendert):
                kontext["bestaetigen"] = BestaetigenFormular(
                    initial={"marke": _ablegen(inhalt), "dateiname": hochgeladen.name}
                )
        kontext["formular"] = formular
        kontext["abbrechen_url"] = reverse("admin:monitoring_messwert_changelist")
        return TemplateResponse(request, "admin/monitoring/messwert/importieren.html", kontext)

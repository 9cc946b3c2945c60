"""Admin of the monitoring, with a CSV/JSON upload that previews before it writes.

The upload is a small form around ``monitoring.importing`` rather than django-import-export:
the long format has one column per Dimension (a set staff extend), each row's breakdown becomes a
normalised key, new Ausprägungen are created on the way, and the very same code must serve the
management command and the tests. import-export's one-row-one-instance resources would need most
of that rebuilt in hooks; its preview would not show breakdowns or row-numbered errors as we do.

Between preview and confirmation the file is an ``ImportVorschau`` (measures/importvorschau.py):
in the database, visible only to the uploader, deleted on confirmation, cancellation or expiry.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from concept.admin import GepruefteHistorieAdmin, HistorieTitel
from integration_portal.admin_tabellen import BeschrifteteTabellenInline
from measures import importvorschau
from monitoring import geheimhaltung, importing
from monitoring.models import (
    Auspraegung,
    Definitionsversion,
    Dimension,
    Indikator,
    Messwert,
    Vergleichswert,
    Wirkung,
    Zielwert,
)

VORSCHAU_ZEILEN = 200
VORLAGE = "admin/monitoring/messwert/importieren.html"


class ImportFormular(forms.Form):
    datei = forms.FileField(
        label=_l("Datei (CSV oder JSON)"),
        help_text=_l(
            "Langformat: eine Zeile je Wert – Spalten indikator, datum, wert, je "
            "Dimension eine Spalte, genauigkeit, quelle, status, anmerkung."
        ),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if meldung := importvorschau.zu_gross(datei):
            raise forms.ValidationError(meldung)
        return datei


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


class ZielwertInline(BeschrifteteTabellenInline):
    model = Zielwert
    extra = 0
    fields = ["jahr", "wert", "anmerkung"]


class DefinitionsversionInline(BeschrifteteTabellenInline):
    model = Definitionsversion
    extra = 0
    fields = ["gueltig_ab", "beschreibung"]


class VergleichswertInline(BeschrifteteTabellenInline):
    model = Vergleichswert
    extra = 0
    fields = ["gebiet", "gebiet_name", "datum", "zeitart", "aufschluesselung", "wert", "quelle"]
    fields += ["anmerkung"]


class WirkungForm(forms.ModelForm):
    """The inline row runs ``Wirkung.clean`` (the model's rule, no copy of it); its message is
    about the indicator, which is the hidden parent link here, so it is shown for the row."""

    class Meta:
        model = Wirkung
        fields = ["massnahme", "richtung"]

    def add_error(self, field, error):
        if field is None and hasattr(error, "error_dict") and "indikator" in error.error_dict:
            error = ValidationError(
                {
                    (NON_FIELD_ERRORS if k == "indikator" else k): v
                    for k, v in error.error_dict.items()
                }
            )
        super().add_error(field, error)


class WirkungInline(BeschrifteteTabellenInline):
    model = Wirkung
    form = WirkungForm
    extra = 0
    fields = ["massnahme", "richtung"]
    autocomplete_fields = ["massnahme"]


@admin.register(Indikator)
class IndikatorAdmin(HistorieTitel, GepruefteHistorieAdmin):
    list_display = ["name", "kennung", "art", "einheit", "richtung", "oeffentlich"]
    list_display += ["vorschlag", "kommunal_verfuegbar", "naechste_lieferung", "verantwortlich"]
    list_filter = ["art", "vorschlag", "oeffentlich", "kommunal_verfuegbar", "richtung", "einheit"]
    list_filter += ["handlungsfelder"]
    search_fields = ["name", "kennung", "kurzdefinition", "datenquelle"]
    list_select_related = ["verantwortlich"]
    filter_horizontal = ["handlungsfelder", "teilziele"]
    prepopulated_fields = {"kennung": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "kennung", "art", "vorschlag", "kurzdefinition", "methode"]}),
        (None, {"fields": ["hinweise"]}),
        (
            _l("Werte"),
            {
                "fields": [
                    "einheit",
                    "einheit_bezeichnung",
                    "einheitengruppe",
                    "nachkommastellen",
                    "datenquelle",
                    "mindestfallzahl",
                ]
            },
        ),
        (_l("Ziel"), {"fields": ["richtung"]}),
        (
            _l("Datenlage"),
            {"fields": ["verantwortlich", "kommunal_verfuegbar", "rhythmus", "naechste_lieferung"]},
        ),
        (_l("Zuordnung"), {"fields": ["handlungsfelder", "teilziele"]}),
        (_l("Veröffentlichung"), {"fields": ["oeffentlich", "sortierung"]}),
    ]
    inlines = [ZielwertInline, DefinitionsversionInline, VergleichswertInline, WirkungInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teilziele":
            from concept.models import Teilziel

            kwargs["queryset"] = Teilziel.objects.select_related("handlungsfeld")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Messwert)
class MesswertAdmin(HistorieTitel, GepruefteHistorieAdmin):
    list_display = [
        "indikator",
        "datum",
        "zeitart",
        "aufschluesselung",
        "wert",
        "geheim_gehalten",
        "genauigkeit",
        "status",
    ]
    list_filter = ["status", "zeitart", "indikator"]
    search_fields = ["indikator__name", "indikator__kennung", "aufschluesselung", "quelle"]
    list_select_related = ["indikator"]
    date_hierarchy = "datum"
    # Counting 100 000 rows for every page of the list is what makes large admins slow.
    show_full_result_count = False
    readonly_fields = ["dimensionen", "geheim_gehalten", "geaendert_am"]
    fields = [
        "indikator",
        "datum",
        "zeitart",
        "aufschluesselung",
        "dimensionen",
        "wert",
        "geheim_gehalten",
        "genauigkeit",
        "quelle",
        "status",
        "anmerkung",
        "fallzahl",
        "quelle_akteur",
        "leistungsmeldung",
        "geaendert_am",
    ]
    raw_id_fields = ["leistungsmeldung"]
    change_list_template = "admin/monitoring/messwert/change_list.html"

    # The Büro sees the true value here; the mark says that public outputs show „•“ instead.
    def get_changelist_instance(self, request):
        cl = super().get_changelist_instance(request)
        seite = list(cl.result_list)
        geheimhaltung.sperrliste({m.indikator_id for m in seite}).markieren(seite)
        cl.result_list = seite
        return cl

    @admin.display(description=_l("geheim gehalten"), boolean=True)
    def geheim_gehalten(self, obj):
        if obj.pk is None:
            return None
        if not hasattr(obj, "gesperrt"):  # the change form: one object
            geheimhaltung.fuer(obj.indikator).markieren([obj])
        return obj.gesperrt

    def get_urls(self):
        eigene = [
            path(
                "importieren/",
                self.admin_site.admin_view(self.importieren_view),
                name="monitoring_messwert_importieren",
            ),
            path(
                "importieren/<uuid:pk>/",
                self.admin_site.admin_view(self.import_vorschau_view),
                name="monitoring_messwert_import_vorschau",
            ),
            path(
                "importieren/<uuid:pk>/abbrechen/",
                self.admin_site.admin_view(self.import_abbrechen_view),
                name="monitoring_messwert_import_abbrechen",
            ),
        ]
        return eigene + super().get_urls()

    def _import_erlaubt(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied

    def _import_kontext(self, request, **kwargs):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Messwerte importieren"),
            "vorschau_zeilen": VORSCHAU_ZEILEN,
            "liste_url": reverse("admin:monitoring_messwert_changelist"),
            "abbrechen_url": reverse("admin:monitoring_messwert_changelist"),
            **kwargs,
        }

    def importieren_view(self, request):
        """Step 1: upload → check (dry run); an error-free file is staged for the preview."""
        self._import_erlaubt(request)
        formular = ImportFormular(request.POST or None, request.FILES or None)
        kontext = self._import_kontext(request, formular=formular)
        if request.method == "POST" and formular.is_valid():
            hochgeladen = formular.cleaned_data["datei"]
            inhalt = hochgeladen.read()
            ergebnis = importing.importieren(inhalt, hochgeladen.name, anwenden=False)
            if ergebnis.ok and (ergebnis.neu or ergebnis.geaendert):
                vorschau = importvorschau.ablegen(
                    request.user, importvorschau.Art.MESSWERTE, hochgeladen.name, inhalt
                )
                return redirect("admin:monitoring_messwert_import_vorschau", pk=vorschau.pk)
            kontext["ergebnis"] = ergebnis
        return TemplateResponse(request, VORLAGE, kontext)

    def import_vorschau_view(self, request, pk):
        """Step 2: the preview (GET) of the uploader's own file; confirm (POST) applies it."""
        self._import_erlaubt(request)
        vorschau = importvorschau.holen(request.user, importvorschau.Art.MESSWERTE, pk)
        grund = _("Import aus %(datei)s") % {"datei": vorschau.dateiname}
        ergebnis = importing.importieren(
            vorschau.inhalt,
            vorschau.dateiname,
            anwenden=request.method == "POST",
            benutzer=request.user,
            grund=grund,
        )
        if ergebnis.angewendet:
            vorschau.delete()
            messages.success(request, ergebnis.zusammenfassung())
            return redirect("admin:monitoring_messwert_changelist")
        # A preview, or the database changed since and the file no longer fits: show it.
        kontext = self._import_kontext(
            request,
            vorschau=vorschau,
            ergebnis=ergebnis,
            verwerfen_url=reverse("admin:monitoring_messwert_import_abbrechen", args=[pk]),
        )
        return TemplateResponse(request, VORLAGE, kontext)

    def import_abbrechen_view(self, request, pk):
        self._import_erlaubt(request)
        vorschau = importvorschau.holen(request.user, importvorschau.Art.MESSWERTE, pk)
        if request.method == "POST":
            vorschau.delete()
            messages.info(request, _("Import abgebrochen; die Datei wurde verworfen."))
        return redirect("admin:monitoring_messwert_changelist")

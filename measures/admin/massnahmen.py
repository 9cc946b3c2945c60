"""The Maßnahmen in the admin: the list the Büro works from every week, and each measure's page.

- The list shows reference, shortened text, status, Ampel, progress, federführende Akteure and
  the last change, in the concept's order; status, Ampel and progress are edited in place.
- The list filters are the public list's and the API's (``measures.filtersets``, turned into
  admin filters by ``listenfilter``): same parameters, same meaning, e.g. "overdue" and "stale"
  as ``MassnahmeQuerySet.ueberfaellig`` / ``unveraendert_seit`` define them.
- No lost updates: every form carries the version it was based on and saves through
  ``measures.locking``; a later save of an older version is refused with what the other person
  changed. The Meilensteine are an inline of the measure's page: the admin saves the measure
  (version claim) before its inlines, so a milestone change of a stale form is refused too.
- "überfällig" stands beside the status (``MassnahmeQuerySet.mit_verzug``, the one rule).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseModelFormSet
from django.http import HttpResponseRedirect
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

import concept.admin  # noqa: F401  (registers TeilzielAdmin before it is replaced below)
from concept.admin import (
    HistorieAdmin,
    TeilzielAdmin,
    WortlautForm,
    WortlautNurLesbarForm,
    kurztext,
)
from concept.models import Teilziel
from measures import locking
from measures.admin.listenfilter import aus_filterset
from measures.admin.massnahmen_import import MassnahmenImportMixin
from measures.choices import Ampel, Status
from measures.filtersets import ZUSTAENDIGKEIT_FILTER, MassnahmeFilterSet
from measures.models import Massnahme, Meilenstein, Zustaendigkeit
from measures.referenzen import referenz_lesen
from measures.resources import EXPORTFORMATE, MassnahmeResource
from measures.templatetags.verzug import verzug_anzeige

# --- Lost updates -------------------------------------------------------------------------


def konflikt_meldung(massnahme, basis_version):
    """The refusal: who changed what since the version the user started from (HTML-safe)."""
    aenderungen = locking.aenderungen_seit(massnahme, basis_version)
    eintraege = []
    for aenderung in aenderungen:
        wer = aenderung.wer or gettext("unbekannt")
        wann = formats.date_format(aenderung.wann, "DATETIME_FORMAT")
        felder = "; ".join(
            f"{feld}: {alt} → {neu}" if alt else f"{feld}: {neu}"
            for feld, alt, neu in aenderung.felder
        ) or gettext("gespeichert ohne Feldänderung")
        eintraege.append((wer, wann, felder))
    return format_html(
        "{}<ul>{}</ul>{}",
        gettext(
            "Ihre Änderungen an %(massnahme)s wurden nicht gespeichert: Die Maßnahme wurde "
            "inzwischen von anderer Seite geändert."
        )
        % {"massnahme": massnahme},
        format_html_join("", "<li>{} ({}): {}</li>", eintraege),
        gettext(
            "Bitte laden Sie die Seite neu, prüfen Sie den aktuellen Stand und tragen Sie "
            "Ihre Änderungen erneut ein."
        ),
    )


class VersionsFeld(forms.IntegerField):
    """The version a form was based on; never itself a "change" of the form."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionsFormMixin(forms.Form):
    """Carries ``Massnahme.version`` through the form and refuses stale saves.

    ``konflikt_feld``: where the refusal is shown (None: at the top of the form).
    """

    basis_version = VersionsFeld(required=False)
    konflikt_feld = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["basis_version"].initial = self.instance.version

    def speichern_noetig(self):
        return True

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or not self.speichern_noetig():
            return cleaned
        basis = cleaned.get("basis_version")
        if basis is None:
            basis = 0  # a form without a version cannot prove it saw the current state
        if basis != self.instance.version:
            self.add_error(self.konflikt_feld, konflikt_meldung(self.instance, basis))
        return cleaned


def speichern(request, massnahme, form):
    """Save through the version check (the database has the last word, see locking)."""
    massnahme._history_user = request.user
    if massnahme.pk is None:
        massnahme.save()
        return massnahme
    return locking.speichern(massnahme, form.cleaned_data["basis_version"])


class MassnahmeForm(VersionsFormMixin, WortlautForm):
    class Meta:
        model = Massnahme
        fields = "__all__"


class MassnahmeListForm(VersionsFormMixin, forms.ModelForm):
    """A row of the list: a row counts as changed only against what the user saw.

    ``show_hidden_initial`` sends the shown values along, so a row someone else changed in the
    meantime is left alone unless this user edited it too (then the save is refused).
    """

    konflikt_feld = "status"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "ampel", "fortschritt"):
            if name in self.fields:
                self.fields[name].show_hidden_initial = True
                if not self.instance.pk:
                    continue  # the formset's empty form stands for no measure
                # List cells have no <label>: screen readers announce "Status 5.2 / 1 a".
                self.fields[name].widget.attrs["aria-label"] = gettext("%(feld)s %(referenz)s") % {
                    "feld": self.fields[name].label,
                    "referenz": self.instance.referenz,
                }

    def speichern_noetig(self):
        return self.has_changed()


class MassnahmeListFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        konflikte = [
            f.instance for f in self.forms if f.errors.get(MassnahmeListForm.konflikt_feld)
        ]
        if konflikte:
            raise ValidationError(
                gettext("Nicht gespeichert, weil inzwischen von anderer Seite geändert: %(liste)s")
                % {"liste": ", ".join(str(m) for m in konflikte)}
            )


class MassnahmeInlineForm(VersionsFormMixin, WortlautNurLesbarForm):
    class Meta:
        model = Massnahme
        fields = "__all__"

    def speichern_noetig(self):
        return self.has_changed()


# --- Filters ------------------------------------------------------------------------------

# The page's and the API's filters, with their parameters and meaning (measures/filtersets.py).
LISTENFILTER = aus_filterset(
    MassnahmeFilterSet,
    [
        "kapitel",
        "handlungsfeld",
        "status",
        "ampel",
        "akteur",
        "seite",
        "federfuehrend",
        "ueberfaellig",
        "unveraendert",
        "federfuehrung",
    ],
    gemeinsam=ZUSTAENDIGKEIT_FILTER,
)


# --- Actions ------------------------------------------------------------------------------


class MassnahmeActionForm(helpers.ActionForm):
    """The action menu plus the value a bulk action sets (labelled for screen readers)."""

    neuer_status = forms.ChoiceField(
        label=_("Neuer Status:"), required=False, choices=[("", "–")] + Status.choices
    )
    neue_ampel = forms.ChoiceField(
        label=_("Neue Ampel:"), required=False, choices=[("", "–")] + Ampel.choices
    )


def _sammelaenderung(modeladmin, request, queryset, feld, wert, bezeichnung):
    geaendert, konflikte = 0, []
    grund = gettext("Sammelaktion: %(feld)s auf „%(wert)s“ gesetzt") % {
        "feld": Massnahme._meta.get_field(feld).verbose_name,
        "wert": bezeichnung,
    }
    for massnahme in queryset.select_related("teilziel__handlungsfeld"):
        if getattr(massnahme, feld) == wert:
            continue
        setattr(massnahme, feld, wert)
        massnahme._history_user = request.user
        try:
            locking.speichern(massnahme, massnahme.version, grund=grund)
        except locking.VeralteteVersion:
            konflikte.append(str(massnahme))
            continue
        modeladmin.log_change(request, massnahme, grund)
        geaendert += 1
    modeladmin.message_user(
        request,
        ngettext("%(anzahl)d Maßnahme geändert.", "%(anzahl)d Maßnahmen geändert.", geaendert)
        % {"anzahl": geaendert},
        messages.SUCCESS,
    )
    if konflikte:
        modeladmin.message_user(
            request,
            gettext("Gleichzeitig von anderer Seite geändert, daher ausgelassen: %(liste)s")
            % {"liste": ", ".join(konflikte)},
            messages.WARNING,
        )


@admin.action(description=_("Status der ausgewählten Maßnahmen setzen"), permissions=["change"])
def status_setzen(modeladmin, request, queryset):
    wert = request.POST.get("neuer_status", "")
    if wert not in Status.values:
        modeladmin.message_user(
            request, gettext("Bitte wählen Sie den neuen Status."), messages.ERROR
        )
        return
    _sammelaenderung(modeladmin, request, queryset, "status", wert, Status(wert).label)


@admin.action(description=_("Ampel der ausgewählten Maßnahmen setzen"), permissions=["change"])
def ampel_setzen(modeladmin, request, queryset):
    wert = request.POST.get("neue_ampel", "")
    if wert not in Ampel.values:
        modeladmin.message_user(
            request, gettext("Bitte wählen Sie die neue Ampel."), messages.ERROR
        )
        return
    _sammelaenderung(modeladmin, request, queryset, "ampel", wert, Ampel(wert).label)


# --- Maßnahme -----------------------------------------------------------------------------


class ZustaendigkeitInlineForm(forms.ModelForm):
    class Meta:
        model = Zustaendigkeit
        fields = ["akteur", "seite", "federfuehrend", "hinweis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seite"].required = False
        self.fields["seite"].help_text = _("leer: wie beim Akteur")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("seite") and cleaned.get("akteur"):
            cleaned["seite"] = cleaned["akteur"].seite
        return cleaned


class ZustaendigkeitInline(admin.TabularInline):
    model = Zustaendigkeit
    form = ZustaendigkeitInlineForm
    autocomplete_fields = ["akteur"]
    extra = 1
    verbose_name_plural = _("Zuständigkeiten (Akteure)")


class MeilensteinInline(admin.TabularInline):
    # The done date's rule is Meilenstein.clean (the inline form runs it).
    model = Meilenstein
    fields = ["titel", "faellig_am", "erledigt_am", "notiz"]
    extra = 1
    verbose_name_plural = _(
        "Meilensteine (ein offener nach seinem Datum macht die Maßnahme überfällig)"
    )


def verzug_zelle(ueberfaellig):
    """The badge of the portal pages, also in the admin (measures/templatetags/verzug.py)."""
    return verzug_anzeige(ueberfaellig)


def mit_federfuehrenden(queryset):
    """The list's queryset: one query for measures, one for all their federführende Akteure."""
    return queryset.select_related("teilziel__handlungsfeld").prefetch_related(
        Prefetch(
            "zustaendigkeiten",
            queryset=Zustaendigkeit.objects.filter(federfuehrend=True)
            .select_related("akteur")
            .order_by("akteur__name"),
            to_attr="federfuehrende",
        )
    )


@admin.register(Massnahme)
class MassnahmeAdmin(MassnahmenImportMixin, ExportMixin, HistorieAdmin):
    form = MassnahmeForm
    list_display = [
        "referenz_anzeige",
        "kurzer_text",
        "status",
        "verzug",
        "ampel",
        "fortschritt",
        "federfuehrende_akteure",
        "geaendert_am",
    ]
    list_display_links = ["referenz_anzeige", "kurzer_text"]
    list_editable = ["status", "ampel", "fortschritt"]
    list_filter = LISTENFILTER
    search_fields = ["text", "zustaendigkeiten__akteur__name", "zustaendigkeiten__akteur__kurzname"]
    search_help_text = _(
        "Sucht im Text der Maßnahme und in den Namen der zuständigen Akteure; "
        "eine Referenz wie „5.2 / 1 a“ findet die Maßnahme direkt."
    )
    list_per_page = 50
    actions = [status_setzen, ampel_setzen]
    action_form = MassnahmeActionForm
    autocomplete_fields = ["teilziel", "verweise"]
    readonly_fields = ["referenz_anzeige", "geaendert_am"]
    inlines = [ZustaendigkeitInline, MeilensteinInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "referenz_anzeige",
                    "teilziel",
                    "kennung",
                    "text",
                    "aenderungsgrund",
                    "basis_version",
                ]
            },
        ),
        (
            _("Umsetzung"),
            {"fields": ["status", "ampel", "fortschritt", "beginn", "zieldatum", "geaendert_am"]},
        ),
        (_("Intern"), {"fields": ["interne_notiz", "verweise"]}),
    ]
    change_list_template = "admin/measures/massnahme/change_list.html"

    # Export (import-export's page, our writers): the list as filtered, CSV/Excel-CSV/XLSX.
    # Import: measures/admin/massnahmen_import.py.
    resource_classes = [MassnahmeResource]
    export_formats = EXPORTFORMATE
    export_form_class = ExportForm

    class Media:
        css = {"all": ["measures/admin/verzug.css"]}

    def get_queryset(self, request):
        return mit_federfuehrenden(super().get_queryset(request).mit_verzug())

    @admin.display(description=_("Termin"), ordering="ist_ueberfaellig")
    def verzug(self, obj):
        return verzug_zelle(getattr(obj, "ist_ueberfaellig", False))

    def get_changelist_form(self, request, **kwargs):
        return MassnahmeListForm

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=MassnahmeListFormSet, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        treffer, duplikate = super().get_search_results(request, queryset, search_term)
        # "5.2 / 1 a", "5.2-1a", "5.2": the one parser (measures/referenzen.py).
        referenz = referenz_lesen(search_term)
        if referenz is not None:
            treffer = treffer | queryset.filter(referenz.massnahmen_q())
        return treffer, duplikate

    @admin.display(description=_("Referenz"), ordering="teilziel__handlungsfeld__sortierung")
    def referenz_anzeige(self, obj):
        return obj.referenz if obj.pk else "–"

    @admin.display(description=_("Maßnahme"))
    def kurzer_text(self, obj):
        return kurztext(obj.text, woerter=10)

    @admin.display(description=_("federführend"))
    def federfuehrende_akteure(self, obj):
        return ", ".join(z.akteur.kurzname or z.akteur.name for z in obj.federfuehrende) or "–"

    def save_model(self, request, obj, form, change):
        speichern(request, obj, form)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except locking.VeralteteVersion as konflikt:
            # Two saves passed the form check at the same moment; the database let one win.
            return self._konflikt_zurueck(request, konflikt)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except locking.VeralteteVersion as konflikt:
            return self._konflikt_zurueck(request, konflikt)

    def _konflikt_zurueck(self, request, konflikt):
        aktuell = Massnahme.objects.get(pk=konflikt.massnahme.pk)
        self.message_user(
            request, konflikt_meldung(aktuell, konflikt.basis_version), messages.ERROR
        )
        return HttpResponseRedirect(request.get_full_path())

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        daten = self.get_data_for_export(
            request, queryset, force_native_type=file_format.nativ, **kwargs
        )
        return file_format.export_data(daten)


@admin.register(Zustaendigkeit)
class ZustaendigkeitAdmin(HistorieAdmin):
    list_display = ["massnahme", "akteur", "seite", "federfuehrend", "hinweis"]
    list_filter = ["seite", "federfuehrend"]
    list_select_related = ["massnahme__teilziel__handlungsfeld", "akteur"]
    search_fields = ["akteur__name", "massnahme__text"]
    autocomplete_fields = ["massnahme", "akteur"]


# --- Teilziel with its Maßnahmen ----------------------------------------------------------


class MassnahmeInline(admin.TabularInline):
    model = Massnahme
    form = MassnahmeInlineForm
    fields = ["kennung", "text", "status", "ampel", "fortschritt", "zieldatum", "basis_version"]
    extra = 0
    show_change_link = True


admin.site.unregister(Teilziel)


@admin.register(Teilziel)
class TeilzielMitMassnahmenAdmin(TeilzielAdmin):
    inlines = [*TeilzielAdmin.inlines, MassnahmeInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Massnahme:
            return super().save_formset(request, form, formset, change)
        for massnahme in formset.save(commit=False):
            inline_form = next(f for f in formset.forms if f.instance is massnahme)
            speichern(request, massnahme, inline_form)
        for massnahme in formset.deleted_objects:
            massnahme.delete()
        formset.save_m2m()
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except locking.VeralteteVersion as konflikt:
            aktuell = Massnahme.objects.get(pk=konflikt.massnahme.pk)
            self.message_user(
                request, konflikt_meldung(aktuell, konflikt.basis_version), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

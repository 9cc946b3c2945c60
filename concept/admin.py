"""The adopted plan in the admin, navigable as a tree.

Handlungsfeld → its Leitziel and Teilziele inline; Teilziel → its Maßnahmen inline (added by
``measures.admin.massnahmen``, since the concept app knows nothing of measures).

The wording of Leitziele, Teilziele and Maßnahmen is a council decision: changing it on an
object's own page asks for a reason, which history keeps as the change reason. Inline rows show
the adopted wording read-only, so that it cannot change without one.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from concept.models import BestPracticeBeispiel, Handlungsfeld, Kapitel, Konzept, Leitziel, Teilziel


def _zeilenumbrueche_vereinheitlichen(text):
    # Browsers send CRLF from a textarea; the stored text uses LF. Without this, every save
    # would look like a change of the adopted wording.
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def kurztext(text, woerter=14):
    return Truncator(text).words(woerter, truncate=" …")


class WortlautForm(forms.ModelForm):
    """A ModelForm for objects with an adopted ``text``: changing it needs a reason.

    The reason goes into the history record (simple-history's change reason). A small script
    (``concept/admin/wortlaut.js``) shows the field only once the text is edited; without
    scripts it is always visible.
    """

    aenderungsgrund = forms.CharField(
        label=_("Grund der Änderung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Pflichtangabe, wenn Sie den beschlossenen Wortlaut ändern, z. B. "
            "„Tippfehler korrigiert“ oder „Beschluss 2024/BV/0123“."
        ),
    )

    class Media:
        js = ["concept/admin/wortlaut.js"]

    def clean_text(self):
        return _zeilenumbrueche_vereinheitlichen(self.cleaned_data.get("text"))

    def wortlaut_geaendert(self):
        if not self.instance.pk or "text" not in self.cleaned_data:
            return False
        bisher = _zeilenumbrueche_vereinheitlichen(self.initial.get("text"))
        return self.cleaned_data["text"].strip() != bisher.strip()

    def clean(self):
        cleaned = super().clean()
        if self.wortlaut_geaendert() and not (cleaned.get("aenderungsgrund") or "").strip():
            self.add_error(
                "aenderungsgrund",
                _(
                    "Der Wortlaut ist vom Rat beschlossen. Bitte geben Sie an, warum Sie "
                    "ihn ändern."
                ),
            )
        return cleaned

    def save(self, commit=True):
        grund = (self.cleaned_data.get("aenderungsgrund") or "").strip()
        if grund:
            self.instance._change_reason = grund
        return super().save(commit)


class WortlautNurLesbarForm(forms.ModelForm):
    """Inline rows: an existing object's adopted text is shown but not editable here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "text" in self.fields:
            self.fields["text"].disabled = True
            self.fields["text"].help_text = _(
                "Den beschlossenen Wortlaut ändern Sie auf der Seite des Eintrags (mit Begründung)."
            )


class LesbareAenderungen(HistoricalRecordContextHelper):
    """Show choices by their German label ("in Umsetzung", not "in_umsetzung")."""

    def prepare_delta_change_value(self, change, value):
        feld = self.model._meta.get_field(change.field)
        if feld.choices and not feld.many_to_many:
            return dict(feld.flatchoices).get(value, value)
        if value in (None, ""):
            return "–"
        return super().prepare_delta_change_value(change, value)


class HistorieTitel:
    """German page titles for simple-history's pages (its own catalogue lacks them)."""

    def history_view_title(self, request, obj):
        return gettext("Änderungshistorie: %(objekt)s") % {"objekt": obj}

    def history_form_view_title(self, request, obj):
        return gettext("Früherer Stand: %(objekt)s") % {"objekt": obj}


class HistorieAdmin(HistorieTitel, SimpleHistoryAdmin):
    """History as "Feld: alt → neu, wer, wann, warum" (simple-history's list with deltas)."""

    history_list_per_page = 50

    def get_historical_record_context_helper(self, request, historical_record):
        return LesbareAenderungen(self.model, historical_record)

    # History is for reading. Reverting from an old record would bypass the reason for wording
    # changes and the version check of Maßnahmen; an old state is restored by editing instead.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Konzept)
class KonzeptAdmin(admin.ModelAdmin):
    list_display = ["titel", "beschluss", "beschlossen_am"]
    search_fields = ["titel", "kurztitel", "beschluss"]


@admin.register(Kapitel)
class KapitelAdmin(admin.ModelAdmin):
    list_display = ["nummer", "titel", "eltern", "konzept"]
    list_filter = ["konzept"]
    list_select_related = ["eltern", "konzept"]
    search_fields = ["nummer", "titel"]


class LeitzielInline(admin.StackedInline):
    model = Leitziel
    form = WortlautNurLesbarForm
    fields = ["text"]
    extra = 0
    max_num = 1
    show_change_link = True


class TeilzielInline(admin.TabularInline):
    model = Teilziel
    form = WortlautNurLesbarForm
    fields = ["nummer", "text"]
    extra = 0
    show_change_link = True


class BestPracticeInline(admin.StackedInline):
    model = BestPracticeBeispiel
    fields = ["titel", "text", "sortierung"]
    extra = 0
    classes = ["collapse"]


@admin.register(Handlungsfeld)
class HandlungsfeldAdmin(admin.ModelAdmin):
    list_display = ["nummer", "titel", "kapitel", "schwerpunktthema", "anzahl_teilziele"]
    list_display_links = ["nummer", "titel"]
    list_filter = ["konzept", "kapitel", "schwerpunktthema"]
    list_select_related = ["kapitel"]
    search_fields = ["nummer", "titel"]
    autocomplete_fields = ["verweise"]
    fieldsets = [
        (None, {"fields": ["konzept", "kapitel", "nummer", "titel", "schwerpunktthema"]}),
        (_("Text"), {"fields": ["einleitung", "verweise", "sortierung"]}),
    ]
    inlines = [LeitzielInline, TeilzielInline, BestPracticeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(teilziele_anzahl=Count("teilziele"))

    @admin.display(description=_("Teilziele"), ordering="teilziele_anzahl")
    def anzahl_teilziele(self, obj):
        return obj.teilziele_anzahl


@admin.register(Leitziel)
class LeitzielAdmin(HistorieAdmin):
    form = WortlautForm
    list_display = ["__str__", "handlungsfeld", "kurzer_text"]
    list_select_related = ["handlungsfeld"]
    search_fields = ["text", "handlungsfeld__nummer", "handlungsfeld__titel"]
    ordering = ["handlungsfeld__sortierung"]
    fields = ["handlungsfeld", "text", "aenderungsgrund"]

    @admin.display(description=_("Text"))
    def kurzer_text(self, obj):
        return kurztext(obj.text)


@admin.register(Teilziel)
class TeilzielAdmin(HistorieAdmin):
    form = WortlautForm
    list_display = ["__str__", "kurzer_text", "handlungsfeld"]
    list_filter = ["handlungsfeld__kapitel", "handlungsfeld"]
    list_select_related = ["handlungsfeld"]
    search_fields = ["text", "handlungsfeld__nummer", "handlungsfeld__titel"]
    fields = ["handlungsfeld", "nummer", "text", "aenderungsgrund"]

    @admin.display(description=_("Text"))
    def kurzer_text(self, obj):
        return kurztext(obj.text)


@admin.register(BestPracticeBeispiel)
class BestPracticeAdmin(admin.ModelAdmin):
    list_display = ["titel", "handlungsfeld"]
    list_filter = ["handlungsfeld"]
    list_select_related = ["handlungsfeld"]
    search_fields = ["titel", "text"]

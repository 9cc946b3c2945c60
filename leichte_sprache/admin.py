"""The summaries in Leichte Sprache in the Büro's admin: list with status, coverage, review.

Setting the review is two fields of the change form (geprüft am, geprüft von). Changing the text
of a reviewed summary sets it back to a draft: the review vouched for the old wording.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concept.admin import HistorieAdmin
from concept.models import Handlungsfeld
from leichte_sprache.abdeckung import abdeckung, abdeckung_text
from leichte_sprache.models import TEXTFELDER, Zusammenfassung


class StatusFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("geprueft", _("geprüft")), ("entwurf", _("Entwurf"))]

    def queryset(self, request, queryset):
        if self.value() == "geprueft":
            return queryset.geprueft()
        if self.value() == "entwurf":
            return queryset.entwuerfe()
        return queryset


class ZusammenfassungForm(forms.ModelForm):
    class Meta:
        model = Zusammenfassung
        fields = ["handlungsfeld", *TEXTFELDER, "geprueft_am", "geprueft_von"]
        widgets = {feld: forms.Textarea(attrs={"rows": 6}) for feld in TEXTFELDER}

    def text_nach_pruefung_geaendert(self):
        """The wording of a reviewed summary changed, and the review was not entered anew."""
        return (
            self.instance.pk is not None
            and self.initial.get("geprueft_am") is not None
            and any(feld in self.changed_data for feld in TEXTFELDER)
            and not {"geprueft_am", "geprueft_von"} & set(self.changed_data)
        )

    def clean(self):
        cleaned = super().clean()
        if self.text_nach_pruefung_geaendert():
            cleaned["geprueft_am"] = None
            cleaned["geprueft_von"] = ""
            self.instance.geprueft_am = None
            self.instance.geprueft_von = ""
        return cleaned


@admin.register(Zusammenfassung)
class ZusammenfassungAdmin(HistorieAdmin):
    form = ZusammenfassungForm
    change_list_template = "leichte_sprache/admin/change_list.html"
    list_display = ["handlungsfeld", "status_anzeige", "geprueft_am", "geprueft_von"]
    list_filter = [StatusFilter]
    list_select_related = ["handlungsfeld"]
    search_fields = ["handlungsfeld__nummer", "handlungsfeld__titel", *TEXTFELDER]
    fieldsets = [
        (None, {"fields": ["handlungsfeld"]}),
        (
            _("Text in Leichter Sprache"),
            {
                "fields": list(TEXTFELDER),
                "description": _(
                    "Kurze Sätze, eine Aussage je Satz, jeder Satz in einer eigenen Zeile. "
                    "Schwere Wörter erklären Sie gleich dort, wo sie stehen. Keine Abkürzungen."
                ),
            },
        ),
        (
            _("Prüfung"),
            {
                "fields": ["geprueft_am", "geprueft_von"],
                "description": _(
                    "Bis hier ein Datum steht, zeigt die Seite: „Entwurf – noch nicht von "
                    "einer Prüfgruppe geprüft“. Ändern Sie den Text nach der Prüfung, wird die "
                    "Prüfung zurückgesetzt."
                ),
            },
        ),
    ]

    @admin.display(description=_("Status"), ordering="geprueft_am")
    def status_anzeige(self, obj):
        return obj.status

    def get_readonly_fields(self, request, obj=None):
        # A summary belongs to its Handlungsfeld for good; a new one is added for a new edition.
        return ["handlungsfeld"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handlungsfeld":
            kwargs["queryset"] = (
                Handlungsfeld.objects.im_aktuellen_konzept()
                .mit_zielen()
                .filter(leichte_sprache__isnull=True)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and form.text_nach_pruefung_geaendert():
            messages.warning(
                request,
                gettext(
                    "Der Text wurde nach der Prüfung geändert. Die Zusammenfassung ist wieder "
                    "ein Entwurf, bis Sie eine neue Prüfung eintragen."
                ),
            )
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        kontext = {"abdeckung": abdeckung_text(abdeckung()), **(extra_context or {})}
        return super().changelist_view(request, kontext)

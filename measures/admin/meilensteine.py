"""All Meilensteine in one list: which are open, done, or missed (filter "Zustand").

The list is for finding and reading. A milestone is changed on its Maßnahme's page (inline,
measures/admin/massnahmen.py), where the measure's version check covers it; partners report
through their Sachstand (measures/meilenstein_meldungen.py).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concept.admin import HistorieAdmin, kurztext
from measures.admin.massnahmen import verzug_zelle
from measures.models import Meilenstein


class ZustandFilter(admin.SimpleListFilter):
    title = _("Zustand")
    parameter_name = "zustand"

    def lookups(self, request, model_admin):
        return [
            ("offen", _("offen")),
            ("erledigt", _("erledigt")),
            ("ueberfaellig", _("überfällig (fällig, nicht erledigt)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.filter(erledigt_am__isnull=True)
        if self.value() == "erledigt":
            return queryset.filter(erledigt_am__isnull=False)
        if self.value() == "ueberfaellig":
            return queryset.offen_faellig()
        return queryset


@admin.register(Meilenstein)
class MeilensteinAdmin(HistorieAdmin):
    list_display = ["titel", "massnahme_link", "faellig_am", "erledigt_am", "verzug"]
    list_filter = [ZustandFilter, "faellig_am"]
    list_select_related = ["massnahme__teilziel__handlungsfeld"]
    search_fields = ["titel", "notiz", "massnahme__text"]
    search_help_text = _(
        "Sucht im Titel und in der Notiz des Meilensteins und im Text der Maßnahme."
    )
    date_hierarchy = "faellig_am"
    ordering = ["faellig_am", "pk"]
    list_per_page = 100

    class Media:
        css = {"all": ["measures/admin/verzug.css"]}

    # Changed on the Maßnahme's page only: that is where the version check is.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Maßnahme"), ordering="massnahme")
    def massnahme_link(self, obj):
        massnahme = obj.massnahme
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:measures_massnahme_change", args=[massnahme.pk]),
            massnahme.referenz,
            kurztext(massnahme.text, woerter=8),
        )

    @admin.display(description=_("überfällig"))
    def verzug(self, obj):
        return verzug_zelle(obj.ist_offen_faellig())

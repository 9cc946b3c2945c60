"""Read-only lists for the Büro: which reminder step ran when and to whom, who unsubscribed.

Nothing here can be added or changed by hand: the rows are the record of what the daily run did
(benachrichtigungen/erinnerungen.py) and of what people asked for themselves.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from benachrichtigungen.models import Abbestellung, Schritt, Tageslauf
from measures.permissions import ist_buero


class NurLesen(admin.ModelAdmin):
    def has_module_permission(self, request):
        return ist_buero(request.user)

    def has_view_permission(self, request, obj=None):
        return ist_buero(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Schritt)
class SchrittAdmin(NurLesen):
    list_display = ("datum", "stufe", "akteur", "massnahme", "runde", "empfaenger", "hinweis")
    list_filter = ("stufe", "anfrage__berichtsrunde", "datum")
    search_fields = ("anfrage__akteur__name", "empfaenger")
    date_hierarchy = "datum"
    list_select_related = (
        "anfrage__akteur",
        "anfrage__berichtsrunde",
        "anfrage__massnahme__teilziel__handlungsfeld",
    )

    @admin.display(description=_("Akteur"), ordering="anfrage__akteur__name")
    def akteur(self, obj):
        return obj.anfrage.akteur

    @admin.display(description=_("Maßnahme"))
    def massnahme(self, obj):
        return obj.anfrage.massnahme.referenz

    @admin.display(description=_("Berichtsrunde"))
    def runde(self, obj):
        return obj.anfrage.berichtsrunde


@admin.register(Abbestellung)
class AbbestellungAdmin(NurLesen):
    list_display = ("adresse", "art", "angelegt_am")
    list_filter = ("art",)
    search_fields = ("adresse",)


@admin.register(Tageslauf)
class TageslaufAdmin(NurLesen):
    list_display = ("datum", "gelaufen_am", "empfaenger")

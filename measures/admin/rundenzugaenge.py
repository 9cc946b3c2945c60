"""The personal round links in the admin: which contact got which, used when, revoked.

Links are made by the round's mails (measures/rundenmails.py), never here; the Büro may only
revoke them (action "widerrufen"). The token itself is not stored, so nothing here opens a form.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from measures import rundenzugaenge
from measures.models import Rundenzugang


@admin.register(Rundenzugang)
class RundenzugangAdmin(admin.ModelAdmin):
    list_display = [
        "ansprechperson",
        "akteur",
        "berichtsrunde",
        "angelegt_am",
        "zuletzt_benutzt_am",
        "widerrufen_am",
    ]
    list_filter = ["berichtsrunde", ("widerrufen_am", admin.EmptyFieldListFilter)]
    list_select_related = ["ansprechperson__akteur", "akteur", "berichtsrunde"]
    search_fields = ["ansprechperson__name", "ansprechperson__email", "akteur__name"]
    actions = ["widerrufen_aktion"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Revoked, not deleted: the list shows who could report when.
        return False

    @admin.action(description=_("Ausgewählte Links widerrufen"), permissions=["change"])
    def widerrufen_aktion(self, request, queryset):
        anzahl = rundenzugaenge.widerrufen(queryset)
        self.message_user(
            request,
            ngettext("%(anzahl)d Link widerrufen.", "%(anzahl)d Links widerrufen.", anzahl)
            % {"anzahl": anzahl},
            messages.SUCCESS,
        )

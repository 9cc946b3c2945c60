"""The Büro's log of every e-mail: who got what, why, when, and what failed (read-only).

A failed Mail is sent again with the action "erneut senden" (a new series of attempts,
versand.mail.erneut_senden); the tasks themselves are in django_tasks_db's own admin.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from versand.mail import erneut_senden
from versand.models import Mail


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ("erstellt_am", "empfaenger", "betreff", "anlass", "status", "versuche")
    list_filter = ("status", "anlass")
    search_fields = ("empfaenger", "betreff")
    date_hierarchy = "erstellt_am"
    actions = ["erneut_senden"]
    fields = (
        "empfaenger",
        "betreff",
        "inhalt",
        "anlass",
        "bezug",
        "antwort_an",
        "vertraulich",
        "status",
        "versuche",
        "letzter_fehler",
        "erstellt_am",
        "versendet_am",
    )
    readonly_fields = fields

    # A log is not edited: nobody adds, changes or deletes a Mail here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Text"))
    def inhalt(self, mail):
        # A sign-in link in the log would let staff sign in as anyone (a superuser too).
        if mail.vertraulich:
            return _("(vertraulich: enthält einen persönlichen Link)")
        return mail.text

    def has_erneut_senden_permission(self, request):
        return request.user.has_perm("versand.change_mail")

    @admin.action(
        description=_("Fehlgeschlagene E-Mails erneut senden"), permissions=["erneut_senden"]
    )
    def erneut_senden(self, request, queryset):
        anzahl = erneut_senden(queryset)
        if anzahl:
            self.message_user(
                request,
                ngettext(
                    "%(anzahl)d E-Mail wird erneut gesendet.",
                    "%(anzahl)d E-Mails werden erneut gesendet.",
                    anzahl,
                )
                % {"anzahl": anzahl},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("Keine der gewählten E-Mails ist fehlgeschlagen; es wurde nichts gesendet."),
                messages.WARNING,
            )

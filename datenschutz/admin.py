"""Datenschutz in the admin: the officer's details (one row) and deleting a person (Art. 17).

The deletion is an action on the user list, added to whatever admin is registered for users
(``benutzer_admin_erweitern``, called from ``DatenschutzConfig.ready``), so that the user admin
itself needs no change. It asks for confirmation on its own page and lists what happens to the
person's Sachstände before anything is deleted.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from datenschutz.loeschen import loeschen_verweigert, person_loeschen, vorschau
from datenschutz.models import Datenschutzangaben
from measures.permissions import ist_buero


@admin.register(Datenschutzangaben)
class DatenschutzangabenAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["verantwortliche_stelle"]}),
        (
            _("Behördliche/r Datenschutzbeauftragte/r"),
            {
                "fields": [
                    "beauftragte_name",
                    "beauftragte_anschrift",
                    "beauftragte_email",
                    "beauftragte_telefon",
                ]
            },
        ),
        (None, {"fields": ["aufsichtsbehoerde"]}),
    ]

    def add_view(self, request, form_url="", extra_context=None):
        # One row: once it exists, "add" edits it. (Checked here, not in has_add_permission,
        # which every admin page asks for its navigation: that would cost each one a query.)
        vorhanden = Datenschutzangaben.aktuelle()
        if vorhanden is not None:
            return HttpResponseRedirect(
                reverse("admin:datenschutz_datenschutzangaben_change", args=[vorhanden.pk])
            )
        return super().add_view(request, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Ausgewählte Personen löschen (Art. 17 DSGVO) …"))
def personen_loeschen(modeladmin, request, queryset):
    if not ist_buero(request.user):
        raise PermissionDenied
    personen = list(queryset.order_by("username"))
    verweigert = {p.pk: loeschen_verweigert(request.user, p) for p in personen}
    erlaubt = [p for p in personen if not verweigert[p.pk]]
    if request.POST.get("bestaetigt") == "ja":
        for person in erlaubt:
            person_loeschen(person, durch=request.user)
        if erlaubt:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(n)d Person gelöscht; ihre freigegebenen Sachstände stehen jetzt unter "
                    "dem Namen ihres Akteurs.",
                    "%(n)d Personen gelöscht; ihre freigegebenen Sachstände stehen jetzt unter "
                    "dem Namen ihrer Akteure.",
                    len(erlaubt),
                )
                % {"n": len(erlaubt)},
            )
        for grund in filter(None, verweigert.values()):
            modeladmin.message_user(request, grund, messages.ERROR)
        return None
    return TemplateResponse(
        request,
        "admin/datenschutz/personen_loeschen.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": gettext("Personen löschen (Art. 17 DSGVO)"),
            "opts": modeladmin.model._meta,
            "zeilen": [
                {"person": p, "grund": verweigert[p.pk], "folgen": vorschau(p)} for p in personen
            ],
            "erlaubt": erlaubt,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


def benutzer_admin_erweitern(model_admin=None):
    """Add the Art. 17 action to the user admin (the registered one unless one is given).

    Idempotent; a user admin that is registered later (a rewrite) can call it on itself.
    """
    if model_admin is None:
        try:
            model_admin = admin.site.get_model_admin(get_user_model())
        except admin.sites.NotRegistered:
            return
    aktionen = list(model_admin.actions or [])
    if personen_loeschen not in aktionen:
        model_admin.actions = [*aktionen, personen_loeschen]

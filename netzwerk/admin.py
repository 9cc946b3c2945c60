"""Ansprechpersonen in the admin: list, filters, invite, deactivate, import (CSV/XLSX).

Also adds "alle Ansprechpersonen ohne Konto einladen" to the Akteur list: the Akteur admin lives
in measures (a lower layer, which cannot know about invitations), so this module registers a
subclass of it with the extra action. The Berichtsrunde's question before opening posts the
same action for the Akteure that would otherwise hear of the round only by link.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from concept.admin import HistorieAdmin
from measures import importvorschau
from measures.admin.akteure import AkteurAdmin
from measures.admin.importseiten import ImportSeitenMixin
from measures.models import Akteur, Ansprechperson
from netzwerk import einladungen, importing
from netzwerk.models import Einladung

IMPORT_VORLAGE = "admin/netzwerk/ansprechperson/importieren.html"


def _sammelmeldung(modeladmin, request, ergebnis):
    if ergebnis.eingeladen:
        modeladmin.message_user(
            request,
            ngettext(
                "%(n)d Einladung verschickt.",
                "%(n)d Einladungen verschickt.",
                len(ergebnis.eingeladen),
            )
            % {"n": len(ergebnis.eingeladen)},
            messages.SUCCESS,
        )
    if ergebnis.uebersprungen:
        modeladmin.message_user(
            request,
            _("Nicht eingeladen: %(liste)s")
            % {
                "liste": "; ".join(
                    f"{p.anzeigename} ({grund})" for p, grund in ergebnis.uebersprungen
                )
            },
            messages.WARNING,
        )
    if not ergebnis.eingeladen and not ergebnis.uebersprungen:
        modeladmin.message_user(
            request, _("Niemand einzuladen: alle haben schon ein Konto."), messages.INFO
        )


def _zurueck(request):
    """Where the page that posted an action wants to go back to (a local address only)."""
    ziel = request.POST.get("weiter", "")
    if ziel and url_has_allowed_host_and_scheme(ziel, allowed_hosts={request.get_host()}):
        return redirect(ziel)
    return None


class KontoFilter(admin.SimpleListFilter):
    title = gettext_lazy("Benutzerkonto")
    parameter_name = "konto"

    def lookups(self, request, model_admin):
        return [("ja", _("mit Konto")), ("nein", _("ohne Konto"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nein"):
            return queryset.filter(user__isnull=self.value() == "nein")
        return queryset


class ErreichbarFilter(admin.SimpleListFilter):
    title = gettext_lazy("erreichbar")
    parameter_name = "erreichbar"

    def lookups(self, request, model_admin):
        return [("ja", _("ja")), ("nein", _("nein"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nein"):
            return queryset.filter(ist_erreichbar=self.value() == "ja")
        return queryset


class EinladungInline(admin.TabularInline):
    model = Einladung
    fields = ["adresse", "erstellt_am", "gueltig_bis", "zustand_anzeige", "eingeladen_von"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("Einladungen")

    def has_add_permission(self, request, obj=None):
        return False

    # Read-only, and part of the person: whoever sees the Ansprechperson sees its invitations
    # (the Büro's role grants rights on measures, netzwerk has no permissions of its own).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("measures.view_ansprechperson")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Zustand"))
    def zustand_anzeige(self, obj):
        return obj.get_zustand_display()


@admin.register(Ansprechperson)
class AnsprechpersonAdmin(ImportSeitenMixin, HistorieAdmin):
    list_display = ["anzeige", "akteur", "funktion", "rolle", "konto", "erreichbar", "aktiv"]
    list_filter = ["rolle", "aktiv", KontoFilter, ErreichbarFilter, "akteur__seite"]
    search_fields = ["name", "email", "funktion", "akteur__name", "user__username", "user__email"]
    list_select_related = ["akteur", "user"]
    autocomplete_fields = ["akteur", "user"]
    fields = ["akteur", "name", "email", "funktion", "rolle", "user", "aktiv"]
    inlines = [EinladungInline]
    actions = ["einladen_aktion", "deaktivieren_aktion"]
    change_list_template = "admin/netzwerk/ansprechperson/change_list.html"

    def get_queryset(self, request):
        erreichbar = Ansprechperson.objects.erreichbar().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(ist_erreichbar=Exists(erreichbar))

    @admin.display(description=gettext_lazy("Name"), ordering="name")
    def anzeige(self, obj):
        return obj.anzeigename

    @admin.display(description=gettext_lazy("Konto"), boolean=True, ordering="user")
    def konto(self, obj):
        return obj.user_id is not None

    @admin.display(description=gettext_lazy("erreichbar"), boolean=True, ordering="ist_erreichbar")
    def erreichbar(self, obj):
        return obj.ist_erreichbar

    @admin.action(
        description=gettext_lazy("Einladen (E-Mail mit Link zum Konto)"), permissions=["change"]
    )
    def einladen_aktion(self, request, queryset):
        _sammelmeldung(self, request, einladungen.alle_einladen(queryset, von=request.user))

    @admin.action(
        description=gettext_lazy("Deaktivieren (Sachstände bleiben)"), permissions=["change"]
    )
    def deaktivieren_aktion(self, request, queryset):
        # One save per row, so that the history says who deactivated whom and why; the
        # account's rights end with the membership (permissions.akteure_von counts active rows).
        anzahl = 0
        for person in queryset.filter(aktiv=True):
            person.aktiv = False
            person._change_reason = _("deaktiviert")
            person.save()
            einladungen.widerrufen(person)
            anzahl += 1
        self.message_user(
            request,
            ngettext(
                "%(n)d Ansprechperson deaktiviert; ihre Sachstände bleiben erhalten.",
                "%(n)d Ansprechpersonen deaktiviert; ihre Sachstände bleiben erhalten.",
                anzahl,
            )
            % {"n": anzahl},
            messages.SUCCESS,
        )

    # --- import (the pages: measures/admin/importseiten.py) ------------------------------

    import_url_prefix = "netzwerk"
    import_modul = importing
    import_art = importvorschau.Art.ANSPRECHPERSONEN
    import_vorlage = IMPORT_VORLAGE
    import_titel = gettext_lazy("Ansprechpersonen importieren")

    @property
    def import_formular(self):
        return HochladenFormular

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def braucht_vorschau(self, ergebnis):
        return bool(ergebnis.neue)

    def import_vorschau_view(self, request, pk):
        vorschau, tabelle, ergebnis = self._gestufte_vorschau(request, pk)
        if request.method == "POST" and tabelle is not None:
            ergebnis = importing.anwenden(
                tabelle, grund=_("Import aus „%(datei)s“") % {"datei": vorschau.dateiname}
            )
            if ergebnis.ok:
                vorschau.delete()
                messages.success(
                    request,
                    _("Import übernommen: %(n)s Ansprechperson(en) angelegt.")
                    % {"n": len(ergebnis.angelegt)},
                )
                if request.POST.get("einladen"):
                    angelegt = Ansprechperson.objects.filter(
                        pk__in=[p.pk for p in ergebnis.angelegt]
                    )
                    _sammelmeldung(
                        self, request, einladungen.alle_einladen(angelegt, von=request.user)
                    )
                return redirect(self.liste_url())
        return self._vorschau_seite(request, vorschau, ergebnis)


class HochladenFormular(forms.Form):
    datei = forms.FileField(
        label=gettext_lazy("Datei (CSV oder XLSX)"),
        help_text=gettext_lazy(
            "Spalten: Akteur (Name oder Kurz-URL), Name, E-Mail, Funktion, Rolle (meldet oder "
            "koordiniert). CSV darf Semikolon oder Komma trennen (wie Excel), in UTF-8 oder "
            "Windows-1252. Vorlage: fixtures/ansprechpersonen-beispiel.csv"
        ),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if meldung := importvorschau.zu_gross(datei):
            raise forms.ValidationError(meldung)
        return datei


# --- the Akteur list: invite everyone without an account ------------------------------------


@admin.action(
    description=gettext_lazy("Alle Ansprechpersonen ohne Konto einladen"), permissions=["change"]
)
def ohne_konto_einladen(modeladmin, request, queryset):
    ergebnis = einladungen.alle_einladen(einladungen.ohne_konto(queryset), von=request.user)
    _sammelmeldung(modeladmin, request, ergebnis)
    return _zurueck(request)


class NetzwerkAkteurAdmin(AkteurAdmin):
    actions = [*AkteurAdmin.actions, ohne_konto_einladen]


admin.site.unregister(Akteur)
admin.site.register(Akteur, NetzwerkAkteurAdmin)

"""Akteure in the admin: how much each is responsible for, its Ansprechpersonen (and whether
anyone of them can be reached), and merging a duplicate into the Akteur that stays
(``measures.merging``). Inviting contacts is added by netzwerk/admin.py (a higher layer)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concept.admin import HistorieAdmin
from integration_portal.admin_tabellen import BeschrifteteTabellenInline
from measures import merging
from measures.models import Akteur, Ansprechperson, Zustaendigkeit


class ZusammenfuehrenForm(forms.Form):
    ziel = forms.ModelChoiceField(
        queryset=Akteur.objects.none(),
        widget=forms.RadioSelect,
        label=_("Welcher Akteur bleibt bestehen?"),
        help_text=_(
            "Der andere Akteur wird gelöscht; seine Zuständigkeiten, Sachstände und "
            "Benutzerkonten gehen auf den bleibenden über."
        ),
    )

    def __init__(self, akteure, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ziel"].queryset = akteure


@admin.action(description=_("Zwei ausgewählte Akteure zusammenführen"), permissions=["change"])
def zusammenfuehren(modeladmin, request, queryset):
    akteure = queryset.order_by("name")
    if akteure.count() != 2:
        modeladmin.message_user(
            request,
            gettext("Bitte wählen Sie genau zwei Akteure zum Zusammenführen aus."),
            messages.ERROR,
        )
        return None
    form = ZusammenfuehrenForm(akteure, request.POST if "bestaetigt" in request.POST else None)
    if form.is_valid():
        ziel = form.cleaned_data["ziel"]
        dublette = akteure.exclude(pk=ziel.pk).get()
        name_dublette = str(dublette)
        zaehler = merging.zusammenfuehren(ziel, dublette)
        meldung = gettext(
            "„%(dublette)s“ in „%(ziel)s“ zusammengeführt: %(zustaendigkeiten)d "
            "Zuständigkeiten übernommen, %(zusammengelegt)d zusammengelegt, %(weitere)d weitere "
            "Verknüpfungen und %(mitglieder)d Benutzerkonten übernommen."
        ) % {"dublette": name_dublette, "ziel": ziel, **zaehler}
        modeladmin.log_change(request, ziel, meldung)
        modeladmin.message_user(request, meldung, messages.SUCCESS)
        return None
    kontext = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Akteure zusammenführen"),
        "opts": modeladmin.model._meta,
        "akteure": akteure.annotate(anzahl=Count("zustaendigkeiten")),
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/measures/akteur/zusammenfuehren.html", kontext)


class ZustaendigkeitDesAkteursInline(BeschrifteteTabellenInline):
    model = Zustaendigkeit
    fields = ["massnahme", "seite", "federfuehrend", "hinweis"]
    autocomplete_fields = ["massnahme"]
    extra = 0
    verbose_name_plural = _("Zuständigkeiten für Maßnahmen")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("massnahme__teilziel__handlungsfeld")


def erreichbar_annotation(pfad="pk"):
    """True where the Akteur has someone a mail reaches (``Ansprechperson.objects.erreichbar``)."""
    return Exists(Ansprechperson.objects.erreichbar().filter(akteur=OuterRef(pfad)))


class ErreichbarFilter(admin.SimpleListFilter):
    title = _("erreichbar")
    parameter_name = "erreichbar"

    def lookups(self, request, model_admin):
        return [("ja", _("ja: mindestens eine erreichbare Person")), ("nein", _("nein"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nein"):
            return queryset.filter(ist_erreichbar=self.value() == "ja")
        return queryset


class AnsprechpersonInline(BeschrifteteTabellenInline):
    """The Akteur's contacts; whether each can be reached is shown beside the row."""

    model = Ansprechperson
    extra = 1
    fields = ["name", "email", "funktion", "rolle", "user", "aktiv", "erreichbar"]
    readonly_fields = ["erreichbar"]
    autocomplete_fields = ["user"]
    verbose_name_plural = _("Ansprechpersonen (mit und ohne Benutzerkonto)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "akteur")
            .annotate(
                ist_erreichbar=Exists(Ansprechperson.objects.erreichbar().filter(pk=OuterRef("pk")))
            )
        )

    @admin.display(description=_("erreichbar"), boolean=True)
    def erreichbar(self, obj):
        return getattr(obj, "ist_erreichbar", None)


@admin.register(Akteur)
class AkteurAdmin(HistorieAdmin):
    list_display = [
        "name",
        "kurzname",
        "seite",
        "art",
        "anzahl_federfuehrend",
        "anzahl_weitere",
        "anzahl_mitglieder",
        "erreichbar",
    ]
    list_filter = ["seite", "art", ErreichbarFilter]
    search_fields = ["name", "kurzname"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["uebergeordnet"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "kurzname",
                    "slug",
                    "seite",
                    "art",
                    "uebergeordnet",
                    "beschreibung",
                ]
            },
        ),
    ]
    inlines = [AnsprechpersonInline, ZustaendigkeitDesAkteursInline]
    actions = [zusammenfuehren]

    def get_queryset(self, request):
        # distinct: three counts over two joins would otherwise multiply each other.
        return (
            super()
            .get_queryset(request)
            .annotate(
                federfuehrend_anzahl=Count(
                    "zustaendigkeiten",
                    filter=Q(zustaendigkeiten__federfuehrend=True),
                    distinct=True,
                ),
                weitere_anzahl=Count(
                    "zustaendigkeiten",
                    filter=Q(zustaendigkeiten__federfuehrend=False),
                    distinct=True,
                ),
                mitglieder_anzahl=Count("mitglieder", distinct=True),
                ist_erreichbar=erreichbar_annotation(),
            )
            # An aggregate drops Meta.ordering; the autocomplete pages need a stable order.
            .order_by("name")
        )

    @admin.display(description=_("federführend"), ordering="federfuehrend_anzahl")
    def anzahl_federfuehrend(self, obj):
        return obj.federfuehrend_anzahl

    @admin.display(description=_("weitere Zuständigkeiten"), ordering="weitere_anzahl")
    def anzahl_weitere(self, obj):
        return obj.weitere_anzahl

    @admin.display(description=_("Benutzerkonten"), ordering="mitglieder_anzahl")
    def anzahl_mitglieder(self, obj):
        return obj.mitglieder_anzahl

    @admin.display(description=_("erreichbar"), boolean=True, ordering="ist_erreichbar")
    def erreichbar(self, obj):
        return obj.ist_erreichbar

"""The Büro's assessments in the admin: write, submit, review (four eyes), frozen with the round.

Everything goes through ``berichte.einschaetzungen`` (speichern, einreichen, freigeben,
zurueckgeben). A page has the text with a preview of what the report will show; below it the
review buttons. The list has the same steps as actions (sending back asks for the comment on an
intermediate page). A closed round's assessments are read-only here and never deleted.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from berichte import einschaetzungen
from berichte.models import Einschaetzung, EinschaetzungStatus
from concept.admin import HistorieAdmin
from measures.choices import RundenStatus
from measures.models import Berichtsrunde

SCHRITTE = {
    "einreichen": (einschaetzungen.einreichen, _("eingereicht")),
    "freigeben": (einschaetzungen.freigeben, _("freigegeben")),
    "zurueckgeben": (einschaetzungen.zurueckgeben, _("zurückgegeben")),
}

# Shown as HTML by the admin: no angle brackets in it.
TEXT_HILFE = _(
    "Kurz, eine halbe bis eine Seite im Bericht. Absätze trennen Sie durch eine Leerzeile. "
    "HTML ist möglich mit strong (fett), em (kursiv), ul oder ol mit li (Listen) und a mit "
    "href auf https-, http- oder mailto-Adressen (Links); alles andere wird beim Speichern "
    "entfernt. Die Vorschau zeigt den gespeicherten Text, wie ihn der Bericht zeigt."
)


class EinschaetzungForm(forms.ModelForm):
    class Meta:
        model = Einschaetzung
        fields = ["berichtsrunde", "handlungsfeld", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14, "cols": 90})}
        help_texts = {"text": TEXT_HILFE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "handlungsfeld" in self.fields:
            # The one scoping rule: only the current Konzept's Handlungsfelder are offered.
            self.fields[
                "handlungsfeld"
            ].queryset = einschaetzungen.handlungsfelder_zur_einschaetzung().order_by("sortierung")
        if "berichtsrunde" in self.fields:
            self.fields["berichtsrunde"].queryset = Berichtsrunde.objects.exclude(
                status=RundenStatus.GESCHLOSSEN
            )


class ZurueckgebenForm(forms.Form):
    kommentar = forms.CharField(
        label=_("Kommentar für die Verfasserin oder den Verfasser"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Einschaetzung._meta.get_field("kommentar").max_length,
    )


class HandlungsfeldFilter(admin.SimpleListFilter):
    """The current Konzept's Handlungsfelder, and the overall summary."""

    title = _("Handlungsfeld")
    parameter_name = "handlungsfeld"
    GESAMT = "gesamt"

    def lookups(self, request, model_admin):
        return [
            (self.GESAMT, _("Gesamteinschätzung")),
            *(
                (str(hf.pk), f"{hf.nummer} {hf.titel}")
                for hf in einschaetzungen.handlungsfelder_zur_einschaetzung().order_by("sortierung")
            ),
        ]

    def queryset(self, request, queryset):
        wert = self.value()
        if wert is None:
            return queryset
        if wert == self.GESAMT:
            return queryset.filter(handlungsfeld__isnull=True)
        if not wert.isdigit():
            return queryset.none()
        return queryset.filter(handlungsfeld_id=int(wert))


@admin.register(Einschaetzung)
class EinschaetzungAdmin(HistorieAdmin):
    form = EinschaetzungForm
    change_form_template = "admin/berichte/einschaetzung/change_form.html"
    list_display = [
        "gegenstand",
        "berichtsrunde",
        "pruefstatus",
        "verfasst_von",
        "geprueft_von",
        "geaendert_am",
    ]
    list_display_links = ["gegenstand"]
    list_select_related = ["berichtsrunde", "handlungsfeld", "verfasst_von", "geprueft_von"]
    list_filter = ["berichtsrunde", "pruefstatus", HandlungsfeldFilter]
    search_fields = ["text", "handlungsfeld__nummer", "handlungsfeld__titel"]
    actions = ["einreichen_aktion", "freigeben_aktion", "zurueckgeben_aktion"]
    PRUEFUNG = ["pruefstatus", "verfasst_von", "geprueft_von", "geprueft_am", "kommentar"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("berichtsrunde", "handlungsfeld", "verfasst_von", "geprueft_von")
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["berichtsrunde", "handlungsfeld", "text"]})]
        return [
            (
                _("Einschätzung"),
                {"fields": ["berichtsrunde", "handlungsfeld", "text", "vorschau"]},
            ),
            (_("Stand der Prüfung"), {"fields": self.PRUEFUNG}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Round and Handlungsfeld are what the assessment is about: set once, when it is added.
        return ["berichtsrunde", "handlungsfeld", "vorschau", *self.PRUEFUNG]

    @admin.display(description=_("Handlungsfeld"), ordering="handlungsfeld__sortierung")
    def gegenstand(self, obj):
        if obj.handlungsfeld_id is None:
            return gettext("Gesamteinschätzung")
        return f"{obj.handlungsfeld.nummer} {obj.handlungsfeld.titel}"

    @admin.display(description=_("Vorschau (so erscheint der Text im Bericht)"))
    def vorschau(self, obj):
        if obj is None or not obj.text:
            return "–"
        # The stored value, cleaned again (idempotent) in case a row bypassed the model.
        return format_html(
            '<div class="einschaetzung-vorschau">{}</div>',
            mark_safe(einschaetzungen.bereinigen(obj.text)),  # noqa: S308 (cleaned by nh3)
        )

    # --- permissions ----------------------------------------------------------------------

    @staticmethod
    def _fixiert(obj):
        return obj is not None and obj.berichtsrunde.status == RundenStatus.GESCHLOSSEN

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # A closed round's assessments are part of its report: read-only (a POST gets 403).
        return not self._fixiert(obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return not self._fixiert(obj)

    def get_actions(self, request):
        aktionen = super().get_actions(request)
        aktionen.pop("delete_selected", None)  # nothing is deleted in bulk
        return aktionen

    # --- saving through the service ---------------------------------------------------------

    def save_model(self, request, obj, form, change):
        try:
            einschaetzungen.speichern(obj, request.user)
        except (ValidationError, PermissionDenied) as fehler:
            # Closed or changed in the meantime (the form had checked it): say so, no 500.
            request._einschaetzung_fehler = " ".join(getattr(fehler, "messages", [str(fehler)]))

    def _fehler_melden(self, request):
        fehler = getattr(request, "_einschaetzung_fehler", None)
        if fehler:
            self.message_user(
                request,
                gettext("Nicht gespeichert: %(fehler)s") % {"fehler": fehler},
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:berichte_einschaetzung_changelist"))
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._fehler_melden(request) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        antwort = self._fehler_melden(request)
        if antwort:
            return antwort
        if obj.pruefstatus == EinschaetzungStatus.ENTWURF:
            self.message_user(
                request,
                gettext(
                    "Die Einschätzung ist im Entwurf; reichen Sie sie zur Prüfung ein, sobald "
                    "sie fertig ist."
                ),
                messages.INFO,
            )
        return super().response_change(request, obj)

    def log_addition(self, request, obj, message):
        if obj.pk:  # not when the service refused it
            return super().log_addition(request, obj, message)
        return None

    # --- the review steps: buttons on the page ------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/pruefen/",
                self.admin_site.admin_view(self.pruefen_view),
                name="berichte_einschaetzung_pruefen",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            darf_einreichen=obj is not None
            and self.has_change_permission(request, obj)
            and einschaetzungen.darf_einreichen(request.user, obj),
            darf_pruefen=obj is not None
            and self.has_change_permission(request, obj)
            and einschaetzungen.darf_pruefen(request.user, obj),
            fixiert=self._fixiert(obj),
            selbst_verfasst=obj is not None and obj.verfasst_von_id == request.user.pk,
            kommentar_form=ZurueckgebenForm(),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def pruefen_view(self, request, pk):
        """POST ``schritt`` = einreichen | freigeben | zurueckgeben (with ``kommentar``)."""
        e = get_object_or_404(self.get_queryset(request), pk=pk)
        zurueck = HttpResponseRedirect(reverse("admin:berichte_einschaetzung_change", args=[e.pk]))
        if request.method != "POST" or not self.has_view_permission(request, e):
            raise PermissionDenied
        if not super().has_change_permission(request, e):
            raise PermissionDenied
        schritt = request.POST.get("schritt")
        if schritt not in SCHRITTE:
            self.message_user(request, gettext("Unbekannter Prüfschritt."), messages.ERROR)
            return zurueck
        if self._schritt(request, e, schritt, request.POST.get("kommentar", "")):
            self.message_user(
                request,
                gettext("Die Einschätzung „%(e)s“ wurde %(was)s.")
                % {"e": e, "was": SCHRITTE[schritt][1]},
                messages.SUCCESS,
            )
        return zurueck

    def _schritt(self, request, e, schritt, kommentar=""):
        """One step on one assessment; a refusal becomes a message. True if it worked."""
        dienst = SCHRITTE[schritt][0]
        try:
            if schritt == "einreichen":
                dienst(e, request.user)
            else:
                dienst(e, request.user, kommentar)
        except ValidationError as fehler:
            self.message_user(request, f"{e}: {' '.join(fehler.messages)}", messages.ERROR)
            return False
        except PermissionDenied as fehler:
            self.message_user(request, f"{e}: {fehler}", messages.ERROR)
            return False
        return True

    # --- the same as list actions -----------------------------------------------------------

    def _alle(self, request, queryset, schritt, kommentar=""):
        erledigt = sum(1 for e in queryset if self._schritt(request, e, schritt, kommentar))
        if erledigt:
            self.message_user(
                request,
                ngettext("%(n)d Einschätzung %(was)s.", "%(n)d Einschätzungen %(was)s.", erledigt)
                % {"n": erledigt, "was": SCHRITTE[schritt][1]},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Ausgewählte Einschätzungen zur Prüfung einreichen"), permissions=["change"]
    )
    def einreichen_aktion(self, request, queryset):
        self._alle(request, queryset, "einreichen")

    @admin.action(description=_("Ausgewählte Einschätzungen freigeben"), permissions=["change"])
    def freigeben_aktion(self, request, queryset):
        self._alle(request, queryset, "freigeben")

    @admin.action(
        description=_("Ausgewählte Einschätzungen mit Kommentar zurückgeben"),
        permissions=["change"],
    )
    def zurueckgeben_aktion(self, request, queryset):
        form = ZurueckgebenForm(request.POST if "bestaetigt" in request.POST else None)
        if form.is_valid():
            self._alle(request, queryset, "zurueckgeben", form.cleaned_data["kommentar"])
            return None
        # First visit (or an empty comment): ask for the comment on an intermediate page.
        return TemplateResponse(
            request,
            "admin/berichte/einschaetzung/zurueckgeben.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Einschätzungen zurückgeben"),
                "opts": self.model._meta,
                "form": form,
                "zurueckzugeben": list(queryset),
                "feld": form["kommentar"],
                "auswahl": list(queryset.values_list("pk", flat=True)),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

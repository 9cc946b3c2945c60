"""Reviewing Sachstände in the admin: what waits, approve, send back with a comment.

The list opens on what waits for review. A waiting Sachstand's page has two buttons, "Freigeben"
and "Zurückgeben"; the list has the same as actions (sending back asks for the comment on an
intermediate page). Everything goes through ``measures.sachstaende``; a reviewed Sachstand or
one of a closed Berichtsrunde is read-only here (``permissions.kann_sachstand_pruefen``) and is
never deleted.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from concept.admin import HistorieAdmin
from measures import meilenstein_meldungen, sachstaende, sachstand_zusaetze
from measures.admin.erfassen import erfassen_view
from measures.choices import Pruefstatus
from measures.models import Sachstand
from measures.permissions import ist_buero, kann_sachstand_pruefen

FREIGEBEN = "_freigeben"
ZURUECKGEBEN = "_zurueckgeben"


def _datum_text(tag):
    return tag.strftime("%d.%m.%Y") if tag else "–"


class PruefungFilter(admin.SimpleListFilter):
    """Review state; without a choice the list shows what waits (the Büro's work queue)."""

    title = _("Prüfung")
    parameter_name = "pruefung"
    STANDARD = Pruefstatus.EINGEREICHT

    def lookups(self, request, model_admin):
        return [*Pruefstatus.choices, ("alle", _("alle"))]

    def queryset(self, request, queryset):
        wert = self.value() or self.STANDARD
        if wert == "alle":
            return queryset
        return queryset.filter(pruefstatus=wert)

    def choices(self, changelist):
        aktuell = self.value() or self.STANDARD
        for wert, titel in self.lookup_choices:
            yield {
                "selected": aktuell == wert,
                "query_string": changelist.get_query_string({self.parameter_name: wert}),
                "display": titel,
            }


class PruefForm(forms.ModelForm):
    """Only the comment is written by hand; which button was pressed decides the outcome."""

    class Meta:
        model = Sachstand
        fields = ["pruefkommentar"]
        widgets = {"pruefkommentar": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "pruefkommentar": _(
                "Pflicht beim Zurückgeben: Was soll der Akteur ändern? Der Akteur sieht den "
                "Kommentar unter „Meine Sachstände“."
            )
        }

    def clean(self):
        daten = super().clean()
        if ZURUECKGEBEN in self.data and not (daten.get("pruefkommentar") or "").strip():
            self.add_error(
                "pruefkommentar", gettext("Bitte begründen Sie, warum der Sachstand zurückgeht.")
            )
        if FREIGEBEN not in self.data and ZURUECKGEBEN not in self.data:
            raise ValidationError(gettext("Bitte wählen Sie „Freigeben“ oder „Zurückgeben“."))
        return daten


class ZurueckgebenForm(forms.Form):
    pruefkommentar = forms.CharField(
        label=_("Kommentar für den Akteur"), widget=forms.Textarea(attrs={"rows": 4})
    )


@admin.register(Sachstand)
class SachstandAdmin(HistorieAdmin):
    form = PruefForm
    change_form_template = "admin/measures/sachstand/change_form.html"
    list_display = [
        "massnahme_referenz",
        "akteur",
        "datum",
        "status",
        "ampel",
        "fortschritt",
        "pruefstatus",
        "berichtsrunde",
        "gemeldet_von",
        "eingereicht_am",
    ]
    list_display_links = ["massnahme_referenz"]
    list_select_related = [
        "massnahme__teilziel__handlungsfeld",
        "akteur",
        "berichtsrunde",
        "eingereicht_von",
        "ansprechperson__user",
    ]
    list_filter = [PruefungFilter, "berichtsrunde", "status", "ampel"]
    search_fields = ["text", "akteur__name", "massnahme__text"]
    date_hierarchy = "eingereicht_am"
    ordering = ["eingereicht_am"]
    actions = ["freigeben_aktion", "zurueckgeben_aktion"]
    readonly_fields = [
        "massnahme_link",
        "massnahme_stand",
        "akteur",
        "berichtsrunde",
        "datum",
        "status",
        "ampel",
        "fortschritt",
        "text",
        "meilensteine_gemeldet",
        "zahlen_gemeldet",
        "gemeldet_von",
        "eingereicht_am",
        "notiz_an_buero",
        "anhaenge_links",
        "pruefstatus",
        "geprueft_von",
        "geprueft_am",
    ]
    fieldsets = [
        (_("Maßnahme"), {"fields": ["massnahme_link", "massnahme_stand"]}),
        (
            _("Gemeldeter Sachstand"),
            {
                "fields": [
                    "akteur",
                    "berichtsrunde",
                    "datum",
                    ("status", "ampel", "fortschritt"),
                    "text",
                    "meilensteine_gemeldet",
                    "zahlen_gemeldet",
                    ("gemeldet_von", "eingereicht_am"),
                ]
            },
        ),
        (
            _("Nur für das Büro (nie veröffentlicht)"),
            {"fields": ["notiz_an_buero", "anhaenge_links"]},
        ),
        (
            _("Prüfung"),
            {"fields": ["pruefstatus", "pruefkommentar", ("geprueft_von", "geprueft_am")]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "massnahme__teilziel__handlungsfeld",
                "akteur",
                "berichtsrunde",
                "eingereicht_von",
                "ansprechperson",
                "geprueft_von",
                "ansprechperson__user",
            )
        )

    def get_urls(self):
        return [
            path(
                "erfassen/<int:massnahme_pk>/",
                self.admin_site.admin_view(
                    lambda r, massnahme_pk: erfassen_view(self, r, massnahme_pk)
                ),
                name="measures_sachstand_erfassen",
            ),
            *super().get_urls(),
        ]

    def erfassen_view(self, request, massnahme_pk):
        return erfassen_view(self, request, massnahme_pk)

    @admin.display(description=_("gemeldet von"))
    def gemeldet_von(self, obj):
        """The account, the contact without account, or the Büro on the Akteur's behalf."""
        if obj.erfasst_durch_buero:
            wer = obj.eingereicht_von.get_username() if obj.eingereicht_von else ""
            return format_html(
                "<strong>{}</strong>{}",
                gettext("erfasst durch das Büro für %(akteur)s") % {"akteur": obj.akteur},
                f" ({wer})" if wer else "",
            )
        if obj.eingereicht_von_id:
            user = obj.eingereicht_von
            return user.get_full_name() or user.get_username()
        if obj.ansprechperson_id:
            return gettext("%(name)s (Ansprechperson ohne Konto)") % {
                "name": obj.ansprechperson.anzeigename
            }
        return "–"

    @admin.display(description=_("Anhänge"))
    def anhaenge_links(self, obj):
        anhaenge = list(obj.anhaenge.all())
        if not anhaenge:
            return "–"
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 (a constant)
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("measures:anhang", kwargs={"pk": obj.pk, "anhang_pk": a.pk}),
                    a.dateiname,
                    filesizeformat(a.groesse),
                )
                for a in anhaenge
            ),
        )

    @admin.display(description=_("Meilensteine"))
    def meilensteine_gemeldet(self, obj):
        """What the partner reported on the milestones; the Freigabe carries it over."""
        if not obj.meilenstein_meldungen:
            return "–"  # and no query for the milestones
        vorhanden = {m.pk: m for m in obj.massnahme.meilensteine.all()}
        zeilen = meilenstein_meldungen.lesbar(obj.meilenstein_meldungen, vorhanden)
        if not zeilen:
            return "–"
        texte = []
        for meilenstein, titel, art, tag in zeilen:
            if art == "neu":
                texte.append(
                    gettext("neu vorgeschlagen: „%(titel)s“, fällig am %(datum)s")
                    % {"titel": titel, "datum": _datum_text(tag)}
                )
                continue
            text = gettext("„%(titel)s“ (fällig am %(faellig)s) erledigt am %(datum)s") % {
                "titel": titel,
                "faellig": _datum_text(meilenstein.faellig_am) if meilenstein else "–",
                "datum": _datum_text(tag),
            }
            if meilenstein is not None and meilenstein.erledigt_am is not None:
                text += " " + gettext("(eingetragen ist bereits der %(datum)s; bleibt so)") % {
                    "datum": _datum_text(meilenstein.erledigt_am)
                }
            texte.append(text)
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((t,) for t in texte))
        )

    @admin.display(description=_("Leistungszahlen"))
    def zahlen_gemeldet(self, obj):
        """The figures reported with the Sachstand and what approval does with them
        (measures/sachstand_zusaetze.py; e.g. a new Messwert or one that replaces a value)."""
        zeilen = sachstand_zusaetze.pruefzeilen(obj)
        if not zeilen:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: <strong>{}</strong> – {}</li>", zeilen),
        )

    @admin.display(description=_("Maßnahme"), ordering="massnahme")
    def massnahme_referenz(self, obj):
        return obj.massnahme.referenz

    @admin.display(description=_("Maßnahme"))
    def massnahme_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> – {}',
            obj.massnahme.get_absolute_url(),
            obj.massnahme.referenz,
            obj.massnahme.text,
        )

    @admin.display(description=_("Stand der Maßnahme jetzt"))
    def massnahme_stand(self, obj):
        m = obj.massnahme
        return format_html(
            "{} · {} · {} %",
            m.get_status_display(),
            m.get_ampel_display(),
            m.fortschritt,
        )

    # --- permissions: the shared rules decide ------------------------------------------------

    def has_add_permission(self, request):
        # Sachstände come from the responsible Akteure (form or API), not from the Büro.
        return False

    def has_delete_permission(self, request, obj=None):
        # Nothing is deleted silently (DESIGN.md); a wrong one is sent back instead.
        return False

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or kann_sachstand_pruefen(request.user, obj)

    # --- review through the buttons on the change page ---------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A reviewer whose page still showed the buttons after a colleague reviewed it: say
        # so, instead of the bare 403 the admin gives for a read-only object. Checked before
        # and, for a review that lands in between, after the admin's own check.
        if request.method != "POST" or not object_id:
            return super().changeform_view(request, object_id, form_url, extra_context)
        antwort = self._schon_geprueft(request, object_id)
        if antwort:
            return antwort
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PermissionDenied:
            antwort = self._schon_geprueft(request, object_id)
            if antwort:
                return antwort
            raise

    def _schon_geprueft(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if (
            obj is None
            or not ist_buero(request.user)
            or not self.has_view_permission(request, obj)
            or kann_sachstand_pruefen(request.user, obj)
        ):
            return None
        self.message_user(
            request,
            gettext(
                "Der Sachstand %(s)s ist bereits geprüft (%(status)s) oder seine "
                "Berichtsrunde geschlossen; Ihre Prüfung wurde nicht gespeichert."
            )
            % {"s": obj, "status": obj.get_pruefstatus_display()},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        kommentar = form.cleaned_data.get("pruefkommentar", "")
        try:
            if ZURUECKGEBEN in request.POST:
                sachstaende.zurueckgeben(obj, request.user, kommentar)
            else:
                sachstaende.freigeben(obj, request.user, kommentar)
        except ValidationError as fehler:
            # Someone else reviewed it in the meantime: say so instead of a server error.
            request._pruef_fehler = " ".join(fehler.messages)

    def response_change(self, request, obj):
        fehler = getattr(request, "_pruef_fehler", None)
        if fehler:
            self.message_user(request, fehler, messages.ERROR)
        elif ZURUECKGEBEN in request.POST:
            self.message_user(
                request, gettext("Der Sachstand %(s)s wurde zurückgegeben.") % {"s": obj}
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Der Sachstand %(s)s wurde freigegeben; die Maßnahme zeigt jetzt seinen Stand."
                )
                % {"s": obj},
            )
        return HttpResponseRedirect(
            reverse("admin:measures_sachstand_changelist") + f"?pruefung={Pruefstatus.EINGEREICHT}"
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["pruefbar"] = obj is not None and kann_sachstand_pruefen(request.user, obj)
        context["freigeben_name"] = FREIGEBEN
        context["zurueckgeben_name"] = ZURUECKGEBEN
        return super().render_change_form(request, context, add, change, form_url, obj)

    def construct_change_message(self, request, form, formsets, add=False):
        if ZURUECKGEBEN in request.POST:
            return gettext("zurückgegeben")
        return gettext("freigegeben")

    # --- the same as list actions -----------------------------------------------------------

    def _pruefbare(self, request, queryset):
        return [s for s in queryset if kann_sachstand_pruefen(request.user, s)]

    def _ausgewaehlt(self, request, queryset):
        # What the reviewer ticked, also rows that left the list (reviewed by someone else
        # meanwhile) and so are missing from ``queryset``.
        if request.POST.get(helpers.ACTION_CHECKBOX_NAME) and not request.POST.get("select_across"):
            return max(
                len(set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))), queryset.count()
            )
        return queryset.count()

    def _alle_pruefen(self, request, pruefbar, pruefen):
        """Review each; one the service refuses is skipped and named with the reason.

        The service locks the row: one another reviewer took meanwhile is refused ("bereits
        geprüft"), and so is one that breaks the model's rules (e.g. a date in the future).
        """
        erledigt = 0
        for sachstand in pruefbar:
            try:
                pruefen(sachstand)
            except ValidationError as fehler:
                self.message_user(
                    request, f"{sachstand}: {' '.join(fehler.messages)}", messages.WARNING
                )
                continue
            erledigt += 1
        return erledigt

    @admin.action(description=_("Ausgewählte Sachstände freigeben"), permissions=["change"])
    def freigeben_aktion(self, request, queryset):
        pruefbar = self._pruefbare(request, queryset)
        erledigt = self._alle_pruefen(
            request, pruefbar, lambda sachstand: sachstaende.freigeben(sachstand, request.user)
        )
        self._melden(
            request,
            erledigt,
            self._ausgewaehlt(request, queryset) - erledigt,
            gettext("freigegeben"),
        )

    @admin.action(
        description=_("Ausgewählte Sachstände mit Kommentar zurückgeben"), permissions=["change"]
    )
    def zurueckgeben_aktion(self, request, queryset):
        pruefbar = self._pruefbare(request, queryset)
        form = ZurueckgebenForm(request.POST if "bestaetigt" in request.POST else None)
        if form.is_valid():
            kommentar = form.cleaned_data["pruefkommentar"]
            erledigt = self._alle_pruefen(
                request,
                pruefbar,
                lambda sachstand: sachstaende.zurueckgeben(sachstand, request.user, kommentar),
            )
            self._melden(
                request,
                erledigt,
                self._ausgewaehlt(request, queryset) - erledigt,
                gettext("zurückgegeben"),
            )
            return None
        # First visit (or an empty comment): ask for the comment on an intermediate page.
        return TemplateResponse(
            request,
            "admin/measures/sachstand/zurueckgeben.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Sachstände zurückgeben"),
                "opts": self.model._meta,
                "form": form,
                "zurueckzugeben": pruefbar,
                "feld": form["pruefkommentar"],
                "auswahl": list(queryset.values_list("pk", flat=True)),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "uebersprungen": self._ausgewaehlt(request, queryset) - len(pruefbar),
            },
        )

    def _melden(self, request, erledigt, uebersprungen, was):
        if erledigt:
            self.message_user(
                request,
                ngettext("%(n)d Sachstand %(was)s.", "%(n)d Sachstände %(was)s.", erledigt)
                % {"n": erledigt, "was": was},
            )
        if uebersprungen:
            self.message_user(
                request,
                ngettext(
                    "%(n)d Sachstand übersprungen: schon geprüft oder Berichtsrunde geschlossen.",
                    "%(n)d Sachstände übersprungen: schon geprüft oder Berichtsrunde geschlossen.",
                    uebersprungen,
                )
                % {"n": uebersprungen},
                messages.WARNING,
            )

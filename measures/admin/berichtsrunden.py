"""Berichtsrunden in the admin: plan, open, remind, close, and watch the response rate.

The list shows each round's response; the actions (and the buttons on the "Rücklauf" page of a
round) call ``measures.berichtsrunden``. Opening (it mails everyone asked) and closing (it fixes
the round) first show a page that says what will happen; only its POST acts. A closed round is
read-only; only a planned round that asked nobody yet can be deleted.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concept.admin import HistorieAdmin
from measures import berichtsrunden
from measures.choices import Pruefstatus, RundenStatus
from measures.models import Berichtsrunde
from measures.permissions import kann_berichtsrunden_steuern

# The steps that cannot be undone, with what the question before them shows.
BESTAETIGEN = {
    "oeffnen": berichtsrunden.vorschau_oeffnen,
    "schliessen": berichtsrunden.vorschau_schliessen,
}


@admin.register(Berichtsrunde)
class BerichtsrundeAdmin(HistorieAdmin):
    list_display = ["titel", "stichtag", "faellig_am", "status", "ruecklauf", "ruecklauf_link"]
    list_filter = ["status"]
    search_fields = ["titel"]
    date_hierarchy = "stichtag"
    readonly_fields = ["status", "geoeffnet_am", "geschlossen_am"]
    fields = ["titel", "stichtag", "faellig_am", "status", "geoeffnet_am", "geschlossen_am"]
    actions = ["oeffnen_aktion", "erinnern_aktion", "schliessen_aktion"]
    change_form_template = "admin/measures/berichtsrunde/change_form.html"

    def get_queryset(self, request):
        return berichtsrunden.runden_mit_ruecklauf(super().get_queryset(request))

    @admin.display(description=_("Rücklauf"))
    def ruecklauf(self, obj):
        if not obj.anzahl_anfragen:
            return "–"
        return gettext("%(antworten)d von %(anfragen)d (%(quote)d %%)") % {
            "antworten": obj.anzahl_antworten,
            "anfragen": obj.anzahl_anfragen,
            "quote": round(obj.anzahl_antworten * 100 / obj.anzahl_anfragen),
        }

    @admin.display(description=_("Details"))
    def ruecklauf_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:measures_berichtsrunde_ruecklauf", args=[obj.pk]),
            gettext("Rücklauf ansehen"),
        )

    # --- permissions -------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # A closed round keeps what it knew: its title and dates are part of the record.
        return obj is None or obj.status != RundenStatus.GESCHLOSSEN

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.status == RundenStatus.GEPLANT

    def _darf_steuern(self, request, runde=None):
        return kann_berichtsrunden_steuern(request.user) and self.has_change_permission(
            request, runde
        )

    # --- the steps, as list actions and as buttons on the Rücklauf page ------------------------

    def _schritt(self, request, runde, schritt):
        """Run one step on one round; report the outcome as a message. True if it worked."""
        try:
            if schritt == "oeffnen":
                versand = berichtsrunden.oeffnen(runde)
                text = gettext(
                    "„%(runde)s“ ist geöffnet: %(anfragen)d Anfragen, %(mails)d E-Mails verschickt."
                )
            elif schritt == "erinnern":
                versand = berichtsrunden.erinnern(runde)
                text = gettext(
                    "„%(runde)s“: Erinnerung zu %(anfragen)d offenen Anfragen, "
                    "%(mails)d E-Mails verschickt."
                )
            else:
                berichtsrunden.schliessen(runde)
                versand = None
                text = gettext(
                    "„%(runde)s“ ist geschlossen; ihre Sachstände bleiben, wie sie sind."
                )
        except ValidationError as fehler:
            self.message_user(request, f"„{runde}“: {' '.join(fehler.messages)}", messages.ERROR)
            return False
        werte = {"runde": runde, "anfragen": 0, "mails": 0}
        if versand:
            werte.update(anfragen=versand.anfragen, mails=versand.mails)
        self.message_user(request, text % werte, messages.SUCCESS)
        return True

    def _aktion(self, request, queryset, schritt):
        if not self._darf_steuern(request):
            raise PermissionDenied
        # Opening and closing cannot be undone: like Django's "delete selected", the first
        # click shows what will happen; only the confirmation (post=yes) acts.
        if schritt in BESTAETIGEN and request.POST.get("post") != "yes":
            return self._bestaetigung(request, list(queryset), schritt, aus_der_liste=True)
        for runde in queryset:
            self._schritt(request, runde, schritt)
        return None

    @admin.action(description=_("Öffnen und Akteure anschreiben"), permissions=["change"])
    def oeffnen_aktion(self, request, queryset):
        return self._aktion(request, queryset, "oeffnen")

    @admin.action(description=_("An offene Anfragen erinnern"), permissions=["change"])
    def erinnern_aktion(self, request, queryset):
        return self._aktion(request, queryset, "erinnern")

    @admin.action(description=_("Schließen (Stand festhalten)"), permissions=["change"])
    def schliessen_aktion(self, request, queryset):
        return self._aktion(request, queryset, "schliessen")

    # --- the question before opening or closing -----------------------------------------------

    def _bestaetigung(self, request, runden, schritt, aus_der_liste=False):
        vorschau = BESTAETIGEN[schritt]
        vorschauen = [vorschau(runde) for runde in runden]
        context = {
            **self.admin_site.each_context(request),
            "title": (
                gettext("Berichtsrunde öffnen?")
                if schritt == "oeffnen"
                else gettext("Berichtsrunde schließen?")
            ),
            "opts": self.model._meta,
            "schritt": schritt,
            "vorschauen": vorschauen,
            "moeglich": any(not v.hinderungsgruende for v in vorschauen),
            "aus_der_liste": aus_der_liste,
            "aktion": request.POST.get("action", ""),
            "zurueck": (
                reverse("admin:measures_berichtsrunde_changelist")
                if aus_der_liste
                else reverse("admin:measures_berichtsrunde_ruecklauf", args=[runden[0].pk])
            ),
        }
        return TemplateResponse(request, "admin/measures/berichtsrunde/bestaetigen.html", context)

    def bestaetigen_view(self, request, pk, schritt):
        """GET: what opening/closing this round will do, and the question; POST: do it."""
        runde = get_object_or_404(Berichtsrunde, pk=pk)
        if not self._darf_steuern(request, runde):
            raise PermissionDenied
        if request.method == "POST":
            self._schritt(request, runde, schritt)
            return HttpResponseRedirect(
                reverse("admin:measures_berichtsrunde_ruecklauf", args=[runde.pk])
            )
        return self._bestaetigung(request, [runde], schritt)

    # --- the Rücklauf page -----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/ruecklauf/",
                self.admin_site.admin_view(self.ruecklauf_view),
                name="measures_berichtsrunde_ruecklauf",
            ),
            *(
                path(
                    f"<int:pk>/{schritt}/",
                    self.admin_site.admin_view(self.bestaetigen_view),
                    {"schritt": schritt},
                    name=f"measures_berichtsrunde_{schritt}",
                )
                for schritt in BESTAETIGEN
            ),
            *super().get_urls(),
        ]

    def ruecklauf_view(self, request, pk):
        runde = get_object_or_404(Berichtsrunde, pk=pk)
        if not self.has_view_permission(request, runde):
            raise PermissionDenied
        if request.method == "POST":
            schritt = request.POST.get("schritt")
            if schritt not in {"oeffnen", "erinnern", "schliessen"}:
                raise PermissionDenied
            if not self._darf_steuern(request, runde):
                raise PermissionDenied
            if schritt in BESTAETIGEN:  # asked first, on its own page
                return HttpResponseRedirect(
                    reverse(f"admin:measures_berichtsrunde_{schritt}", args=[runde.pk])
                )
            self._schritt(request, runde, schritt)
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Rücklauf: %(runde)s") % {"runde": runde},
            "opts": self.model._meta,
            "runde": runde,
            "gesamt": berichtsrunden.ruecklauf_gesamt(runde),
            "nach_handlungsfeld": list(berichtsrunden.ruecklauf_nach_handlungsfeld(runde)),
            "nach_akteur": list(berichtsrunden.ruecklauf_nach_akteur(runde)),
            # The column "erreichbar": one query for all Akteure of the round.
            "erreichbare_akteure": set(
                berichtsrunden.erreichbare_mitgliedschaften(
                    runde.anfragen.values("akteur_id")
                ).values_list("akteur_id", flat=True)
            ),
            "wartend": runde.sachstaende.filter(pruefstatus=Pruefstatus.EINGEREICHT).count(),
            "anzahl_staende": runde.staende.count(),
            "darf_steuern": self._darf_steuern(request, runde),
        }
        return TemplateResponse(request, "admin/measures/berichtsrunde/ruecklauf.html", context)

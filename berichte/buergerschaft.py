"""The council's start page: what a member of the Bürgerschaft comes to the portal for.

The reports (today's, the latest closed round's, the internal one), the Büro's approved overall
assessment of the latest closed round (berichte/einschaetzungen.py decides what is public), the
open round's response rate, the measures marked kritisch and what changed since the last closed
round (its Berichtsstände against the measures now). A fixed number of queries, however large
the plan.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.views.generic import TemplateView

from berichte import einschaetzungen
from measures import berichtsrunden
from measures.choices import Ampel, RundenStatus
from measures.models import Berichtsrunde, Berichtsstand, Massnahme
from measures.permissions import darf_internen_bericht_sehen, ist_buergerschaft

# The navigation shows the council's link from this session flag, set at login, so that no
# page pays a query for the groups; the page itself always asks ist_buergerschaft.
SITZUNG_BUERGERSCHAFT = "buergerschaft"


@receiver(user_logged_in, dispatch_uid="berichte_buergerschaft_merken")
def _rolle_merken(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SITZUNG_BUERGERSCHAFT] = ist_buergerschaft(user)


def kritische_massnahmen():
    return (
        Massnahme.objects.im_aktuellen_konzept()
        .filter(ampel=Ampel.KRITISCH)
        .select_related("teilziel__handlungsfeld")
        .order_by("teilziel__handlungsfeld__sortierung", "teilziel__nummer", "kennung")
    )


def aenderungen_seit(runde):
    """The Berichtsstände of ``runde`` whose measure now differs in status, Ampel or progress."""
    if runde is None:
        return Berichtsstand.objects.none()
    return (
        Berichtsstand.objects.filter(
            berichtsrunde=runde, massnahme__in=Massnahme.objects.im_aktuellen_konzept()
        )
        .exclude(
            status=F("massnahme__status"),
            ampel=F("massnahme__ampel"),
            fortschritt=F("massnahme__fortschritt"),
        )
        .select_related("massnahme__teilziel__handlungsfeld")
        .order_by(
            "massnahme__teilziel__handlungsfeld__sortierung",
            "massnahme__teilziel__nummer",
            "massnahme__kennung",
        )
    )


class BuergerschaftView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """``/buergerschaft/``: for council members (and the Büro); others get 403."""

    template_name = "berichte/buergerschaft.html"
    raise_exception = False

    def test_func(self):
        return ist_buergerschaft(self.request.user)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True  # logged in, but not the council: 403, not a login loop
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        kontext = super().get_context_data(**kwargs)
        runden = Berichtsrunde.objects.order_by("-stichtag")
        offen = runden.filter(status=RundenStatus.OFFEN).first()
        letzte = runden.filter(status=RundenStatus.GESCHLOSSEN).first()
        kontext.update(
            seite="buergerschaft",
            offene_runde=offen,
            ruecklauf=berichtsrunden.ruecklauf_gesamt(offen) if offen else None,
            letzte_runde=letzte,
            zusammenfassung=(
                einschaetzungen.fuer_bericht(letzte, timezone.localdate()).gesamt
                if letzte
                else None
            ),
            darf_intern=darf_internen_bericht_sehen(self.request.user),
            kritisch=list(kritische_massnahmen()),
            aenderungen=list(aenderungen_seit(letzte)),
        )
        return kontext

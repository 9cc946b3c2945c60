"""Partner pages: "Meine Maßnahmen", the Sachstand form and "Meine Sachstände".

Who may do what is asked of measures.permissions; what happens is done by measures.sachstaende.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from measures import sachstaende
from measures.berichtsrunden import antwort_vorhanden
from measures.choices import RundenStatus
from measures.forms import SachstandForm
from measures.models import Berichtsanfrage, Massnahme, Sachstand, Zustaendigkeit
from measures.permissions import (
    akteure_von,
    kann_sachstand_aendern,
    kann_sachstand_melden,
)


def _sachstaende_der_akteure(user):
    # Visible to the user (the one rule) and, of those, the ones their own Akteure submitted.
    return (
        Sachstand.objects.sichtbar_fuer(user)
        .filter(akteur__in=akteure_von(user))
        .select_related("akteur", "berichtsrunde", "eingereicht_von")
    )


class MeineMassnahmenView(LoginRequiredMixin, ListView):
    """The measures the user's Akteure are responsible for, federführend first.

    For each: what the open Berichtsrunde asks of the user's Akteure (answered or not) and the
    latest Sachstand they submitted, with its review state.
    """

    template_name = "measures/partner/meine_massnahmen.html"
    context_object_name = "massnahmen"

    def get_queryset(self):
        user = self.request.user
        eigene = Zustaendigkeit.objects.filter(massnahme=OuterRef("pk"), akteur__mitglieder=user)
        anfragen = (
            Berichtsanfrage.objects.filter(
                berichtsrunde__status=RundenStatus.OFFEN, akteur__mitglieder=user
            )
            .select_related("berichtsrunde", "akteur")
            .annotate(beantwortet=antwort_vorhanden())
            .order_by("akteur__name")
        )
        # Sliced Prefetch: the database picks each measure's latest Sachstand (window function).
        letzte = _sachstaende_der_akteure(user).order_by("-eingereicht_am", "-pk")[:1]
        return (
            Massnahme.objects.im_aktuellen_konzept()
            .filter(Exists(eigene))
            .annotate(federfuehrend=Exists(eigene.filter(federfuehrend=True)))
            .select_related("teilziel__handlungsfeld")
            .prefetch_related(
                Prefetch(
                    "zustaendigkeiten",
                    queryset=Zustaendigkeit.objects.filter(akteur__mitglieder=user).select_related(
                        "akteur"
                    ),
                    to_attr="eigene_zustaendigkeiten",
                ),
                Prefetch("anfragen", queryset=anfragen, to_attr="offene_anfragen"),
                Prefetch("sachstaende", queryset=letzte, to_attr="letzte_sachstaende"),
            )
            .order_by(
                "-federfuehrend",
                "teilziel__handlungsfeld__sortierung",
                "teilziel__nummer",
                "kennung",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        massnahmen = context["massnahmen"]
        context["akteure"] = list(akteure_von(self.request.user).order_by("name"))
        context["federfuehrend"] = [m for m in massnahmen if m.federfuehrend]
        context["beteiligt"] = [m for m in massnahmen if not m.federfuehrend]
        anfragen = [a for m in massnahmen for a in m.offene_anfragen]
        context["runde"] = anfragen[0].berichtsrunde if anfragen else None
        context["anzahl_offen"] = sum(1 for a in anfragen if not a.beantwortet)
        return context


class MassnahmeAusUrlMixin:
    """Looks up the Maßnahme of the URL (``5.2-1a``) in the current Konzept; 404 if none."""

    def massnahme_aus_url(self):
        massnahme = (
            Massnahme.objects.nach_kennung(self.kwargs["kennung"])
            .im_aktuellen_konzept()
            .select_related("teilziel__handlungsfeld")
            .first()
        )
        if massnahme is None:
            raise Http404(_("Maßnahme nicht gefunden"))
        return massnahme


class SachstandNeuView(LoginRequiredMixin, MassnahmeAusUrlMixin, FormView):
    """Submit a Sachstand for a measure one of the user's Akteure is responsible for (else 403)."""

    template_name = "measures/partner/sachstand_form.html"
    form_class = SachstandForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.massnahme = self.massnahme_aus_url()
        if not kann_sachstand_melden(request.user, self.massnahme):
            raise PermissionDenied(_("Sie sind für diese Maßnahme nicht zuständig."))
        self.akteure = list(sachstaende.meldende_akteure(request.user, self.massnahme))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # The measure on the instance: the model's date rules depend on its Konzept.
        return {
            **super().get_form_kwargs(),
            "akteure": self.akteure,
            "instance": Sachstand(massnahme=self.massnahme),
        }

    def get_initial(self):
        # Start from the measure's current state: most Sachstände change one or two things.
        return {
            "datum": timezone.localdate(),
            "status": self.massnahme.status,
            "ampel": self.massnahme.ampel,
            "fortschritt": self.massnahme.fortschritt,
        }

    def form_valid(self, form):
        try:
            sachstaende.einreichen(
                self.request.user,
                self.massnahme,
                akteur=form.cleaned_data.get("akteur"),
                **form.daten(),
            )
        except ValidationError as fehler:
            form.add_error(None, fehler)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Vielen Dank! Ihr Sachstand zu %(massnahme)s wartet jetzt auf die Prüfung.")
            % {"massnahme": self.massnahme.referenz},
        )
        return redirect("measures:meine-sachstaende")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["massnahme"] = self.massnahme
        context["runden"] = [
            (a, sachstaende.offene_berichtsrunde(self.massnahme, a)) for a in self.akteure
        ]
        context["bisherige"] = list(
            _sachstaende_der_akteure(self.request.user).filter(massnahme=self.massnahme)[:5]
        )
        return context


class SachstandBearbeitenView(LoginRequiredMixin, FormView):
    """Correct one's own Sachstand while it waits for review; later it is fixed (403)."""

    template_name = "measures/partner/sachstand_form.html"
    form_class = SachstandForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.sachstand = get_object_or_404(
            Sachstand.objects.select_related(
                "berichtsrunde", "akteur", "massnahme__teilziel__handlungsfeld"
            ),
            pk=self.kwargs["pk"],
        )
        if not kann_sachstand_aendern(request.user, self.sachstand):
            raise PermissionDenied(_("Diesen Sachstand können Sie nicht ändern."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.sachstand}

    def form_valid(self, form):
        # The service re-reads and re-checks the stored row, so a review that happened while the
        # form was open wins over the correction.
        try:
            sachstaende.aendern(self.request.user, self.sachstand, **form.daten())
        except PermissionDenied:
            messages.error(self.request, _("Der Sachstand wurde inzwischen geprüft."))
            return redirect("measures:meine-sachstaende")
        except ValidationError as fehler:
            form.add_error(None, fehler)
            return self.form_invalid(form)
        messages.success(self.request, _("Ihr Sachstand wurde korrigiert."))
        return redirect("measures:meine-sachstaende")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["massnahme"] = self.sachstand.massnahme
        context["sachstand"] = self.sachstand
        return context


class MeineSachstaendeView(LoginRequiredMixin, ListView):
    """Every Sachstand of the user's Akteure with its review state and the Büro's comment."""

    template_name = "measures/partner/meine_sachstaende.html"
    context_object_name = "sachstaende"
    paginate_by = 50

    def get_queryset(self):
        return (
            _sachstaende_der_akteure(self.request.user)
            .select_related("massnahme__teilziel__handlungsfeld")
            .order_by("-eingereicht_am", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for sachstand in context["sachstaende"]:
            sachstand.aenderbar = kann_sachstand_aendern(self.request.user, sachstand)
        return context

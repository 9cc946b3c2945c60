"""Partner pages: "Meine Maßnahmen", the Sachstand form and "Meine Sachstände".

Who may do what is asked of measures.permissions; what happens is done by measures.sachstaende.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from measures import anhaenge, sachstaende, sachstand_zusaetze
from measures.berichtsrunden import antwort_vorhanden
from measures.choices import Pruefstatus, RundenStatus
from measures.filtersets import MeineMassnahmenFilterSet
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
    """The measures the user's Akteure are responsible for: filtered, sorted, 20 a page.

    For each: what the open Berichtsrunde asks of the user's Akteure (answered or not) and the
    latest Sachstand they submitted, with its review state. Filters and orders are
    ``MeineMassnahmenFilterSet``'s; the round's summary counts all own measures, not the page.
    """

    template_name = "measures/partner/meine_massnahmen.html"
    context_object_name = "massnahmen"
    paginate_by = 20

    def get_queryset(self):
        user = self.request.user
        akteure = akteure_von(user)
        eigene = Zustaendigkeit.objects.filter(massnahme=OuterRef("pk"), akteur__in=akteure)
        anfragen = (
            Berichtsanfrage.objects.filter(
                berichtsrunde__status=RundenStatus.OFFEN, akteur__in=akteure
            )
            .select_related("berichtsrunde", "akteur")
            .annotate(beantwortet=antwort_vorhanden())
            .order_by("akteur__name")
        )
        # Sliced Prefetch: the database picks each measure's latest Sachstand (window function).
        letzte = _sachstaende_der_akteure(user).order_by("-eingereicht_am", "-pk")[:1]
        massnahmen = (
            Massnahme.objects.im_aktuellen_konzept()
            .filter(Exists(eigene))
            .mit_verzug()
            .annotate(
                federfuehrend=Exists(eigene.filter(federfuehrend=True)),
                letzter_sachstand=Subquery(
                    _sachstaende_der_akteure(user)
                    .filter(massnahme=OuterRef("pk"))
                    .order_by()
                    .values("massnahme")
                    .annotate(zuletzt=Max("eingereicht_am"))
                    .values("zuletzt")
                ),
            )
            .select_related("teilziel__handlungsfeld")
            .prefetch_related(
                Prefetch(
                    "zustaendigkeiten",
                    queryset=Zustaendigkeit.objects.filter(akteur__in=akteure).select_related(
                        "akteur"
                    ),
                    to_attr="eigene_zustaendigkeiten",
                ),
                Prefetch("anfragen", queryset=anfragen, to_attr="offene_anfragen"),
                Prefetch("sachstaende", queryset=letzte, to_attr="letzte_sachstaende"),
            )
        )
        self.filterset = MeineMassnahmenFilterSet(
            self.request.GET, queryset=massnahmen, request=self.request
        )
        return self.filterset.qs

    def _runde(self):
        """The open round asking the user's Akteure and how many of its Anfragen wait."""
        anfragen = Berichtsanfrage.objects.filter(
            berichtsrunde__status=RundenStatus.OFFEN,
            akteur__in=akteure_von(self.request.user),
            massnahme__in=Massnahme.objects.im_aktuellen_konzept(),
        )
        erste = (
            anfragen.select_related("berichtsrunde").order_by("-berichtsrunde__stichtag").first()
        )
        if erste is None:
            return None, 0
        return erste.berichtsrunde, anfragen.filter(~antwort_vorhanden()).count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["akteure"] = list(akteure_von(self.request.user).order_by("name"))
        context["filter"] = self.filterset
        context["runde"], context["anzahl_offen"] = self._runde()
        # Page links keep the chosen filters and order.
        parameter = self.request.GET.copy()
        parameter.pop("page", None)
        context["parameter"] = parameter.urlencode()
        context["gefiltert"] = any(self.request.GET.get(name) for name in self.filterset.filters)
        return context


def _zahlfelder(massnahme_id, gemeldet_in=None):
    """The form's figure fields of the measure (measures/sachstand_zusaetze.py, e.g. Leistung
    indicators) and what ``gemeldet_in`` (a corrected or sent-back Sachstand) reported."""
    zahlfelder = sachstand_zusaetze.zahlfelder([massnahme_id])[massnahme_id]
    gemeldet = None
    if zahlfelder and gemeldet_in is not None:
        gemeldet = sachstand_zusaetze.gemeldet([gemeldet_in.pk])[gemeldet_in.pk]
    return {"zahlfelder": zahlfelder, "gemeldete_zahlen": gemeldet}


class MassnahmeAusUrlMixin:
    """Looks up the Maßnahme of the URL (``5.2-1a``) in the current Konzept; 404 if none."""

    def massnahme_aus_url(self):
        massnahme = (
            Massnahme.objects.nach_kennung(self.kwargs["kennung"])
            .im_aktuellen_konzept()
            .mit_verzug()
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
            # A sent-back Sachstand's milestone entries start the new one, like its text.
            "instance": Sachstand(
                massnahme=self.massnahme,
                meilenstein_meldungen=getattr(self.vorlage(), "meilenstein_meldungen", []),
            ),
            "meilensteine": self.massnahme.meilensteine.all(),
            # The measure's Leistung figures (measures/sachstand_zusaetze.py), started from
            # what a sent-back Sachstand reported.
            **_zahlfelder(self.massnahme.pk, self.vorlage()),
        }

    def vorlage(self):
        """The sent-back Sachstand a new one starts from, or None.

        ``?aus=<pk>`` (the "neu melden" link of Meine Sachstände) names it; without it, the
        latest Sachstand of the user's Akteure on this measure, if that one was sent back.
        Only the user's own Akteure' Sachstände qualify: a foreign pk is ignored.
        """
        if not hasattr(self, "_vorlage"):
            eigene = _sachstaende_der_akteure(self.request.user).filter(
                massnahme=self.massnahme, akteur__in=self.akteure
            )
            aus = self.request.GET.get("aus", "")
            if aus.isdigit():
                kandidat = eigene.filter(pk=int(aus)).first()
            else:
                kandidat = eigene.order_by("-eingereicht_am", "-pk").first()
            zurueck = kandidat is not None and kandidat.pruefstatus == Pruefstatus.ZURUECKGEGEBEN
            self._vorlage = kandidat if zurueck else None
        return self._vorlage

    def get_initial(self):
        vorlage = self.vorlage()
        if vorlage is not None:
            # After a send-back the partner corrects their own words, not a blank form.
            return {
                "datum": timezone.localdate(),
                "akteur": vorlage.akteur_id,
                **{feld: getattr(vorlage, feld) for feld in SachstandForm.VORLAGE_FELDER},
            }
        # Start from the measure's current state: most Sachstände change one or two things.
        return {
            "datum": timezone.localdate(),
            "status": self.massnahme.status,
            "ampel": self.massnahme.ampel,
            "fortschritt": self.massnahme.fortschritt,
        }

    def form_valid(self, form):
        # Files were checked with the form; Sachstand and files are stored together or not at all.
        try:
            with transaction.atomic():
                sachstand = sachstaende.einreichen(
                    self.request.user,
                    self.massnahme,
                    akteur=form.cleaned_data.get("akteur"),
                    **form.daten(),
                )
                anhaenge.speichern(sachstand, form.cleaned_data["anhaenge"])
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
        context["vorlage"] = self.vorlage()
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
        self.anhaenge = list(self.sachstand.anhaenge.all())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.sachstand,
            "vorhandene_anhaenge": len(self.anhaenge),
            "meilensteine": self.sachstand.massnahme.meilensteine.all(),
            **_zahlfelder(self.sachstand.massnahme_id, self.sachstand),
        }

    def form_valid(self, form):
        # The service re-reads and re-checks the stored row, so a review that happened while the
        # form was open wins over the correction.
        try:
            with transaction.atomic():
                sachstaende.aendern(self.request.user, self.sachstand, **form.daten())
                anhaenge.speichern(self.sachstand, form.cleaned_data["anhaenge"])
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
        context["anhaenge"] = self.anhaenge
        return context


class MeineSachstaendeView(LoginRequiredMixin, ListView):
    """Every Sachstand of the user's Akteure with its review state and the Büro's comment."""

    template_name = "measures/partner/meine_sachstaende.html"
    context_object_name = "sachstaende"
    paginate_by = 50

    def get_queryset(self):
        return (
            _sachstaende_der_akteure(self.request.user)
            .select_related("massnahme__teilziel__handlungsfeld", "ansprechperson")
            .prefetch_related("anhaenge")
            .order_by("-eingereicht_am", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for sachstand in context["sachstaende"]:
            sachstand.aenderbar = kann_sachstand_aendern(self.request.user, sachstand)
        return context

"""Fixed pages: accessibility statement, Leichte Sprache, contact and feedback, imprint."""

from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from integration_portal import maildrossel
from leichte_sprache.models import Zusammenfassung
from portal.feedback import FeedbackForm


class BarrierefreiheitView(TemplateView):
    template_name = "portal/seiten/barrierefreiheit.html"


class LeichteSpracheView(TemplateView):
    template_name = "portal/seiten/leichte_sprache.html"

    def get_context_data(self, **kwargs):
        # The Handlungsfelder in Leichte Sprache, listed on the page (one query).
        zusammenfassungen = Zusammenfassung.objects.im_aktuellen_konzept().select_related(
            "handlungsfeld"
        )
        return {**super().get_context_data(**kwargs), "zusammenfassungen": zusammenfassungen}


class ImpressumView(TemplateView):
    template_name = "portal/seiten/impressum.html"


class KontaktView(FormView):
    template_name = "portal/seiten/kontakt.html"
    form_class = FeedbackForm
    success_url = reverse_lazy("measures:kontakt")

    def get_initial(self):
        # "Kontakt/Feedback" links may name the page the reader came from (?seite=/massnahmen/…).
        return {**super().get_initial(), "seite": self.request.GET.get("seite", "")}

    def form_valid(self, form):
        # At most a few mails per client and per sender address an hour (maildrossel.py).
        if not (
            maildrossel.client_erlaubt("feedback", self.request)
            and maildrossel.adresse_erlaubt("feedback", form.cleaned_data["email"])
        ):
            form.add_error(
                None,
                _(
                    "Sie haben in kurzer Zeit viele Nachrichten gesendet. Bitte versuchen Sie es "
                    "in einer Stunde erneut."
                ),
            )
            return self.form_invalid(form)
        form.senden()
        messages.success(
            self.request,
            _("Vielen Dank! Ihre Nachricht wurde an das Büro für Integration gesendet."),
        )
        return super().form_valid(form)

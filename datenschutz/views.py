"""The privacy page (public) and what the portal holds about me (Art. 15, logged in)."""

import json

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from datenschutz.auskunft import auskunft
from datenschutz.models import Datenschutzangaben


class DatenschutzView(TemplateView):
    template_name = "datenschutz/erklaerung.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            angaben=Datenschutzangaben.aktuelle(),
            aufbewahrung_tage=settings.DATENSCHUTZ_AUFBEWAHRUNG_TAGE,
            **kwargs,
        )


class MeineDatenView(LoginRequiredMixin, TemplateView):
    template_name = "datenschutz/meine_daten.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(daten=auskunft(self.request.user), **kwargs)


class MeineDatenDownloadView(LoginRequiredMixin, View):
    """The same as JSON to keep (Art. 15 and 20): only the requesting person's own data."""

    def get(self, request):
        inhalt = json.dumps(auskunft(request.user), ensure_ascii=False, indent=2, default=str)
        antwort = HttpResponse(inhalt, content_type="application/json; charset=utf-8")
        datum = timezone.localdate().isoformat()
        antwort["Content-Disposition"] = f'attachment; filename="meine-daten-{datum}.json"'
        antwort["Cache-Control"] = "private, no-store"
        return antwort

"""The API root /api/v1/: DRF's list of endpoints, plus the licence of the data and the page that
describes the open-data offer (README "Offene Daten")."""

from django.urls import reverse
from rest_framework.routers import APIRootView

from concept import lizenz


class APIWurzel(APIRootView):
    def get(self, request, *args, **kwargs):
        antwort = super().get(request, *args, **kwargs)
        antwort.data = {
            "lizenz": lizenz.lizenz_json(),
            "offene_daten": request.build_absolute_uri(reverse("measures:offene-daten")),
            **antwort.data,
        }
        return antwort

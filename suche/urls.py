from django.urls import path

from integration_portal.seitencache import gleich_fuer_alle
from suche.views import SucheView

app_name = "suche"
# The same for every anonymous visitor: stored per Datenstand (integration_portal/seitencache.py).
urlpatterns = [path("", gleich_fuer_alle(SucheView.as_view()), name="suche")]

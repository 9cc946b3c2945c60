from django.urls import path

from datenschutz import views
from integration_portal.seitencache import gleich_fuer_alle

app_name = "datenschutz"
urlpatterns = [
    path("datenschutz/", gleich_fuer_alle(views.DatenschutzView.as_view()), name="erklaerung"),
    path("konto/meine-daten/", views.MeineDatenView.as_view(), name="meine-daten"),
    path("konto/meine-daten.json", views.MeineDatenDownloadView.as_view(), name="meine-daten-json"),
]

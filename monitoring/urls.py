from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.IndikatorUebersichtView.as_view(), name="uebersicht"),
    path("daten.csv", views.AlleDownloadView.as_view(format="csv"), name="alle-csv"),
    path("daten.json", views.AlleDownloadView.as_view(format="json"), name="alle-json"),
    path("<slug:kennung>/", views.IndikatorView.as_view(), name="indikator"),
    path(
        "<slug:kennung>.csv",
        views.IndikatorDownloadView.as_view(format="csv"),
        name="indikator-csv",
    ),
    path(
        "<slug:kennung>.json",
        views.IndikatorDownloadView.as_view(format="json"),
        name="indikator-json",
    ),
]

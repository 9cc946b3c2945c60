from django.urls import path

from integration_portal.bedingt import bedingt
from integration_portal.seitencache import gleich_fuer_alle
from monitoring import datenlage_views, views

app_name = "monitoring"
# Pages through the page cache (integration_portal/seitencache.py); the downloads stream row by
# row (100,000 values need no memory), so they are not stored, but answer 304 to a current copy
# (integration_portal/bedingt.py).
urlpatterns = [
    path("", gleich_fuer_alle(views.IndikatorUebersichtView.as_view()), name="uebersicht"),
    # Before "<slug:kennung>/": an indicator cannot be called "datenlage".
    path(
        "datenlage/",
        gleich_fuer_alle(datenlage_views.DatenlageView.as_view()),
        name="datenlage",
    ),
    path("daten.csv", bedingt(views.AlleDownloadView.as_view(format="csv")), name="alle-csv"),
    path(
        "daten.json",
        bedingt(views.AlleDownloadView.as_view(format="json")),
        name="alle-json",
    ),
    # The same CSVs for German Excel (semicolon, decimal comma, BOM): README „Offene Daten“.
    path(
        "excel/daten.csv",
        bedingt(views.AlleDownloadView.as_view(format="csv", excel_deutsch=True)),
        name="alle-csv-excel",
    ),
    path(
        "excel/<slug:kennung>.csv",
        bedingt(views.IndikatorDownloadView.as_view(format="csv", excel_deutsch=True)),
        name="indikator-csv-excel",
    ),
    path("<slug:kennung>/", gleich_fuer_alle(views.IndikatorView.as_view()), name="indikator"),
    path(
        "<slug:kennung>.csv",
        bedingt(views.IndikatorDownloadView.as_view(format="csv")),
        name="indikator-csv",
    ),
    path(
        "<slug:kennung>.json",
        bedingt(views.IndikatorDownloadView.as_view(format="json")),
        name="indikator-json",
    ),
]

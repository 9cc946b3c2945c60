"""PDF progress reports (berichte/views.py). Included under the namespace ``measures``
(integration_portal/urls.py), so every URL and URL name stayed as it was before the move."""

from django.urls import path

from berichte import docx_views
from berichte import views as reports
from berichte.buergerschaft import BuergerschaftView
from integration_portal.seitencache import gleich_fuer_alle

urlpatterns = [
    path("berichte/", gleich_fuer_alle(reports.BerichteView.as_view()), name="berichte"),
    # The council's start page after login (berichte/buergerschaft.py).
    path("buergerschaft/", BuergerschaftView.as_view(), name="buergerschaft"),
    path(
        "berichte/gesamtbericht.pdf",
        reports.GesamtberichtView.as_view(),
        name="bericht-gesamt",
    ),
    path(
        "berichte/handlungsfelder/<str:nummer>.pdf",
        reports.HandlungsfeldBerichtView.as_view(),
        name="bericht-handlungsfeld",
    ),
    path(
        "berichte/akteure/<slug:slug>.pdf",
        reports.AkteurBerichtView.as_view(),
        name="bericht-akteur",
    ),
    path(
        "berichte/gesamtbericht.docx",
        docx_views.WordBerichtView.as_view(),
        name="bericht-gesamt-docx",
    ),
    path(
        "berichte/handlungsfelder/<str:nummer>.docx",
        docx_views.HandlungsfeldWordBerichtView.as_view(),
        name="bericht-handlungsfeld-docx",
    ),
    # The Akteur chosen in a form arrives as ?akteur=<slug>.
    path(
        "berichte/akteur.pdf",
        reports.AkteurBerichtView.as_view(),
        name="bericht-akteur-auswahl",
    ),
]

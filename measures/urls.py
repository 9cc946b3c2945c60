from django.urls import path

from measures import views
from measures.views import partner, reports

app_name = "measures"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path(
        "handlungsfelder/<str:nummer>/",
        views.HandlungsfeldView.as_view(),
        name="handlungsfeld",
    ),
    path("massnahmen/", views.MassnahmenListeView.as_view(), name="massnahmen"),
    path("massnahmen/<str:kennung>/", views.MassnahmeView.as_view(), name="massnahme"),
    path("akteure/", views.AkteurListeView.as_view(), name="akteure"),
    path("akteure/<slug:slug>/", views.AkteurView.as_view(), name="akteur"),
    path("best-practice/", views.BestPracticeView.as_view(), name="best-practice"),
    path("barrierefreiheit/", views.BarrierefreiheitView.as_view(), name="barrierefreiheit"),
    path("leichte-sprache/", views.LeichteSpracheView.as_view(), name="leichte-sprache"),
    path("kontakt/", views.KontaktView.as_view(), name="kontakt"),
    path("impressum/", views.ImpressumView.as_view(), name="impressum"),
    # Partner pages (login required; rules in measures/permissions.py)
    path("meine-massnahmen/", partner.MeineMassnahmenView.as_view(), name="meine-massnahmen"),
    path("meine-sachstaende/", partner.MeineSachstaendeView.as_view(), name="meine-sachstaende"),
    path(
        "massnahmen/<str:kennung>/sachstand/neu/",
        partner.SachstandNeuView.as_view(),
        name="sachstand-neu",
    ),
    path(
        "sachstaende/<int:pk>/bearbeiten/",
        partner.SachstandBearbeitenView.as_view(),
        name="sachstand-bearbeiten",
    ),
    # PDF progress reports (measures/views/reports.py)
    path("berichte/", reports.BerichteView.as_view(), name="berichte"),
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
    # The Akteur chosen in a form arrives as ?akteur=<slug>.
    path(
        "berichte/akteur.pdf",
        reports.AkteurBerichtView.as_view(),
        name="bericht-akteur-auswahl",
    ),
]

"""Public pages. Included under the namespace ``measures`` (integration_portal/urls.py), so every
URL and URL name stayed as it was before the pages moved out of ``measures``."""

from django.urls import path

from portal import views

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
]

from rest_framework.routers import DefaultRouter

from measures.api import views
from measures.api.aenderungen import AenderungViewSet


def register(router: DefaultRouter):
    router.register("handlungsfelder", views.HandlungsfeldViewSet, basename="handlungsfeld")
    router.register("teilziele", views.TeilzielViewSet, basename="teilziel")
    router.register("massnahmen", views.MassnahmeViewSet, basename="massnahme")
    router.register("akteure", views.AkteurViewSet, basename="akteur")
    router.register("sachstaende", views.SachstandViewSet, basename="sachstand")
    router.register("berichtsrunden", views.BerichtsrundeViewSet, basename="berichtsrunde")
    # The public change log, the same as the Atom feeds (measures/aenderungen.py).
    router.register("aenderungen", AenderungViewSet, basename="aenderung")

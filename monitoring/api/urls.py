from rest_framework.routers import DefaultRouter

from monitoring.api import views


def register(router: DefaultRouter):
    router.register("indikatoren", views.IndikatorViewSet, basename="indikator")
    router.register("messwerte", views.MesswertViewSet, basename="messwert")
    router.register("vergleichswerte", views.VergleichswertViewSet, basename="vergleichswert")

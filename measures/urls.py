"""Partner pages (login required; rules in measures/permissions.py). Included together with the
public pages (portal/urls.py) and the reports (berichte/urls.py) under the namespace ``measures``
by integration_portal/urls.py, so the URL names stay ``measures:…``."""

from django.urls import path

from measures.views import anhaenge, partner

urlpatterns = [
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
    path(
        "sachstaende/<int:pk>/anhaenge/<int:anhang_pk>/",
        anhaenge.AnhangView.as_view(),
        name="anhang",
    ),
]

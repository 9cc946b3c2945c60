"""Partner pages (login required; rules in measures/permissions.py). Included together with the
public pages (portal/urls.py) and the reports (berichte/urls.py) under the namespace ``measures``
by integration_portal/urls.py, so the URL names stay ``measures:…``."""

from django.urls import path

from measures.views import anhaenge, partner, runde

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
    # The round form (measures/views/runde.py): members, and contacts by their personal link.
    path(
        "berichtsrunden/<int:pk>/melden/<slug:akteur>/",
        runde.RundenformularView.as_view(),
        name="rundenformular",
    ),
    path(
        "melden/neuer-link/",
        runde.RundenzugangAnfordernView.as_view(),
        name="rundenzugang-anfordern",
    ),
    path("melden/<str:token>/", runde.RundenzugangView.as_view(), name="rundenzugang"),
]

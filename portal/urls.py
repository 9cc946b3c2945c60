"""Public pages. Included under the namespace ``measures`` (integration_portal/urls.py), so every
URL and URL name stayed as it was before the pages moved out of ``measures``."""

from django.urls import path

from integration_portal.seitencache import gleich_fuer_alle
from leichte_sprache.views import ZusammenfassungView
from portal import views
from portal.feeds import AenderungenFeed, AkteurFeed, HandlungsfeldFeed


def oeffentlich(view_klasse):
    """A public page, stored per Datenstand for anonymous visitors (seitencache.py)."""
    return gleich_fuer_alle(view_klasse.as_view())


urlpatterns = [
    path("", oeffentlich(views.OverviewView), name="overview"),
    # Atom feeds of the change log (portal/feeds.py), the same for everyone.
    path("aenderungen/feed.atom", gleich_fuer_alle(AenderungenFeed()), name="feed"),
    path(
        "handlungsfelder/<str:nummer>/feed.atom",
        gleich_fuer_alle(HandlungsfeldFeed()),
        name="feed-handlungsfeld",
    ),
    path("akteure/<slug:slug>/feed.atom", gleich_fuer_alle(AkteurFeed()), name="feed-akteur"),
    path(
        "handlungsfelder/<str:nummer>/",
        oeffentlich(views.HandlungsfeldView),
        name="handlungsfeld",
    ),
    # The Handlungsfeld in Leichte Sprache (leichte_sprache/views.py).
    path(
        "handlungsfelder/<str:nummer>/leichte-sprache/",
        oeffentlich(ZusammenfassungView),
        name="handlungsfeld-leichte-sprache",
    ),
    path("massnahmen/", oeffentlich(views.MassnahmenListeView), name="massnahmen"),
    path("massnahmen/<str:kennung>/", oeffentlich(views.MassnahmeView), name="massnahme"),
    path("akteure/", oeffentlich(views.AkteurListeView), name="akteure"),
    path("akteure/<slug:slug>/", oeffentlich(views.AkteurView), name="akteur"),
    path("best-practice/", oeffentlich(views.BestPracticeView), name="best-practice"),
    path("barrierefreiheit/", oeffentlich(views.BarrierefreiheitView), name="barrierefreiheit"),
    path("leichte-sprache/", oeffentlich(views.LeichteSpracheView), name="leichte-sprache"),
    path("kontakt/", views.KontaktView.as_view(), name="kontakt"),
    path("impressum/", oeffentlich(views.ImpressumView), name="impressum"),
]

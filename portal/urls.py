"""Public pages. Included under the namespace ``measures`` (integration_portal/urls.py), so every
URL and URL name stayed as it was before the pages moved out of ``measures``."""

from django.urls import path

from integration_portal.bedingt import bedingt
from integration_portal.seitencache import gleich_fuer_alle
from leichte_sprache.views import ZusammenfassungView
from portal import views
from portal.feeds import AenderungenFeed, AkteurFeed, HandlungsfeldFeed


def _host(request, *args, **kwargs):
    return request.get_host()


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
    # Open data (README "Offene Daten"): the page and the catalogue are stored per Datenstand
    # like every public page; the downloads are built anew (they stream or go through a
    # temporary file) and answer 304 to a current copy (integration_portal/bedingt.py). Their
    # licence link and the zip's catalogue name the host, so it is part of their ETag.
    path("offene-daten/", oeffentlich(views.OffeneDatenView), name="offene-daten"),
    path(
        "offene-daten/katalog.ttl",
        gleich_fuer_alle(views.KatalogView.as_view(format="ttl")),
        name="offene-daten-katalog-ttl",
    ),
    path(
        "offene-daten/katalog.jsonld",
        gleich_fuer_alle(views.KatalogView.as_view(format="jsonld")),
        name="offene-daten-katalog-jsonld",
    ),
    *(
        path(
            f"offene-daten/{pfad}",
            bedingt(views.TabelleDownloadView.as_view(tabelle=tabelle, format=format), auch=_host),
            name=f"offene-daten-{tabelle}-{name}",
        )
        for tabelle in ("massnahmen", "zustaendigkeiten")
        for pfad, format, name in (
            (f"{tabelle}.csv", "csv", "csv"),
            (f"excel/{tabelle}.csv", "excel", "csv-excel"),
            (f"{tabelle}.xlsx", "xlsx", "xlsx"),
        )
    ),
    path(
        "offene-daten/alle-daten.zip",
        bedingt(views.AlleDatenView.as_view(), auch=_host),
        name="offene-daten-zip",
    ),
]

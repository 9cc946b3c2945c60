"""Public pages (one module per page group)."""

from portal.views.akteure import AkteurListeView, AkteurView
from portal.views.best_practice import BestPracticeView
from portal.views.handlungsfeld import HandlungsfeldView
from portal.views.massnahme import MassnahmeView
from portal.views.massnahmen import MassnahmenListeView
from portal.views.offene_daten import (
    AlleDatenView,
    KatalogView,
    OffeneDatenView,
    TabelleDownloadView,
)
from portal.views.seiten import (
    BarrierefreiheitView,
    ImpressumView,
    KontaktView,
    LeichteSpracheView,
)
from portal.views.uebersicht import OverviewView

__all__ = [
    "AkteurListeView",
    "AlleDatenView",
    "AkteurView",
    "BarrierefreiheitView",
    "BestPracticeView",
    "HandlungsfeldView",
    "ImpressumView",
    "KatalogView",
    "KontaktView",
    "LeichteSpracheView",
    "MassnahmeView",
    "MassnahmenListeView",
    "OffeneDatenView",
    "OverviewView",
    "TabelleDownloadView",
]

"""Public pages (one module per page group)."""

from portal.views.akteure import AkteurListeView, AkteurView
from portal.views.best_practice import BestPracticeView
from portal.views.handlungsfeld import HandlungsfeldView
from portal.views.massnahme import MassnahmeView
from portal.views.massnahmen import MassnahmenListeView
from portal.views.seiten import (
    BarrierefreiheitView,
    ImpressumView,
    KontaktView,
    LeichteSpracheView,
)
from portal.views.uebersicht import OverviewView

__all__ = [
    "AkteurListeView",
    "AkteurView",
    "BarrierefreiheitView",
    "BestPracticeView",
    "HandlungsfeldView",
    "ImpressumView",
    "KontaktView",
    "LeichteSpracheView",
    "MassnahmeView",
    "MassnahmenListeView",
    "OverviewView",
]

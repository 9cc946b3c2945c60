"""Public and partner pages (one module per page group)."""

from measures.views.akteure import AkteurListeView, AkteurView
from measures.views.best_practice import BestPracticeView
from measures.views.handlungsfeld import HandlungsfeldView
from measures.views.massnahme import MassnahmeView
from measures.views.massnahmen import MassnahmenListeView
from measures.views.seiten import (
    BarrierefreiheitView,
    ImpressumView,
    KontaktView,
    LeichteSpracheView,
)
from measures.views.uebersicht import OverviewView

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

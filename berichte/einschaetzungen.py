"""The Büro's assessments (berichte.Einschaetzung): which ones a report shows.

A report of a closed Berichtsrunde shows that round's approved assessments. A report of
today's state (or of a Stichtag) shows those of the latest round — open or closed — whose
Stichtag is not after the report's: the Büro writes them while the round is open.
"""

from dataclasses import dataclass, field

from berichte.models import Einschaetzung
from measures.choices import RundenStatus
from measures.models import Berichtsrunde


@dataclass
class Einschaetzungen:
    runde: Berichtsrunde | None = None
    gesamt: Einschaetzung | None = None
    je_handlungsfeld: dict = field(default_factory=dict)  # {handlungsfeld_pk: Einschaetzung}


def fuer_bericht(runde, stichtag):
    """The approved assessments a report at ``stichtag`` (of ``runde``, if given) shows."""
    if runde is None:
        runde = (
            Berichtsrunde.objects.exclude(status=RundenStatus.GEPLANT)
            .filter(stichtag__lte=stichtag)
            .order_by("-stichtag", "-pk")
            .first()
        )
    if runde is None:
        return Einschaetzungen()
    ergebnis = Einschaetzungen(runde=runde)
    for e in Einschaetzung.objects.freigegeben().filter(berichtsrunde=runde):
        if e.handlungsfeld_id is None:
            ergebnis.gesamt = e
        else:
            ergebnis.je_handlungsfeld[e.handlungsfeld_id] = e
    return ergebnis

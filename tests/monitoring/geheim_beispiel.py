"""One example for every output of the small-number protection (monitoring/geheimhaltung.py).

Einbürgerungen (a count) in 2019 by Stadtbereich: Nord 2 (below the threshold of 3: primary),
Mitte 137 (the smallest other cell: secondary, else 1000 − 861 − 137 = 2), Süd 861 (published),
total 1000. 2018 has no small cell and stays published as a whole.
"""

from decimal import Decimal

from monitoring.choices import Einheit
from tests import builders as b

GEHEIM_PRIMAER = "2"
GEHEIM_SEKUNDAER = "137"
OFFEN = "861"


def beispiel(handlungsfelder=()):
    stadtbereich = b.dimension("stadtbereich", "Stadtbereich")
    for name in ("Nord", "Mitte", "Süd"):
        b.auspraegung(stadtbereich, name)
    indikator = b.indikator(
        "einbuergerungen",
        name="Einbürgerungen",
        einheit=Einheit.ANZAHL,
        nachkommastellen=0,
        handlungsfelder=list(handlungsfelder),
    )
    b.messwert(indikator, 2018, "900")
    b.messwert(indikator, 2018, "300", "stadtbereich=nord")
    b.messwert(indikator, 2018, "250", "stadtbereich=mitte")
    b.messwert(indikator, 2018, "350", "stadtbereich=sued")
    b.messwert(indikator, 2019, "1000")
    b.messwert(indikator, 2019, Decimal(GEHEIM_PRIMAER), "stadtbereich=nord")
    b.messwert(indikator, 2019, Decimal(GEHEIM_SEKUNDAER), "stadtbereich=mitte")
    b.messwert(indikator, 2019, Decimal(OFFEN), "stadtbereich=sued")
    return indikator

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from monitoring.choices import Richtung, Zeitart
from monitoring.models import Messwert
from tests import builders as b

BUDGET = json.loads((Path(__file__).parent / "query_counts.json").read_text())


@pytest.fixture
def monitoring_daten(db):
    """Two Handlungsfelder; a public indicator with a breakdown, an internal and an unlinked one."""
    kap = b.kapitel(b.konzept(), "4.2", "Leben und Wohnen im Stadtteil")
    hf_wohnen = b.handlungsfeld(kap, "4.2.2", "Wohnen und Unterbringung")
    hf_stadtteil = b.handlungsfeld(kap, "4.2.3", "Integration im Stadtteil")
    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    b.auspraegung(geschlecht, "männlich", slug="maennlich")
    anteil = b.indikator(
        "auslaenderanteil",
        name="Anteil der ausländischen Bevölkerung",
        nachkommastellen=2,
        richtung=Richtung.HOEHER_BESSER,
        ziele={2030: Decimal("8")},
        handlungsfelder=[hf_stadtteil, hf_wohnen],
        sortierung=1,
    )
    for jahr, wert in [(2018, "6.18"), (2019, "6.80"), (2020, "7.00")]:
        b.messwert(anteil, jahr, wert)
        b.messwert(anteil, jahr, Decimal(wert) + Decimal("0.1"), "geschlecht=weiblich")
        b.messwert(anteil, jahr, Decimal(wert) - Decimal("0.1"), "geschlecht=maennlich")
    intern = b.indikator(
        "leerstand", name="Leerstandsquote", oeffentlich=False, handlungsfelder=[hf_wohnen]
    )
    b.messwert(intern, 2019, "3.5")
    ohne = b.indikator(
        "deutschland", name="Migrationshintergrund in Deutschland", einheit="millionen"
    )
    b.messwert(ohne, 2018, "20.8", genauigkeit="etwa")
    return {
        "anteil": anteil,
        "intern": intern,
        "ohne": ohne,
        "hf_wohnen": hf_wohnen,
        "hf_stadtteil": hf_stadtteil,
    }


def viele_messwerte(indikator, stadtbereiche=20, jahre=50):
    """Thousands of values: totals and every Stadtbereich × Geschlecht for ``jahre`` years."""
    from monitoring.models import Auspraegung, Dimension

    stadtbereich = Dimension.objects.get_or_create(
        slug="stadtbereich", defaults={"name": "Stadtbereich"}
    )[0]
    Auspraegung.objects.bulk_create(
        [
            Auspraegung(dimension=stadtbereich, name=f"Bereich {i:02d}", slug=f"bereich-{i:02d}")
            for i in range(stadtbereiche)
        ],
        ignore_conflicts=True,
    )
    werte = []
    for jahr in range(1950, 1950 + jahre):
        for i in range(stadtbereiche):
            for g in ("weiblich", "maennlich"):
                schluessel = f"geschlecht={g};stadtbereich=bereich-{i:02d}"
                werte.append(
                    Messwert(
                        indikator=indikator,
                        datum=date(jahr, 12, 31),
                        zeitart=Zeitart.JAHR,
                        aufschluesselung=schluessel,
                        dimensionen="geschlecht;stadtbereich",
                        wert=Decimal(i),
                    )
                )
            werte.append(
                Messwert(
                    indikator=indikator,
                    datum=date(jahr, 12, 31),
                    zeitart=Zeitart.JAHR,
                    aufschluesselung=f"stadtbereich=bereich-{i:02d}",
                    dimensionen="stadtbereich",
                    wert=Decimal(i),
                )
            )
        werte.append(
            Messwert(
                indikator=indikator,
                datum=date(jahr, 12, 31),
                zeitart=Zeitart.JAHR,
                wert=Decimal(jahr % 7 + 1),
            )
        )
        werte.append(
            Messwert(
                indikator=indikator,
                datum=date(jahr, 12, 31),
                zeitart=Zeitart.JAHR,
                aufschluesselung="geschlecht=weiblich",
                dimensionen="geschlecht",
                wert=Decimal(1),
            )
        )
    Messwert.objects.bulk_create(werte, batch_size=2000)
    return len(werte)

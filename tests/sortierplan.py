"""A plan in which almost every sortable value is shared by many rows (for the pagination tests).

Equal sort keys are what make a page list drop and repeat rows on PostgreSQL; the concept has
many of them (167 measures in four statuses), this plan has them on purpose and is quick to build.
"""

from datetime import date

from measures.choices import Ampel, Pruefstatus, Seite, Status
from measures.models import Akteur, Berichtsrunde, Massnahme, Sachstand, Zustaendigkeit
from tests import builders as b

ANZAHL = 41  # prime: no page size divides it


def sortierplan_anlegen(personen):
    konzept = b.konzept()
    kapitel = b.kapitel(konzept)
    # Equal "sortierung" everywhere: the concept order alone does not decide between them.
    handlungsfelder = [
        b.handlungsfeld(kapitel, f"5.{h}", titel="Gleicher Titel", sortierung=1)
        for h in range(1, 16)
    ]
    teilziele = [b.teilziel(hf, t, text="Gleicher Text") for hf in handlungsfelder for t in (1, 2)]
    akteure = Akteur.objects.bulk_create(
        Akteur(
            name=f"Akteur {i:02d}",
            kurzname="Gleich",
            slug=f"sortier-akteur-{i}",
            seite=Seite.INTERN if i % 3 else Seite.EXTERN,
            art="amt",
        )
        for i in range(ANZAHL)
    )
    massnahmen = Massnahme.objects.bulk_create(
        Massnahme(
            teilziel=teilziele[i % len(teilziele)],
            kennung=chr(97 + i // len(teilziele)),
            text="Gleicher Text",
            status=Status.IN_UMSETZUNG if i % 4 else Status.NICHT_BEGONNEN,
            ampel=Ampel.UNBEWERTET,
            fortschritt=50 if i % 2 else 0,
            zieldatum=date(2030, 1, 1),
        )
        for i in range(ANZAHL)
    )
    Zustaendigkeit.objects.bulk_create(
        Zustaendigkeit(massnahme=m, akteur=akteure[i], seite=akteure[i].seite, federfuehrend=True)
        for i, m in enumerate(massnahmen)
    )
    personen.akteur_a.mitglieder.add(personen.partner_a)
    Zustaendigkeit.objects.bulk_create(
        Zustaendigkeit(massnahme=m, akteur=personen.akteur_a, seite=Seite.INTERN)
        for m in massnahmen
    )
    runden = Berichtsrunde.objects.bulk_create(
        Berichtsrunde(titel="Runde", stichtag=date(2026, 6, 30), faellig_am=date(2026, 7, 31))
        for _ in range(17)
    )
    Sachstand.objects.bulk_create(
        Sachstand(
            massnahme=m,
            akteur=personen.akteur_a,
            berichtsrunde=runden[0],
            datum=date(2026, 6, 1),
            status=Status.IN_UMSETZUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=40,
            text="Gleicher Stand",
            eingereicht_von=personen.partner_a,
            pruefstatus=Pruefstatus.FREIGEGEBEN if i % 2 else Pruefstatus.EINGEREICHT,
        )
        for i, m in enumerate(massnahmen)
    )
    # auto_now_add: one moment for all, as a bulk import would leave it.
    Sachstand.objects.update(eingereicht_am=Sachstand.objects.first().eingereicht_am)
    hf = handlungsfelder[0]
    for i in range(19):
        indikator = b.indikator(f"ind-{i}", name=f"Indikator {i:02d}", handlungsfelder=[hf])
        for jahr in (2019, 2020):
            b.messwert(indikator, jahr, 1)
        # Land/Bund comparison values (their API list is sorted like the others).
        indikator.vergleichswerte.create(
            gebiet="land",
            gebiet_name="Mecklenburg-Vorpommern",
            datum=date(2020, 12, 31),
            wert=2,
            quelle="IntMK",
        )
    return massnahmen

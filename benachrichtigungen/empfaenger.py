"""Who a reminder goes to: the one place for the fallback chain (contact → coordinator → parent).

Each function answers for many Akteure at once with a fixed number of queries, so that the
daily run does not ask per Anfrage.
"""

from collections import defaultdict

from measures.choices import AnsprechpersonRolle
from measures.models import Akteur, Ansprechperson


def _erreichbare(akteur_ids):
    return (
        Ansprechperson.objects.erreichbar()
        .filter(akteur_id__in=akteur_ids)
        .select_related("user", "akteur")
        .order_by("akteur_id", "pk")
    )


def meldende(akteur_ids):
    """``{akteur_id: [Ansprechperson]}``: those with rolle *meldet*, or all when none has it."""
    alle = defaultdict(list)
    for person in _erreichbare(akteur_ids):
        alle[person.akteur_id].append(person)
    ergebnis = {}
    for akteur_id, personen in alle.items():
        melden = [p for p in personen if p.rolle == AnsprechpersonRolle.MELDET]
        ergebnis[akteur_id] = melden or personen
    return ergebnis


def koordination(akteur_ids):
    """``{akteur_id: [Ansprechperson]}``: the Akteur's coordinators, else the nearest parent's.

    Walks ``Akteur.uebergeordnet`` upwards (two queries whatever the depth). An Akteur with no
    coordinator anywhere above it is missing from the answer.
    """
    eltern = dict(Akteur.objects.values_list("pk", "uebergeordnet_id"))
    ketten = {}
    for akteur_id in akteur_ids:
        kette, aktuell = [], akteur_id
        while aktuell is not None and aktuell not in kette:  # a cycle ends the walk
            kette.append(aktuell)
            aktuell = eltern.get(aktuell)
        ketten[akteur_id] = kette
    koordinierende = defaultdict(list)
    for person in _erreichbare({a for kette in ketten.values() for a in kette}).filter(
        rolle=AnsprechpersonRolle.KOORDINIERT
    ):
        koordinierende[person.akteur_id].append(person)
    ergebnis = {}
    for akteur_id, kette in ketten.items():
        for kandidat in kette:
            if koordinierende.get(kandidat):
                ergebnis[akteur_id] = koordinierende[kandidat]
                break
    return ergebnis

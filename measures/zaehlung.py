"""Counting Maßnahmen by status, done by the database (one grouped query for a whole page)."""

from collections import defaultdict

from django.db.models import Count

from measures.choices import Status
from measures.models import Massnahme


def status_je_handlungsfeld(massnahmen=None):
    """``{handlungsfeld_id: [(Status, anzahl), …]}`` in the order of ``Status``, zeros left out."""
    massnahmen = Massnahme.objects.all() if massnahmen is None else massnahmen
    zeilen = (
        massnahmen.order_by()
        .values("teilziel__handlungsfeld", "status")
        .annotate(anzahl=Count("pk"))
    )
    roh = defaultdict(dict)
    for zeile in zeilen:
        roh[zeile["teilziel__handlungsfeld"]][zeile["status"]] = zeile["anzahl"]
    return {
        hf_id: [(Status(wert), anzahl[wert]) for wert in Status.values if wert in anzahl]
        for hf_id, anzahl in roh.items()
    }


def summe(zaehlungen):
    """Add up several ``[(Status, anzahl), …]`` lists into one, in the order of ``Status``."""
    gesamt = defaultdict(int)
    for liste in zaehlungen:
        for status, anzahl in liste:
            gesamt[status] += anzahl
    return [(Status(wert), gesamt[wert]) for wert in Status.values if wert in gesamt]

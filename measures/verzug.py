"""When a measure is late (überfällig) — the rule for rows in memory (issue 15).

A measure is überfällig at a Stichtag when it is not done (umgesetzt or entfallen) and its
target date or one of its milestones fell due before the Stichtag without being reached by
then. The status the Büro set stays as it is; lateness is shown beside it (as Kausal Watch
derives "late" from overdue tasks).

``MassnahmeQuerySet.ueberfaellig`` is the same rule in SQL for today's data; this function
serves the states reconstructed from history and the Berichtsstand snapshots.
tests/measures/test_verzug.py holds both to the same answers.
"""

from measures.choices import Status


def ist_ueberfaellig(status, zieldatum, meilensteine, stichtag):
    """``meilensteine``: pairs ``(faellig_am, erledigt_am or None)``."""
    if status in Status.abgeschlossen():
        return False
    if zieldatum is not None and zieldatum < stichtag:
        return True
    return any(
        faellig < stichtag and (erledigt is None or erledigt > stichtag)
        for faellig, erledigt in meilensteine
    )

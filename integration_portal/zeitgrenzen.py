"""Timeouts that nest: a waiting report is enqueued again only after its rendering must have ended.

Reports render in the task worker (berichte/tasks.py), each within ``BERICHT_ZEITLIMIT``. A
Berichtsdatei still waiting after ``BERICHT_ERNEUT_SEKUNDEN`` counts as lost (its worker died)
and the next request enqueues it again (berichte/ablage.py). If that came before the limit, a
slow but healthy rendering would run twice. Checked by Django's system checks.
"""

from django.core import checks

# Seconds for collecting the report's data and writing the file.
PUFFER = 5


def zeitgrenzen_fehler(erneut_nach, zeitlimit):
    """A German message if the limits do not nest, else None."""
    if zeitlimit + PUFFER < erneut_nach:
        return None
    return (
        f"Die Zeitgrenzen passen nicht ineinander: BERICHT_ZEITLIMIT ({zeitlimit} s) + "
        f"{PUFFER} s müssen kürzer sein als BERICHT_ERNEUT_SEKUNDEN ({erneut_nach} s), sonst "
        "wird ein Bericht, der noch erstellt wird, ein zweites Mal in Auftrag gegeben. "
        "BERICHT_ZEITLIMIT senken oder BERICHT_ERNEUT_SEKUNDEN erhöhen."
    )


@checks.register(checks.Tags.compatibility, deploy=False)
def zeitgrenzen_pruefen(app_configs=None, **kwargs):
    from django.conf import settings

    meldung = zeitgrenzen_fehler(settings.BERICHT_ERNEUT_SEKUNDEN, settings.BERICHT_ZEITLIMIT)
    return [checks.Error(meldung, id="integration_portal.E002")] if meldung else []

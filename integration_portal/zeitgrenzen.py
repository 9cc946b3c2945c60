"""Timeouts that nest: a report request ends before gunicorn kills its worker.

A request for an uncached report waits up to ``BERICHT_WARTEZEIT`` for a rendering slot, then
renders for at most ``BERICHT_ZEITLIMIT``; around it come the data and the answer. All of that
must fit into gunicorn's worker timeout, or gunicorn kills the worker in the middle of a
rendering (issue 12). Checked by gunicorn at start (gunicorn_conf.on_starting) and by Django's
system checks (``GUNICORN_TIMEOUT``, the same variable gunicorn_conf reads).
"""

from django.core import checks

# Seconds for collecting the report's data, the cache and sending the answer.
PUFFER = 5


def zeitgrenzen_fehler(worker_timeout, zeitlimit, wartezeit):
    """A German message if the limits do not nest, else None."""
    if not worker_timeout:  # 0: gunicorn never kills a busy worker
        return None
    if zeitlimit + wartezeit + PUFFER < worker_timeout:
        return None
    return (
        f"Die Zeitgrenzen passen nicht ineinander: BERICHT_ZEITLIMIT ({zeitlimit} s) + "
        f"BERICHT_WARTEZEIT ({wartezeit} s) + {PUFFER} s müssen kürzer sein als der "
        f"Worker-Timeout von gunicorn (GUNICORN_TIMEOUT, {worker_timeout} s), sonst beendet "
        "gunicorn Worker mitten in der Erstellung eines Berichts. BERICHT_ZEITLIMIT senken "
        "oder GUNICORN_TIMEOUT erhöhen."
    )


@checks.register(checks.Tags.compatibility, deploy=False)
def zeitgrenzen_pruefen(app_configs=None, **kwargs):
    from django.conf import settings

    meldung = zeitgrenzen_fehler(
        settings.GUNICORN_TIMEOUT, settings.BERICHT_ZEITLIMIT, settings.BERICHT_WARTEZEIT
    )
    return [checks.Error(meldung, id="integration_portal.E002")] if meldung else []

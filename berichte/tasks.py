"""The worker's side of the stored reports (berichte/ablage.py): render one Berichtsdatei.

The rendering keeps its limits inside the worker (berichte/render.py: a forked child with an
address-space limit and a wall-clock limit), so a runaway report ends as status ``fehler``
and the worker goes on with the next task.
"""

import logging
import os
import tempfile
import time

from django.utils import timezone
from django_tasks import task

from berichte.ablage import FORMATE, auftrag_aus_json
from berichte.data import BerichtFehler, sammeln
from berichte.models import Berichtsdatei, DateiStatus
from berichte.render import BerichtAbgebrochen

logger = logging.getLogger(__name__)

# What the Büro may read in the admin: the reason, not a traceback (that goes to the log).
ERKLAERTE_FEHLER = (BerichtFehler, BerichtAbgebrochen)


@task()
def bericht_erstellen(datei_id):
    """Render the report of Berichtsdatei ``datei_id`` into its file; status fertig or fehler."""
    datei = Berichtsdatei.objects.filter(pk=datei_id).first()
    if datei is None or datei.status == DateiStatus.FERTIG:
        return "nichts zu tun"  # deleted, or a second task for the same key came first
    start = time.perf_counter()
    try:
        bericht = sammeln(auftrag_aus_json(datei.auftrag))
        inhalt, seiten = FORMATE[datei.format].erzeugen(bericht)
        name = _ablegen(datei, inhalt)
    except Exception as fehler:
        _fehlgeschlagen(datei, fehler)
        raise  # the task shows as failed in the admin too
    datei.datei.name = name
    datei.dateiname = _mit_endung(bericht.dateiname, FORMATE[datei.format].endung)
    datei.status = DateiStatus.FERTIG
    datei.fehler = ""
    datei.seiten = seiten
    datei.groesse = len(inhalt)
    datei.sekunden = round(time.perf_counter() - start, 3)
    datei.erstellt_am = timezone.now()
    datei.save()
    logger.info("Berichtsdatei %s: %s in %.2f s", datei.pk, datei.dateiname, datei.sekunden)
    if datei.auftrag.get("mitteilen"):
        from berichte.rundenberichte import mitteilen_wenn_fertig

        mitteilen_wenn_fertig(datei.auftrag.get("berichtsrunde"))
    return "fertig"


def _mit_endung(dateiname, endung):
    stamm, _punkt, _alt = dateiname.rpartition(".")
    return f"{stamm or dateiname}.{endung}"


def _ablegen(datei, inhalt):
    """Write the file under BERICHT_ROOT atomically (temporary name, then rename); its name."""
    speicher = datei.datei.storage
    endung = FORMATE[datei.format].endung
    name = f"berichte/{timezone.now():%Y/%m}/{datei.schluessel}.{endung}"
    ziel = speicher.path(name)
    os.makedirs(os.path.dirname(ziel), exist_ok=True)
    fd, temporaer = tempfile.mkstemp(dir=os.path.dirname(ziel), prefix=".entsteht-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(inhalt)
        os.chmod(temporaer, 0o640)
        os.replace(temporaer, ziel)
    except BaseException:
        if os.path.exists(temporaer):
            os.unlink(temporaer)
        raise
    return name


def _fehlgeschlagen(datei, fehler):
    if isinstance(fehler, ERKLAERTE_FEHLER):
        text = str(fehler)
    else:
        text = f"{type(fehler).__name__} (Einzelheiten im Protokoll des Hintergrunddienstes)"
    logger.exception("Berichtsdatei %s fehlgeschlagen", datei.pk)
    Berichtsdatei.objects.filter(pk=datei.pk).update(
        status=DateiStatus.FEHLER, fehler=text[:500], angefordert_am=timezone.now()
    )

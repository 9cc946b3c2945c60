"""Uploaded files waiting between preview and confirmation, for both imports of the admin.

The Maßnahmen import (measures/importing.py) and the Messwerte import (monitoring/importing.py)
both show a preview first and apply the file only when the person confirms. In between the file
is an ``ImportVorschau`` row: owned by the uploader (anyone else gets 404, staff included),
addressed by an unguessable UUID, deleted on confirmation or cancellation, and gone after
``GUELTIGKEIT`` — removed on the next upload of anyone and by
``manage.py importvorschauen_loeschen`` (for cron).
"""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.models import ImportVorschau

GUELTIGKEIT = timedelta(hours=12)
HOECHSTENS_BYTES = 10 * 1024 * 1024  # a Messwerte file of 100 000 rows is about 6 MB

Art = ImportVorschau.Art


def ablegen(benutzer, art, dateiname, inhalt):
    """Keep ``inhalt`` for ``benutzer`` until confirmed, cancelled or expired."""
    aufraeumen()
    return ImportVorschau.objects.create(
        besitzer=benutzer,
        art=art,
        dateiname=dateiname[:255],
        inhalt=inhalt,
        ablauf=timezone.now() + GUELTIGKEIT,
    )


def holen(benutzer, art, pk):
    """The preview ``pk`` if ``benutzer`` uploaded it and it has not expired; else 404."""
    vorschau = ImportVorschau.objects.gueltig_fuer(benutzer, art).filter(pk=pk).first()
    if vorschau is None:
        raise Http404(_("Diese Import-Vorschau gibt es nicht (mehr)."))
    vorschau.inhalt = bytes(vorschau.inhalt)  # PostgreSQL hands back a memoryview
    return vorschau


def aufraeumen():
    """Delete every expired preview; returns how many."""
    anzahl, _details = ImportVorschau.objects.abgelaufen().delete()
    return anzahl


def zu_gross(datei):
    """A German message if an uploaded file is larger than the import accepts, else None."""
    if datei.size > HOECHSTENS_BYTES:
        return _("Die Datei ist größer als %(mb)s MB. Bitte teilen Sie sie auf.") % {
            "mb": HOECHSTENS_BYTES // (1024 * 1024)
        }
    return None

"""Files attached to a Sachstand: what may come in, and how it is kept (issue 14).

The type is read from the file's first bytes (``filetype``), never from its name or the
browser's Content-Type: a renamed executable is refused, a PDF named ``bericht.txt`` is a PDF.
Files are stored under settings.ANHANG_ROOT with a random name, outside every served folder;
only the download view (measures/views/anhaenge.py) hands them out, to the Büro and the
members of the reporting Akteur.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from measures.models import Anhang

# Content types a partner may attach, with the extension the download gets.
ERLAUBTE_TYPEN = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# More files than this on one Sachstand are a document collection, not an attachment.
HOECHSTZAHL = 5


def inhaltstyp(upload):
    """The content type read from the upload's first bytes, or ValidationError (German)."""
    if upload.size > settings.ANHANG_MAX_BYTES:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist zu groß (%(groesse)s; höchstens %(grenze)s).")
            % {
                "name": upload.name,
                "groesse": filesizeformat(upload.size),
                "grenze": filesizeformat(settings.ANHANG_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("Die Datei „%(name)s“ ist leer.") % {"name": upload.name})
    upload.seek(0)
    kopf = upload.read(8192)
    upload.seek(0)
    art = filetype.guess(kopf)
    if art is None or art.mime not in ERLAUBTE_TYPEN:
        raise ValidationError(
            _(
                "Die Datei „%(name)s“ ist kein erlaubter Dateityp. Erlaubt sind PDF, Bilder "
                "(PNG, JPEG, GIF, WebP) und Office-Dokumente (Word, Excel, PowerPoint, "
                "OpenDocument)."
            )
            % {"name": upload.name}
        )
    return art.mime


def pruefen(uploads):
    """Check a list of uploads; returns their content types or raises one ValidationError."""
    if len(uploads) > HOECHSTZAHL:
        raise ValidationError(
            _("Bitte hängen Sie höchstens %(anzahl)d Dateien an.") % {"anzahl": HOECHSTZAHL}
        )
    typen, fehler = [], []
    for upload in uploads:
        try:
            typen.append(inhaltstyp(upload))
        except ValidationError as e:
            fehler.extend(e.messages)
    if fehler:
        raise ValidationError(fehler)
    return typen


def dateiname(upload_name, mime):
    """A harmless download name: the uploaded stem, the extension of what the file really is."""
    stamm = get_valid_filename(upload_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    stamm = stamm.rsplit(".", 1)[0][:150] or "anhang"
    return f"{stamm}.{ERLAUBTE_TYPEN[mime]}"


def speichern(sachstand, uploads):
    """Store checked uploads with ``sachstand`` (call ``pruefen`` first, in the same request)."""
    angehaengt = []
    for upload, mime in zip(uploads, pruefen(uploads), strict=True):
        anhang = Anhang(
            sachstand=sachstand,
            dateiname=dateiname(upload.name, mime),
            inhaltstyp=mime,
            groesse=upload.size,
        )
        anhang.datei.save(anhang.dateiname, upload, save=False)
        anhang.save()
        angehaengt.append(anhang)
    return angehaengt

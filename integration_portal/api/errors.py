"""One error format for the whole API.

Every error answers ``{"status": 400, "code": "...", "meldung": "...", "felder": {...}}``;
``felder`` carries the field errors of a 400 (for bulk writes: the row number as key).
"""

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

from integration_portal.api.parsers import ZuGross

_CODES = {
    400: "ungueltig",
    401: "nicht_angemeldet",
    403: "keine_berechtigung",
    404: "nicht_gefunden",
    405: "methode_nicht_erlaubt",
    406: "nicht_akzeptabel",
    413: "zu_gross",
    415: "medientyp_nicht_unterstuetzt",
    429: "zu_viele_anfragen",
}


def fehlerantwort(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # DRF 3.18 reads the body through Django, which refuses it past
        # DATA_UPLOAD_MAX_MEMORY_SIZE before our parser sees it: the same 413 either way.
        exc = ZuGross()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        meldung = _("Die Eingabe ist ungültig.")
        felder = exc.detail if isinstance(exc.detail, dict) else {"nicht_feldbezogen": exc.detail}
    else:
        detail = getattr(exc, "detail", "")
        meldung = str(detail) if detail else response.status_text
        felder = {}
    response.data = {
        "status": response.status_code,
        "code": _CODES.get(response.status_code, "fehler"),
        "meldung": meldung,
        "felder": felder,
    }
    return response

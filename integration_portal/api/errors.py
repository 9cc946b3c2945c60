"""One error format for the whole API: RFC 9457 problem details (``application/problem+json``).

Every error under ``/api/`` – from DRF's views, from Django's 400/404/500 handlers, the database
outage page, the lockout – is built by ``problem()`` here::

    {"type": "tag:integrationsportal.rostock.de,2026:fehler:ungueltig",
     "title": "Ungültige Eingabe", "status": 400, "detail": "Die Eingabe ist ungültig.",
     "instance": "/api/v1/sachstaende/", "code": "ungueltig",
     "meldung": "Die Eingabe ist ungültig.", "felder": {"fortschritt": ["…"]}}

``type`` names the kind of error for good (a tag URI, RFC 4151: an identifier that is not meant
to be fetched), ``title`` says it in German, ``detail`` this occurrence. Extension members:
``code`` (the same kind as a short word), ``felder`` (the field errors of a 400; for bulk writes
the entry's number as key; otherwise ``{}``) and ``meldung``, the same text as ``detail``, which
clients of API v1 read before the switch to RFC 9457 (kept while the API is v1).
"""

import math

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.views import exception_handler

from integration_portal.api.parsers import ZuGross

PROBLEM_JSON = "application/problem+json"
TYP_PRAEFIX = "tag:integrationsportal.rostock.de,2026:fehler:"

# status → (code, title). The code stays stable; the title is what a person reads.
ARTEN = {
    400: ("ungueltig", gettext_lazy("Ungültige Eingabe")),
    401: ("nicht_angemeldet", gettext_lazy("Anmeldung erforderlich")),
    403: ("keine_berechtigung", gettext_lazy("Keine Berechtigung")),
    404: ("nicht_gefunden", gettext_lazy("Nicht gefunden")),
    405: ("methode_nicht_erlaubt", gettext_lazy("Methode nicht erlaubt")),
    406: ("nicht_akzeptabel", gettext_lazy("Antwortformat nicht verfügbar")),
    413: ("zu_gross", gettext_lazy("Anfrage zu groß")),
    415: ("medientyp_nicht_unterstuetzt", gettext_lazy("Medientyp nicht unterstützt")),
    429: ("zu_viele_anfragen", gettext_lazy("Zu viele Anfragen")),
    500: ("serverfehler", gettext_lazy("Interner Fehler")),
    503: ("nicht_verfuegbar", gettext_lazy("Dienst nicht verfügbar")),
}
# Other codes (the lockout) have their own title.
TITEL = {
    "ungueltige_anfrage": gettext_lazy("Ungültige Anfrage"),
    "anmeldung_gesperrt": gettext_lazy("Anmeldung gesperrt"),
}


def problem(status, detail="", *, code=None, felder=None, instanz=None):
    """The problem details of one error as a dict (the body of every API error)."""
    standard_code, standard_titel = ARTEN.get(status, ("fehler", gettext_lazy("Fehler")))
    code = code or standard_code
    detail = str(detail) if detail else str(TITEL.get(code, standard_titel)) + "."
    daten = {
        "type": TYP_PRAEFIX + code,
        "title": str(TITEL.get(code, standard_titel)),
        "status": status,
        "detail": detail,
    }
    if instanz:
        daten["instance"] = instanz
    daten.update(code=code, meldung=detail, felder=felder or {})
    return daten


def problem_antwort(request, status, detail="", **kwargs):
    """A Django response with the problem details, for answers outside DRF's views."""
    daten = problem(status, detail, instanz=request.path, **kwargs)
    return JsonResponse(
        daten, status=status, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False}
    )


def _als_api_fehler(exc):
    if isinstance(exc, RequestDataTooBig):
        # DRF 3.18 reads the body through Django, which refuses it past
        # DATA_UPLOAD_MAX_MEMORY_SIZE before our parser sees it: the same 413 either way.
        return ZuGross()
    if isinstance(exc, Http404):
        # Django's text ("No Massnahme matches the given query.") is English and internal.
        return exceptions.NotFound()
    return exc


def fehlerantwort(exc, context):
    """DRF's EXCEPTION_HANDLER: DRF's answer (status, WWW-Authenticate) as problem details."""
    exc = _als_api_fehler(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Die Eingabe ist ungültig.")
        felder = exc.detail if isinstance(exc.detail, dict) else {"nicht_feldbezogen": exc.detail}
    else:
        detail = str(getattr(exc, "detail", "") or "")
        felder = {}
    request = context.get("request")
    response.data = problem(
        response.status_code, detail, felder=felder, instanz=request.path if request else None
    )
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        # DRF writes "%d" of a fraction: "0" would invite the client to retry at once.
        response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is None or renderer.media_type == "application/json":
        # The browsable API keeps its HTML page; machines get the problem's media type.
        response.content_type = PROBLEM_JSON
    return response

"""Error pages: a database outage is a 503 ("try again shortly"), not a 500 or a traceback.

Django converts an exception into a response inside every middleware layer, so a middleware
never sees an ``OperationalError`` raised in a view or in another middleware; the 500 handler
does, wherever it was raised. It runs while the exception is being handled, so
``sys.exc_info()`` tells which one it was.

An outage is an ``OperationalError``/``InterfaceError``, or any other database error raised
while the connection is gone (SQLite reports a closed connection as ``ProgrammingError``;
a driver may report a connection that broke mid-answer as a plain ``DatabaseError``), also
when it is only the cause of the exception that reached us (``raise … from``).

Both pages are self-contained templates: they must render without the database (no user,
no session, no query), which ``base.html`` cannot promise.

Under ``/api/`` every handler here answers with the API's one error format instead
(``integration_portal.api.errors.problem_antwort``, RFC 9457), also for addresses no view knows.
"""

import sys

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from integration_portal.api.errors import problem_antwort

DATENBANK_AUSFALL = (OperationalError, InterfaceError)
# Seconds a client should wait before trying again (the portal reconnects by itself).
RETRY_AFTER = "30"


def verbindung_verloren():
    """Has any open database connection of this process broken?"""
    for verbindung in connections.all(initialized_only=True):
        roh = verbindung.connection
        if roh is None:  # not connected (yet), or closed by Django itself
            continue
        geschlossen = getattr(roh, "closed", None)  # psycopg: non-zero once broken
        if geschlossen is not None:
            if geschlossen:
                return True
            continue
        try:  # sqlite3 has no such flag; a closed connection refuses a cursor
            roh.cursor().close()
        except Exception:  # noqa: BLE001 - whatever the driver raises, it is gone
            return True
    return False


def ist_datenbank_ausfall(fehler):
    """Did ``fehler`` (or what caused it) come from an unreachable or lost database?"""
    gesehen = set()
    while fehler is not None and id(fehler) not in gesehen:
        gesehen.add(id(fehler))
        if isinstance(fehler, DATENBANK_AUSFALL):
            return True
        # Bad data (IntegrityError, DataError) leaves the connection intact; otherwise ask it.
        if (
            isinstance(fehler, DatabaseError)
            and not isinstance(fehler, (IntegrityError, DataError))
            and verbindung_verloren()
        ):
            return True
        fehler = fehler.__cause__ or fehler.__context__
    return False


def _ist_api(request):
    return request.path.startswith("/api/")


def datenbank_ausfall(request):
    """503 for an unreachable database: JSON for the API, the German page elsewhere."""
    if _ist_api(request):
        response = problem_antwort(request, 503, _("Der Dienst ist vorübergehend nicht verfügbar."))
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if ist_datenbank_ausfall(sys.exc_info()[1]):
        return datenbank_ausfall(request)
    if _ist_api(request):
        return problem_antwort(request, 500, _("Ein interner Fehler ist aufgetreten."))
    return HttpResponse(loader.get_template(template_name).render(), status=500)


def _meldung_400(exception):
    # Only our own BadRequest carries a message meant for readers (German, no internals);
    # Django's SuspiciousOperation texts are for the log.
    if isinstance(exception, RequestDataTooBig):
        return _("Die Anfrage ist zu groß. Bitte senden Sie weniger Daten auf einmal.")
    if type(exception) is BadRequest and exception.args:
        return str(exception.args[0])
    return ""


def bad_request(request, exception=None, template_name="400.html"):
    """400 in German: JSON for the API, the self-contained page elsewhere."""
    meldung = _meldung_400(exception)
    if _ist_api(request):
        return problem_antwort(
            request, 400, meldung or _("Diese Anfrage ist ungültig."), code="ungueltige_anfrage"
        )
    return HttpResponse(loader.get_template(template_name).render({"meldung": meldung}), status=400)


def page_not_found(request, exception=None):
    """404: problem details under /api/ (an unknown address too), Django's page elsewhere."""
    if _ist_api(request):
        return problem_antwort(request, 404, _("Unter dieser Adresse gibt es nichts."))
    return defaults.page_not_found(request, exception)

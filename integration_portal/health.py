"""``/healthz`` for the load balancer: 200 while this process can serve pages, else 503.

Two things take every page down while the process itself runs: an unreachable database, and
static files the storage cannot name (the production profile's manifest storage before
``collectstatic``: every ``{% static %}`` raises). The probe tries both.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.template import engines
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# The style sheet every page links (templates/base.html).
SEITENPROBE = '{% load static %}<link rel="stylesheet" href="{% static \'css/portal.css\' %}">'


def datenbank_erreichbar():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Healthcheck: Datenbank nicht erreichbar: %s", exc)
        return False
    return True


def seiten_darstellbar():
    try:
        engines["django"].from_string(SEITENPROBE).render()
    except ValueError as exc:  # "Missing staticfiles manifest entry for …"
        logger.error("Healthcheck: Seiten nicht darstellbar: %s", exc)
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    if not datenbank_erreichbar():
        return JsonResponse({"status": "fehler", "datenbank": "nicht erreichbar"}, status=503)
    if not seiten_darstellbar():
        return JsonResponse(
            {
                "status": "fehler",
                "datenbank": "ok",
                "seiten": "statische Dateien fehlen (collectstatic)",
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "datenbank": "ok", "seiten": "ok"})

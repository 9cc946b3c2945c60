"""``/healthz`` for the load balancer: 200 while this process can reach the database, else 503."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Healthcheck: Datenbank nicht erreichbar: %s", exc)
        return JsonResponse({"status": "fehler", "datenbank": "nicht erreichbar"}, status=503)
    return JsonResponse({"status": "ok", "datenbank": "ok"})

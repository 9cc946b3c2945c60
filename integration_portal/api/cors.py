"""CORS for the API's reads only (django-cors-headers; settings: CORS_*).

Any web page may read the open data with ``fetch()`` (GET, HEAD, and the preflight OPTIONS),
without cookies (``CORS_ALLOW_CREDENTIALS = False``). Writes get no CORS allowance: the
middleware of django-cors-headers would otherwise allow the response of a cross-origin POST to
be read; here a POST, PUT, PATCH or DELETE gets no ``Access-Control-Allow-Origin``.
"""

from corsheaders.middleware import CorsMiddleware

LESEND = frozenset({"GET", "HEAD", "OPTIONS"})


class NurLesendeCorsMiddleware(CorsMiddleware):
    def is_enabled(self, request):
        return request.method in LESEND and super().is_enabled(request)

"""The API's throttle for anonymous clients, keyed on the address from client_ip.py, and the
RateLimit headers that tell a client how much of its rate is left.

Headers (IETF draft "RateLimit header fields for HTTP", draft-ietf-httpapi-ratelimit-headers,
structured-field form)::

    RateLimit-Policy: "anon";q=600;w=60     600 requests per 60 seconds
    RateLimit: "anon";r=599;t=60            599 left; the oldest counted request leaves in 60 s

``Retry-After`` on a 429 comes from DRF (integration_portal/api/errors.py rounds it up).
The remaining count differs per client, so the headers are added by a middleware after the page
cache has answered (``RateLimitKopfMiddleware``); the cache never stores them.
"""

import math

from rest_framework.throttling import AnonRateThrottle

from integration_portal.client_ip import client_ip

# Where the throttle leaves its state for the middleware, on Django's request.
STAND = "_drosselstand"


class AnonymeDrossel(AnonRateThrottle):
    """DRF's anonymous rate (``anon``), per client as the trusted proxies name it.

    DRF's own ``get_ident`` reads ``NUM_PROXIES`` (also set, from the same setting); this keeps
    the throttle, the lockout and the security log on one rule even where they could differ (a
    header with fewer entries than trusted proxies).
    """

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        erlaubt = super().allow_request(request, view)
        if getattr(self, "key", None) is not None and hasattr(self, "history"):
            self._stand_merken(request)
        return erlaubt

    def _stand_merken(self, request):
        rest = max(0, self.num_requests - len(self.history))
        frei_in = self.duration - (self.now - self.history[-1]) if self.history else self.duration
        django_request = getattr(request, "_request", request)
        setattr(
            django_request,
            STAND,
            (self.scope, self.num_requests, self.duration, rest, max(0, math.ceil(frei_in))),
        )


def ratelimit_kopf(stand):
    """The two header values for a throttle's state (see the module's docstring)."""
    name, anzahl, dauer, rest, frei_in = stand
    return {
        "RateLimit-Policy": f'"{name}";q={anzahl};w={dauer}',
        "RateLimit": f'"{name}";r={rest};t={frei_in}',
    }


class RateLimitKopfMiddleware:
    """Adds the RateLimit headers to every API answer a throttle counted (also 429s and answers
    from the page cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        antwort = self.get_response(request)
        stand = getattr(request, STAND, None)
        if stand is not None:
            for name, wert in ratelimit_kopf(stand).items():
                antwort[name] = wert
        return antwort

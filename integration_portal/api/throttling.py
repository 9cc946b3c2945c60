"""The API's throttle for anonymous clients, keyed on the address from client_ip.py."""

from rest_framework.throttling import AnonRateThrottle

from integration_portal.client_ip import client_ip


class AnonymeDrossel(AnonRateThrottle):
    """DRF's anonymous rate (``anon``), per client as the trusted proxies name it.

    DRF's own ``get_ident`` reads ``NUM_PROXIES`` (also set, from the same setting); this keeps
    the throttle, the lockout and the security log on one rule even where they could differ (a
    header with fewer entries than trusted proxies).
    """

    def get_ident(self, request):
        return client_ip(request)

"""The client's address, the one place that decides it (login lockout, API throttling, logs).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (nginx, a load balancer) the client is the
address the outermost trusted proxy appended to ``X-Forwarded-For``: with one proxy the last
entry, with two the one before it. Everything further left was sent by the client and can be
forged, so it is never used. With ``TRUSTED_PROXY_COUNT = 0`` (the default: gunicorn directly
reachable) no header is trusted at all, only the socket's ``REMOTE_ADDR``.

django-ipware parses the header (IPv6, ports, garbage). Not axes' own ipware call: that one
validates the chain strictly, so a request whose header has one forged entry more would fall
back to the proxy's address — and every such client would share one lockout.
"""

from django.conf import settings
from django.core import checks
from ipware.ip import get_client_ip


def client_ip(request) -> str:
    """The client's IP address as a string ("" if the request carries none)."""
    remote_addr = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not proxies:
        return remote_addr
    # ipware counts the proxies listed *in* the header; the innermost one is REMOTE_ADDR.
    ip, _routable = get_client_ip(
        request,
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # No header, or fewer entries than trusted proxies: the request did not come through them.
    return ip or remote_addr


@checks.register(checks.Tags.security, deploy=True)
def proxy_pruefen(app_configs=None, **kwargs):
    """Behind a proxy with no trusted proxy, every client would appear as the proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXY_COUNT:
        return [
            checks.Warning(
                "Das Portal steht hinter einem Reverse Proxy (SECURE_PROXY_SSL_HEADER ist "
                "gesetzt), vertraut aber keinem (TRUSTED_PROXY_COUNT=0): alle Clients erscheinen "
                "mit der Adresse des Proxys, eine Anmeldesperre träfe alle.",
                hint="TRUSTED_PROXY_COUNT=1 setzen (nginx vor gunicorn) oder BEHIND_PROXY=false.",
                id="integration_portal.W001",
            )
        ]
    return []

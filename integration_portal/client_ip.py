"""The client's address, asked in one place (throttling, security log).

Until the trusted-proxy setting exists, the address of the direct peer.
"""


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")

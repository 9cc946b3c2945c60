"""Absolute links, for whatever leaves the site (e-mails): all start with ``SITE_URL``.

Never the request's host: a mail must link to the portal's public address, not to the internal
name or a forged ``Host`` header a request happened to arrive with.
"""

from django.conf import settings


def absolute_url(pfad):
    """``SITE_URL`` + ``pfad`` (a path such as ``reverse()`` returns)."""
    return settings.SITE_URL.rstrip("/") + "/" + pfad.lstrip("/")

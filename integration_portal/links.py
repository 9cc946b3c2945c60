"""Absolute links, for whatever leaves the site (e-mails): all start with ``SITE_URL``.

Never the request's host: a mail must link to the portal's public address, not to the internal
name or a forged ``Host`` header a request happened to arrive with.

Mails go out in the portal's main language (their recipients' language is not known), so their
links are the main language's, unprefixed URLs – also when the mail is written during an English
request, where ``reverse()`` gives ``/en/…`` (integration_portal/sprachen.py).
"""

from django.conf import settings

from integration_portal.sprachen import pfad_in


def absolute_url(pfad):
    """``SITE_URL`` + ``pfad`` (a path such as ``reverse()`` returns), in the main language."""
    pfad = pfad_in(pfad, settings.LANGUAGE_CODE)
    return settings.SITE_URL.rstrip("/") + "/" + pfad.lstrip("/")

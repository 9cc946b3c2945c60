"""Limits for the personal round links (``/melden/<token>/``), per client and per link.

Counted in Django's cache within a time window, as integration_portal/maildrossel.py does for
mails; keys are hashes, so the cache holds neither tokens nor addresses in clear text. The
limits leave a partner filling in the form, saving drafts and submitting plenty of room and
stop a client trying links in bulk. Settings (optional): ``RUNDENZUGANG_JE_CLIENT``,
``RUNDENZUGANG_JE_LINK``, ``RUNDENZUGANG_SEKUNDEN``.
"""

import hashlib

from django.conf import settings

from integration_portal.client_ip import client_ip
from integration_portal.maildrossel import im_fenster_zaehlen

JE_CLIENT = 120
JE_LINK = 60
SEKUNDEN = 3600


def _zaehlen(was, wert, grenze):
    schluessel = "rundenzugang:" + hashlib.sha256(f"{was}\0{wert}".encode()).hexdigest()
    sekunden = getattr(settings, "RUNDENZUGANG_SEKUNDEN", SEKUNDEN)
    return im_fenster_zaehlen(schluessel, grenze, sekunden)


def erlaubt(request, token):
    """Count one request with ``token``; False once the client or the link asked too often."""
    client = _zaehlen(
        "client", client_ip(request), getattr(settings, "RUNDENZUGANG_JE_CLIENT", JE_CLIENT)
    )
    link = _zaehlen("link", token, getattr(settings, "RUNDENZUGANG_JE_LINK", JE_LINK))
    return client and link

"""Limits for mails that anonymous visitors can trigger (password reset, feedback form).

Counted in Django's cache per target address and per client address within a time window
(settings ``MAIL_DROSSEL_*``); keys are hashes, so the cache holds no addresses in clear text.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from integration_portal.client_ip import client_ip


def _schluessel(art, was, wert):
    digest = hashlib.sha256(f"{art}\0{was}\0{wert}".encode()).hexdigest()
    return f"maildrossel:{digest}"


def im_fenster_zaehlen(schluessel, grenze, sekunden):
    """Count one attempt under ``schluessel`` in a window of ``sekunden``; True while the count
    stays within ``grenze``. Shared by every limit counted in the cache (also the personal round
    links, measures/zugangsdrossel.py)."""
    cache.add(schluessel, 0, timeout=sekunden)
    try:
        anzahl = cache.incr(schluessel)
    except ValueError:  # expired between add and incr
        cache.set(schluessel, 1, timeout=sekunden)
        anzahl = 1
    return anzahl <= grenze


def _zaehlen(schluessel, grenze):
    return im_fenster_zaehlen(schluessel, grenze, settings.MAIL_DROSSEL_SEKUNDEN)


def client_erlaubt(art, request):
    """Count a mail request of this client; False once it asked too often."""
    return _zaehlen(_schluessel(art, "client", client_ip(request)), settings.MAIL_DROSSEL_JE_CLIENT)


def adresse_erlaubt(art, adresse):
    """Count a mail to (or from) ``adresse``; False once too many went there."""
    adresse = (adresse or "").strip().lower()
    if not adresse:
        return True
    return _zaehlen(_schluessel(art, "adresse", adresse), settings.MAIL_DROSSEL_JE_ADRESSE)

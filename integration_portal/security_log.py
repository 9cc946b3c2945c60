"""The security log: logins, failed logins, lockouts and refused permissions.

Everything goes to the logger ``integration_portal.security`` (JSON lines in production, see
``integration_portal/logging.py``), so that an administrator can answer "who tried what, from
where" without reading the access log. Passwords are never logged; the username is, because a
failed login for a name is exactly what must be traceable.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from integration_portal.client_ip import client_ip

logger = logging.getLogger("integration_portal.security")


def _ip(request):
    """The client's address (behind the trusted proxies, never theirs); None without a request."""
    return None if request is None else client_ip(request)


def _path(request):
    return getattr(request, "path", None) if request is not None else None


@receiver(user_logged_in, dispatch_uid="security_log_logged_in")
def anmeldung(sender, request, user, **kwargs):
    logger.info(
        "Anmeldung",
        extra={
            "ereignis": "anmeldung",
            "benutzer": user.get_username(),
            "ip": _ip(request),
            "pfad": _path(request),
        },
    )


@receiver(user_logged_out, dispatch_uid="security_log_logged_out")
def abmeldung(sender, request, user, **kwargs):
    logger.info(
        "Abmeldung",
        extra={
            "ereignis": "abmeldung",
            "benutzer": user.get_username() if user else None,
            "ip": _ip(request),
        },
    )


@receiver(user_login_failed, dispatch_uid="security_log_login_failed")
def fehlgeschlagene_anmeldung(sender, credentials, request=None, **kwargs):
    # ``credentials`` is already cleansed by Django (the password reads "********************").
    logger.warning(
        "Anmeldung fehlgeschlagen",
        extra={
            "ereignis": "anmeldung_fehlgeschlagen",
            "benutzer": credentials.get("username"),
            "ip": _ip(request),
            "pfad": _path(request),
        },
    )


@receiver(user_locked_out, dispatch_uid="security_log_locked_out")
def gesperrt(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "Anmeldung gesperrt nach zu vielen Fehlversuchen",
        extra={"ereignis": "gesperrt", "benutzer": username, "ip": ip_address},
    )


class VerweigerungProtokollMiddleware:
    """Logs every refused request (403), whoever refused it: a view, the admin or the API.

    A middleware rather than a 403 handler because DRF answers 403 itself, without Django's
    handler ever seeing it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # 401 as well: the API answers a missing or refused token so (settings.REST_FRAMEWORK).
        if response.status_code in (401, 403):
            user = getattr(request, "user", None)
            logger.warning(
                "Zugriff verweigert",
                extra={
                    "ereignis": "zugriff_verweigert",
                    "benutzer": user.get_username() if user and user.is_authenticated else None,
                    "ip": _ip(request),
                    "methode": request.method,
                    "pfad": request.path,
                },
            )
        return response

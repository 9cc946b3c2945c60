"""Second factor (TOTP app, recovery codes) with django-otp: who needs it and where it is asked.

Everyone with admin access — the Büro and superusers, the accounts ``ist_buero`` names — must
confirm a code from an authenticator app after the password, before any page uses their rights
(BSI IT-Grundschutz ORP.4, APP.3.1). Partners may set it up; once they have, it is asked of them
too. Until the code is confirmed, the session leads only to the code page (or logout); the API
treats such a session as anonymous (API tokens are not affected).
"""

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from measures.permissions import ist_buero

# Session flag: does this login need the second factor? Set at login, so that a request of a
# partner without device costs no query.
SITZUNG_PFLICHT = "konten_zweiter_faktor"
WIEDERHERSTELLUNGSCODES = 10
# Reachable before the code is confirmed.
OFFENE_PFADE = ("/static/", "/i18n/", "/healthz")


def braucht_zweiten_faktor(user):
    """Everyone with admin access must use a second factor (partners may)."""
    return ist_buero(user)


def muss_bestaetigen(user):
    return braucht_zweiten_faktor(user) or user_has_device(user, confirmed=True)


def ist_bestaetigt(user):
    return bool(getattr(user, "is_verified", None) and user.is_verified())


@receiver(user_logged_in)
def _pflicht_merken(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SITZUNG_PFLICHT] = muss_bestaetigen(user)


class ZweiterFaktorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self._frei(request.path):
            if SITZUNG_PFLICHT not in request.session:  # sessions from before this check
                request.session[SITZUNG_PFLICHT] = muss_bestaetigen(user)
            # is_staff as well: admin access granted during a session (no query needed).
            pflicht = request.session[SITZUNG_PFLICHT] or user.is_staff or user.is_superuser
            if pflicht and not ist_bestaetigt(user):
                if request.path.startswith("/api/"):
                    request.user = AnonymousUser()
                else:
                    ziel = reverse("konten:zwei-faktor")
                    return redirect(f"{ziel}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _frei(pfad):
        eigene = (reverse("konten:zwei-faktor"), reverse("logout"))
        return pfad in eigene or pfad.startswith(OFFENE_PFADE)


def app_geraet(user):
    """The user's confirmed TOTP device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def neues_app_geraet(user):
    """The unconfirmed TOTP device of the setup page (the same one until it is confirmed)."""
    geraet = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return geraet or TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=False)


def qr_svg(geraet):
    """The setup QR code as inline SVG markup (no image request, no external service)."""
    bild = qrcode.make(geraet.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return bild.to_string(encoding="unicode")


def geheimnis_lesbar(geraet):
    """The TOTP key in base32 groups, for typing it into an app without a camera."""
    from base64 import b32encode

    text = b32encode(geraet.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def wiederherstellungscodes_erzeugen(user):
    """New recovery codes (the old ones stop working); each works once. Returns the codes."""
    geraet, _neu = StaticDevice.objects.get_or_create(
        user=user, name="Wiederherstellungscodes", defaults={"confirmed": True}
    )
    geraet.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(WIEDERHERSTELLUNGSCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=geraet, token=c) for c in codes])
    return codes


def code_pruefen(user, code):
    """The device that accepts ``code`` (app code or recovery code), or None.

    django-otp slows down guessing: after each wrong code a device waits longer.
    """
    code = "".join(code.split()).lower()
    if not code:
        return None
    with transaction.atomic():
        for geraet in devices_for_user(user, confirmed=True, for_verify=True):
            if geraet.verify_token(code):
                return geraet
    return None


def zweiten_faktor_entfernen(user):
    for geraet in devices_for_user(user, confirmed=None):
        geraet.delete()

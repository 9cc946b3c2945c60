"""The code an authenticator app would show now, for tests that log in through the forms."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_geraet(user, name="App"):
    """A confirmed TOTP device, as after the setup page."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def code(geraet, versatz=0):
    """The device's current code (``versatz`` steps of 30 s later)."""
    totp = TOTP(geraet.bin_key, geraet.step, geraet.t0, geraet.digits, geraet.drift)
    totp.time = totp.time + versatz * geraet.step
    return f"{totp.token():0{geraet.digits}d}"


def im_browser_bestaetigen(seite, geraet):
    """On the code page after the password: enter the code and confirm."""
    seite.wait_for_url("**/konto/zwei-faktor/**")
    seite.fill("#id_code", code(geraet))
    seite.get_by_role("button", name="Bestätigen").click()

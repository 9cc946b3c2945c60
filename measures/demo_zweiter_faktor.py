"""The demo Büro account's second factor (``manage.py demo_konten``, local development only).

Admin access needs a code from an authenticator app; the demo account gets a device with this
published key (RFC 6238's test key, base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ) so that the demo
and the screenshot scripts work without scanning a QR code. Free of models: the screenshot
scripts import it without setting Django up.
"""

from django_otp.oath import TOTP

DEMO_TOTP_SCHLUESSEL = "3132333435363738393031323334353637383930"
DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def demo_code():
    """The demo account's current code, as its authenticator app would show it."""
    return f"{TOTP(bytes.fromhex(DEMO_TOTP_SCHLUESSEL)).token():06d}"

"""Switching mails off: the signed one-click link in every mail and the account's settings.

The link carries address and kind, signed with the secret key: nobody can unsubscribe another
address by editing it. It does not expire; an old mail's link still works, as people expect.
"""

from django.core import signing
from django.urls import reverse

from benachrichtigungen.choices import Art
from benachrichtigungen.models import Abbestellung
from integration_portal.links import absolute_url

SALZ = "benachrichtigungen.abbestellen"


def schluessel(adresse):
    return (adresse or "").strip().lower()


def token(adresse, art):
    return signing.dumps({"a": schluessel(adresse), "k": str(art)}, salt=SALZ)


def link(adresse, art):
    return absolute_url(reverse("benachrichtigungen:abbestellen", args=[token(adresse, art)]))


def lesen(wert):
    """``(adresse, art)`` from a token; ``None`` for a forged, altered or unknown one."""
    try:
        daten = signing.loads(wert, salt=SALZ)
    except signing.BadSignature:
        return None
    if not isinstance(daten, dict) or daten.get("k") not in Art.values or not daten.get("a"):
        return None
    return daten["a"], Art(daten["k"])


def abbestellen(adresse, art):
    Abbestellung.objects.get_or_create(adresse=schluessel(adresse), art=art)


def wieder_bestellen(adresse, art):
    Abbestellung.objects.filter(adresse=schluessel(adresse), art=art).delete()


def ist_abbestellt(adresse, art):
    return Abbestellung.objects.filter(adresse=schluessel(adresse), art=art).exists()


def adressen_von(user):
    """The addresses mail for ``user`` goes to: the account's and those of its contact rows."""
    adressen = {schluessel(user.email)} if user.email else set()
    adressen |= {
        schluessel(a)
        for a in user.ansprechpersonen.exclude(email="").values_list("email", flat=True)
    }
    return sorted(adressen)

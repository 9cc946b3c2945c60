"""Receivers of measures' signals (measures may not import this app, tests/test_schichten.py)."""

from django.dispatch import receiver

from benachrichtigungen import pruefung
from measures import signale


@receiver(signale.sachstand_geprueft, dispatch_uid="benachrichtigungen_sachstand_geprueft")
def sachstand_geprueft(sender, sachstand, **kwargs):
    # Sent inside the review's transaction; the mail leaves after its commit (versand).
    pruefung.benachrichtigen(sachstand)

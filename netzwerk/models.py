"""Einladung: a one-time, expiring link by which an Ansprechperson gets an account.

Only the SHA-256 of the token is stored: a copy of the database (backup, a look into the table)
opens no account. The token itself exists only in the e-mail (netzwerk/einladungen.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from measures.models import Ansprechperson


class EinladungZustand(models.TextChoices):
    GUELTIG = "gueltig", _("gültig")
    ABGELAUFEN = "abgelaufen", _("abgelaufen")
    EINGELOEST = "eingeloest", _("eingelöst")
    WIDERRUFEN = "widerrufen", _("widerrufen")


class EinladungQuerySet(models.QuerySet):
    def offen(self):
        """Neither used nor revoked nor expired: the link would still work."""
        return self.filter(
            eingeloest_am__isnull=True,
            widerrufen_am__isnull=True,
            gueltig_bis__gt=timezone.now(),
        )


class Einladung(models.Model):
    ansprechperson = models.ForeignKey(
        Ansprechperson,
        on_delete=models.CASCADE,
        related_name="einladungen",
        verbose_name=_("Ansprechperson"),
    )
    token_hash = models.CharField(_("Prüfsumme des Tokens"), max_length=64, unique=True)
    # The address the mail went to: the link is for that address, even if the row changes later.
    adresse = models.EmailField(_("E-Mail"), max_length=254)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    gueltig_bis = models.DateTimeField(_("gültig bis"))
    eingeloest_am = models.DateTimeField(_("eingelöst am"), null=True, blank=True)
    widerrufen_am = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    eingeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )

    objects = EinladungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-erstellt_am", "-pk"]

    def __str__(self):
        return f"{self.adresse} ({self.get_zustand_display()})"

    @property
    def zustand(self):
        if self.eingeloest_am:
            return EinladungZustand.EINGELOEST
        if self.widerrufen_am or self._person_geaendert():
            return EinladungZustand.WIDERRUFEN
        if self.gueltig_bis <= timezone.now():
            return EinladungZustand.ABGELAUFEN
        return EinladungZustand.GUELTIG

    def _person_geaendert(self):
        # Deactivated, linked to an account meanwhile (by the Büro), or given another address:
        # the link was for the person as it was when invited.
        person = self.ansprechperson
        return (
            not person.aktiv
            or person.user_id is not None
            or person.email.lower() != self.adresse.lower()
        )

    def get_zustand_display(self):
        return EinladungZustand(self.zustand).label

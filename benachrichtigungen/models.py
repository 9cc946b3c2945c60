"""What this app remembers: who switched off what, which reminder step ran, which day was done.

The mails themselves are versand.Mail rows; these rows say *why* a mail went (or did not) and
make the daily run idempotent: a step recorded for an Anfrage is never taken again.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from benachrichtigungen.choices import Art, Stufe
from measures.models import Berichtsanfrage


class AbbestellungQuerySet(models.QuerySet):
    def fuer(self, adressen):
        """``{(adresse, art)}`` switched off among ``adressen`` (compared lower-cased)."""
        adressen = {a.strip().lower() for a in adressen if a}
        return set(self.filter(adresse__in=adressen).values_list("adresse", "art"))


class Abbestellung(models.Model):
    """A person does not want mails of one kind; keyed by address, so it works without account."""

    adresse = models.EmailField(_("E-Mail-Adresse"), max_length=254)
    art = models.CharField(_("Art"), max_length=30, choices=Art.choices)
    angelegt_am = models.DateTimeField(_("abbestellt am"), auto_now_add=True)

    objects = AbbestellungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abbestellung")
        verbose_name_plural = _("Abbestellungen")
        ordering = ["adresse", "art"]
        constraints = [
            models.UniqueConstraint(fields=["adresse", "art"], name="abbestellung_einmal"),
            # Stored lower-cased (abbestellen.py) so that lookups need no function index.
            models.CheckConstraint(
                condition=models.Q(adresse=Lower("adresse")), name="abbestellung_kleingeschrieben"
            ),
        ]

    def __str__(self):
        return f"{self.adresse}: {self.get_art_display()}"


class Schritt(models.Model):
    """One step of the reminder chain taken for one Berichtsanfrage on one day."""

    anfrage = models.ForeignKey(
        Berichtsanfrage,
        on_delete=models.CASCADE,
        related_name="erinnerungsschritte",
        verbose_name=_("Berichtsanfrage"),
    )
    stufe = models.CharField(_("Stufe"), max_length=20, choices=Stufe.choices)
    datum = models.DateField(_("am"))
    # Who was written to (comma-separated); empty when nobody could be (or wanted to be).
    empfaenger = models.TextField(_("an"), blank=True)
    # Why someone due was not written to (opt-out, 5-day spacing, no reachable person).
    hinweis = models.TextField(_("Hinweis"), blank=True)

    class Meta:
        verbose_name = _("Erinnerungsschritt")
        verbose_name_plural = _("Erinnerungsschritte")
        ordering = ["-datum", "anfrage_id", "stufe"]
        constraints = [
            models.UniqueConstraint(fields=["anfrage", "stufe"], name="schritt_einmal_je_anfrage")
        ]

    def __str__(self):
        return f"{self.anfrage}: {self.get_stufe_display()} ({self.datum:%d.%m.%Y})"


class Tageslauf(models.Model):
    """The Büro's digest of one day: done once; its moment bounds the next digest's news."""

    datum = models.DateField(_("Tag"), unique=True)
    gelaufen_am = models.DateTimeField(_("gelaufen am"))
    empfaenger = models.PositiveIntegerField(_("Tagesübersichten versandt"), default=0)

    class Meta:
        verbose_name = _("Tageslauf")
        verbose_name_plural = _("Tagesläufe")
        ordering = ["-datum"]

    def __str__(self):
        return f"{self.datum:%d.%m.%Y}"

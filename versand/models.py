"""Every e-mail the portal sends is a row first, then a task (versand/mail.py).

The row is the log the Büro reads ("each notification logged", issue 14): who, what, why, when
sent, how many attempts and the last error. It also lets a failed send be retried without
losing the message.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    WARTET = "wartet", _("wartet auf Versand")
    VERSENDET = "versendet", _("versendet")
    FEHLGESCHLAGEN = "fehlgeschlagen", _("fehlgeschlagen")


class Mail(models.Model):
    empfaenger = models.EmailField(_("Empfänger"), max_length=254)
    betreff = models.CharField(_("Betreff"), max_length=300)
    text = models.TextField(_("Text"))
    # What the mail is about, for the log and for "at most one of these per day" rules:
    # a short kind ("runde_geoeffnet", "einladung", …) and an optional key of its object.
    anlass = models.CharField(_("Anlass"), max_length=60, db_index=True)
    bezug = models.CharField(_("Bezug"), max_length=120, blank=True, db_index=True)
    antwort_an = models.EmailField(_("Antwort an"), max_length=254, blank=True)
    # A mail with a sign-in link (password reset, invitation): whoever reads the text can use
    # the link. The admin never shows it, and it is erased once the mail is sent.
    vertraulich = models.BooleanField(
        _("vertraulich"),
        default=False,
        help_text=_(
            "Enthält einen persönlichen Link: Der Text wird hier nicht gezeigt und nach dem "
            "Versand gelöscht."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=MailStatus.choices, default=MailStatus.WARTET
    )
    versuche = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    letzter_fehler = models.TextField(_("letzter Fehler"), blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True, db_index=True)
    versendet_am = models.DateTimeField(_("versendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("E-Mail")
        verbose_name_plural = _("E-Mails")
        ordering = ["-erstellt_am", "-pk"]
        indexes = [models.Index(fields=["empfaenger", "erstellt_am"])]

    def __str__(self):
        return f"{self.betreff} → {self.empfaenger}"

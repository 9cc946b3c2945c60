"""API tokens, stored hashed (django-rest-knox's model, with a name and the time of last use).

Knox keeps only a SHA-512 digest and the first 15 characters of a token (to find it quickly);
the secret itself is shown once, when it is created, and can never be read again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    bezeichnung = models.CharField(
        _("Bezeichnung"),
        max_length=100,
        blank=True,
        help_text=_("Wofür Sie den Token verwenden, z. B. „Fachverfahren Jugendamt“."),
    )
    zuletzt_benutzt = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.token_key}… ({self.user})"

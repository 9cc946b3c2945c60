"""What the privacy page says about the city's data-protection officer: data, not code.

One row, filled in by the Büro in the admin; until then the page shows a placeholder.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from concept.textlaengen import text_feld

ANSCHRIFT = 1_000


class Datenschutzangaben(models.Model):
    verantwortliche_stelle = text_feld(
        _("Verantwortliche Stelle"),
        ANSCHRIFT,
        blank=True,
        help_text=_("Name und Anschrift der Stelle, die für das Portal verantwortlich ist."),
    )
    beauftragte_name = models.CharField(_("Datenschutzbeauftragte/r"), max_length=200, blank=True)
    beauftragte_anschrift = text_feld(_("Anschrift"), ANSCHRIFT, blank=True)
    beauftragte_email = models.EmailField(_("E-Mail"), blank=True)
    beauftragte_telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    aufsichtsbehoerde = text_feld(
        _("Aufsichtsbehörde"),
        ANSCHRIFT,
        blank=True,
        help_text=_(
            "z. B. „Der Landesbeauftragte für Datenschutz und Informationsfreiheit "
            "Mecklenburg-Vorpommern, Werderstraße 74a, 19055 Schwerin“"
        ),
    )
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Datenschutzangaben")
        verbose_name_plural = _("Datenschutzangaben")

    def __str__(self):
        return str(_("Datenschutzangaben"))

    def save(self, *args, **kwargs):
        # A single row: whoever saves edits the one the page shows.
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def aktuelle(cls):
        return cls.objects.filter(pk=1).first()

    @property
    def ausgefuellt(self):
        erreichbar = self.beauftragte_email or self.beauftragte_anschrift
        return bool(self.beauftragte_name and erreichbar)

"""One plain-language summary (Leichte Sprache) per Handlungsfeld, with its review.

The three parts answer the questions a reader asks: what does the city want, what is being
done, who does it. Each sentence stands on its own line, as the rules of the Netzwerk Leichte
Sprache ask; the pages show it so. A summary is a draft ("Entwurf") until the Büro records that
a Prüfgruppe (readers with learning difficulties) has checked it: ``geprueft_am`` and
``geprueft_von``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import Handlungsfeld, ImAktuellenKonzept
from concept.textlaengen import text_feld

# A summary is 8 to 15 short sentences; a part is a few of them. Room for the Büro's edits.
TEIL = 3_000

ENTWURF = _("Entwurf – noch nicht von einer Prüfgruppe geprüft")
GEPRUEFT = _("geprüft")


class ZusammenfassungQuerySet(ImAktuellenKonzept, models.QuerySet):
    konzept_pfad = "handlungsfeld__konzept"

    def geprueft(self):
        """The one rule of "reviewed": a review date is set."""
        return self.filter(geprueft_am__isnull=False)

    def entwuerfe(self):
        return self.filter(geprueft_am__isnull=True)


def _teil(verbose_name, help_text):
    return text_feld(verbose_name, TEIL, help_text=help_text)


class Zusammenfassung(models.Model):
    handlungsfeld = models.OneToOneField(
        Handlungsfeld,
        on_delete=models.CASCADE,
        related_name="leichte_sprache",
        verbose_name=_("Handlungsfeld"),
    )
    was_die_stadt_will = _teil(
        _("Was die Stadt will"),
        _("Das Leitziel in Leichter Sprache. Jeder Satz steht in einer eigenen Zeile."),
    )
    was_getan_wird = _teil(
        _("Was die Stadt macht"),
        _("Die wichtigsten Teilziele und Maßnahmen. Jeder Satz steht in einer eigenen Zeile."),
    )
    wer_das_macht = _teil(
        _("Wer das macht"),
        _("Die wichtigsten Akteure. Jeder Satz steht in einer eigenen Zeile."),
    )
    geprueft_am = models.DateField(
        _("geprüft am"),
        null=True,
        blank=True,
        help_text=_("Tag, an dem eine Prüfgruppe den Text geprüft hat. Leer: Entwurf."),
    )
    geprueft_von = models.CharField(
        _("geprüft von"),
        max_length=200,
        blank=True,
        help_text=_("Die Prüfgruppe oder die Person, die den Text geprüft hat."),
    )
    history = HistoricalRecords()

    objects = ZusammenfassungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zusammenfassung in Leichter Sprache")
        verbose_name_plural = _("Zusammenfassungen in Leichter Sprache")
        ordering = ["handlungsfeld__sortierung", "pk"]

    def __str__(self):
        return str(self.handlungsfeld)

    @property
    def geprueft(self):
        return self.geprueft_am is not None

    @property
    def status(self):
        return GEPRUEFT if self.geprueft else ENTWURF

    @property
    def saetze(self):
        """{field: [sentence, …]} of the three parts, as the page shows them."""
        return {feld: zeilen(getattr(self, feld)) for feld in TEXTFELDER}

    def clean(self):
        super().clean()
        fehler = {}
        if self.geprueft_am and not self.geprueft_von.strip():
            fehler["geprueft_von"] = _("Bitte nennen Sie die Prüfgruppe oder Person.")
        if self.geprueft_von.strip() and not self.geprueft_am:
            fehler["geprueft_am"] = _("Bitte geben Sie an, wann der Text geprüft wurde.")
        if self.geprueft_am and self.geprueft_am > timezone.localdate():
            fehler["geprueft_am"] = _("Das Datum der Prüfung darf nicht in der Zukunft liegen.")
        if fehler:
            raise ValidationError(fehler)


TEXTFELDER = ("was_die_stadt_will", "was_getan_wird", "wer_das_macht")


def zeilen(text):
    """The sentences of a part: one per line, empty lines left out."""
    return [z.strip() for z in (text or "").replace("\r\n", "\n").split("\n") if z.strip()]

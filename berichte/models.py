"""What the reports add to the plan: the Büro's assessment per round, and rendered report files.

- ``Einschaetzung``: per Berichtsrunde and Handlungsfeld (or, without a Handlungsfeld, the
  round's overall summary) a short text by the Büro, reviewed by a second person of the Büro
  like a Sachstand, and fixed once the round is closed (issue 15).
- ``Berichtsdatei``: a report rendered by the task worker into a stored file, keyed by what it
  shows; requests serve the file or enqueue its rendering (berichte/ablage.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import Handlungsfeld
from concept.textlaengen import EINSCHAETZUNG, KOMMENTAR, text_feld
from integration_portal.speicher import OrdnerAusEinstellung
from measures.choices import RundenStatus
from measures.models import Berichtsrunde


class EinschaetzungStatus(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    EINGEREICHT = "eingereicht", _("eingereicht, wartet auf Prüfung")
    FREIGEGEBEN = "freigegeben", _("freigegeben")
    ZURUECKGEGEBEN = "zurueckgegeben", _("zurückgegeben")


class EinschaetzungQuerySet(models.QuerySet):
    def freigegeben(self):
        return self.filter(pruefstatus=EinschaetzungStatus.FREIGEGEBEN)


class Einschaetzung(models.Model):
    """„Einschätzung des Büros“ for one Handlungsfeld in one round, or the round's summary."""

    berichtsrunde = models.ForeignKey(
        Berichtsrunde,
        on_delete=models.CASCADE,
        related_name="einschaetzungen",
        verbose_name=_("Berichtsrunde"),
    )
    # None: the overall summary of the round (Zusammenfassung des Büros).
    handlungsfeld = models.ForeignKey(
        Handlungsfeld,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="einschaetzungen",
        verbose_name=_("Handlungsfeld"),
        help_text=_("Leer lassen für die Gesamteinschätzung der Berichtsrunde."),
    )
    # Sanitised HTML (paragraphs, emphasis, lists, links): berichte/einschaetzungen.py.
    text = text_feld(_("Text"), EINSCHAETZUNG)
    pruefstatus = models.CharField(
        _("Prüfstatus"),
        max_length=20,
        choices=EinschaetzungStatus.choices,
        default=EinschaetzungStatus.ENTWURF,
    )
    verfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verfasst von"),
    )
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    geprueft_am = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    kommentar = text_feld(_("Kommentar der Prüfung"), KOMMENTAR, blank=True)
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    # Proves what a closed round's report said, and who wrote and approved which wording.
    history = HistoricalRecords()

    objects = EinschaetzungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einschätzung des Büros")
        verbose_name_plural = _("Einschätzungen des Büros")
        ordering = ["berichtsrunde", "handlungsfeld__sortierung", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["berichtsrunde", "handlungsfeld"],
                name="einschaetzung_je_runde_und_handlungsfeld",
                violation_error_message=_(
                    "Für dieses Handlungsfeld gibt es in dieser Berichtsrunde schon eine "
                    "Einschätzung."
                ),
            ),
            models.UniqueConstraint(
                fields=["berichtsrunde"],
                condition=models.Q(handlungsfeld__isnull=True),
                name="eine_gesamteinschaetzung_je_runde",
                violation_error_message=_(
                    "Für diese Berichtsrunde gibt es schon eine Gesamteinschätzung."
                ),
            ),
        ]

    def __str__(self):
        if self.handlungsfeld_id is None:
            return _("Gesamteinschätzung – %(runde)s") % {"runde": self.berichtsrunde}
        return f"{self.handlungsfeld} – {self.berichtsrunde}"

    def save(self, *args, **kwargs):
        # Nothing unsanitised is ever stored, whichever way the row is saved.
        self.text = _bereinigen(self.text)
        super().save(*args, **kwargs)

    @property
    def ist_fixiert(self):
        """A closed round's assessments are part of its report and no longer change."""
        gespeichert = (
            Einschaetzung.objects.filter(pk=self.pk).select_related("berichtsrunde").first()
            if self.pk
            else None
        )
        runde = gespeichert.berichtsrunde if gespeichert else self.berichtsrunde
        return runde.status == RundenStatus.GESCHLOSSEN

    def clean_fields(self, exclude=None):
        # The limit and "not empty" apply to what is stored: the cleaned text.
        self.text = _bereinigen(self.text)
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        if not self.berichtsrunde_id:
            return
        if self.pk and self.ist_fixiert:
            raise ValidationError(
                _("Die Berichtsrunde ist geschlossen; ihre Einschätzungen sind festgehalten.")
            )
        # A new assessment, or one moved to another round: not into a closed one.
        if self.berichtsrunde.status == RundenStatus.GESCHLOSSEN:
            raise ValidationError(
                {
                    "berichtsrunde": _(
                        "Diese Berichtsrunde ist geschlossen; sie nimmt keine Einschätzungen an."
                    )
                }
            )


def _bereinigen(html):
    """berichte.einschaetzungen.bereinigen, imported late (that module imports this one)."""
    from berichte.einschaetzungen import bereinigen

    return bereinigen(html)


def _bericht_speicher():
    return OrdnerAusEinstellung("BERICHT_ROOT")


class DateiStatus(models.TextChoices):
    WARTET = "wartet", _("wartet auf den Hintergrunddienst")
    FERTIG = "fertig", _("fertig")
    FEHLER = "fehler", _("fehlgeschlagen")


class Berichtsdatei(models.Model):
    """A rendered report (PDF or DOCX) stored as a file; ``schluessel`` says what it shows."""

    # sha256 of the report's parameters, the Datenstand and the layout version.
    schluessel = models.CharField(_("Schlüssel"), max_length=64, unique=True)
    format = models.CharField(_("Format"), max_length=10, default="pdf")
    # The Berichtsauftrag's fields as JSON, so the worker can build it again.
    auftrag = models.JSONField(_("Auftrag"), default=dict)
    dateiname = models.CharField(_("Dateiname"), max_length=200, blank=True)
    datei = models.FileField(
        _("Datei"), upload_to="berichte/%Y/%m", storage=_bericht_speicher, blank=True
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=DateiStatus.choices, default=DateiStatus.WARTET
    )
    fehler = models.CharField(_("Fehler"), max_length=500, blank=True)
    seiten = models.PositiveIntegerField(_("Seiten"), null=True, blank=True)
    sekunden = models.FloatField(_("Dauer (s)"), null=True, blank=True)
    groesse = models.PositiveIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    angefordert_am = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Berichtsdatei")
        verbose_name_plural = _("Berichtsdateien")
        ordering = ["-angefordert_am", "-pk"]

    def __str__(self):
        return self.dateiname or self.schluessel[:12]

"""The kinds of mail a person may switch off, and the steps of a reminder's escalation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Art(models.TextChoices):
    """What a person can unsubscribe from (a round's request mail is never among them)."""

    PRUEFUNG = "pruefung", _("Ergebnis der Prüfung Ihrer Sachstände (freigegeben/zurückgegeben)")
    ERINNERUNG = "erinnerung", _("Erinnerungen an fehlende Sachstände")
    ESKALATION = "eskalation", _("Hinweise an die Koordination auf überfällige Sachstände")
    TAGESUEBERSICHT = "tagesuebersicht", _("Tagesübersicht für das Büro für Integration")


class Stufe(models.TextChoices):
    """One step of the reminder chain of a Berichtsanfrage, with its day relative to faellig_am."""

    VORAB = "vorab", _("Erinnerung 7 Tage vor Fälligkeit")
    BALD_FAELLIG = "bald_faellig", _("Hinweis: Runde endet in 3 Tagen")
    ERINNERUNG = "erinnerung", _("Erinnerung 1 Tag nach Fälligkeit")
    KOORDINATION = "koordination", _("an die Koordination, 7 Tage nach Fälligkeit")
    BUERO = "buero", _("in die Tagesübersicht des Büros, 14 Tage nach Fälligkeit")


# Day of each step relative to the round's faellig_am (negative: before).
TAG_DER_STUFE = {
    Stufe.VORAB: -7,
    Stufe.BALD_FAELLIG: -3,
    Stufe.ERINNERUNG: 1,
    Stufe.KOORDINATION: 7,
    Stufe.BUERO: 14,
}
# The steps that write to the Akteur's reporting contacts (one reminder mail per person).
AN_MELDENDE = (Stufe.VORAB, Stufe.BALD_FAELLIG, Stufe.ERINNERUNG)

# versand.Mail.anlass of the mails this app writes.
ANLASS_ERINNERUNG = "erinnerung"  # reminders and escalation, one digest per person
ANLASS_FREIGEGEBEN = "sachstand_freigegeben"
ANLASS_ZURUECKGEGEBEN = "sachstand_zurueckgegeben"
ANLASS_TAGESUEBERSICHT = "tagesuebersicht"
# At least this many days between two reminder mails to the same address (Kausal Watch).
ABSTAND_TAGE = 5

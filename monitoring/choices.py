"""The vocabularies of the monitoring, defined once for models, import, pages and downloads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Einheit(models.TextChoices):
    PROZENT = "prozent", _("Prozent")
    ANZAHL = "anzahl", _("Anzahl")
    MILLIONEN = "millionen", _("Millionen")
    EURO = "euro", _("Euro")
    JAHRE = "jahre", _("Jahre")
    SONSTIGE = "sonstige", _("sonstige")

    @property
    def zeichen(self):
        """The sign written after a value (``6,8 %``); empty where the label says enough."""
        return {"prozent": "%", "millionen": "Mio.", "euro": "€", "jahre": "Jahre"}.get(
            self.value, ""
        )


class Richtung(models.TextChoices):
    """Which way is progress: the trend assessment reads a series through it."""

    HOEHER_BESSER = "hoeher_besser", _("höher ist besser")
    NIEDRIGER_BESSER = "niedriger_besser", _("niedriger ist besser")
    NEUTRAL = "neutral", _("neutral (beschreibend)")


class Zeitart(models.TextChoices):
    """How precisely a Messwert's date is meant; the date itself is the end of that period."""

    JAHR = "jahr", _("Jahr")
    MONAT = "monat", _("Monat")
    STICHTAG = "stichtag", _("Stichtag")


class Genauigkeit(models.TextChoices):
    """How the source states a value: exactly, or only as a bound or an approximation."""

    GENAU = "genau", _("genau")
    MEHR_ALS = "mehr_als", _("mehr als")
    UNTER = "unter", _("unter")
    ETWA = "etwa", _("etwa")


class Messstatus(models.TextChoices):
    VORLAEUFIG = "vorlaeufig", _("vorläufig")
    ENDGUELTIG = "endgueltig", _("endgültig")


class Trend(models.TextChoices):
    """Progress status after Open SDG's progress measure (see monitoring/trend.py)."""

    ZIEL_ERREICHT = "ziel_erreicht", _("Ziel erreicht")
    DEUTLICHER_FORTSCHRITT = "deutlicher_fortschritt", _("deutliche Fortschritte")
    MAESSIGER_FORTSCHRITT = "maessiger_fortschritt", _("mäßige Fortschritte")
    GERINGER_FORTSCHRITT = "geringer_fortschritt", _("geringe Fortschritte")
    VERSCHLECHTERUNG = "verschlechterung", _("Verschlechterung")
    # For neutral indicators the direction is described, not judged.
    STEIGEND = "steigend", _("steigend")
    FALLEND = "fallend", _("fallend")
    GLEICHBLEIBEND = "gleichbleibend", _("gleichbleibend")
    NICHT_BEWERTBAR = "nicht_bewertbar", _("nicht bewertbar")


class Indikatorart(models.TextChoices):
    """Context monitoring (state of integration) vs. implementation reporting (issue 18).

    German practice (IntMK, KGSt „Integrationsmonitoring 2.0“) keeps the two apart: a context
    indicator describes the city and is never read as the effect of one Maßnahme.
    """

    KONTEXT = "kontext", _("Kontext")
    ERGEBNIS = "ergebnis", _("Ergebnis")
    LEISTUNG = "leistung", _("Leistung")


class Wirkungsrichtung(models.TextChoices):
    """Which way a Maßnahme is meant to move an Ergebnis or Leistung indicator."""

    ERHOEHT = "erhoeht", _("erhöht")
    SENKT = "senkt", _("senkt")


class Verfuegbarkeit(models.TextChoices):
    """What data exists at city level (the Datenlage page reads it)."""

    JA = "ja", _("ja")
    NUR_STADT = "nur_stadt", _("nur Stadt gesamt")
    STADTBEREICH = "stadtbereich", _("nach Stadtbereich")
    NEIN = "nein", _("nein – nur Land/Bund als Vergleichswert")


class Rhythmus(models.TextChoices):
    """How often the data owner publishes new values; with the next due date it drives reminders."""

    JAEHRLICH = "jaehrlich", _("jährlich")
    HALBJAEHRLICH = "halbjaehrlich", _("halbjährlich")
    VIERTELJAEHRLICH = "vierteljaehrlich", _("vierteljährlich")
    MONATLICH = "monatlich", _("monatlich")
    UNREGELMAESSIG = "unregelmaessig", _("unregelmäßig")


class Vergleichsgebiet(models.TextChoices):
    """The level of a comparison series drawn beside the city's."""

    LAND = "land", _("Land")
    BUND = "bund", _("Bund")

"""The vocabularies of carrying out the concept, defined once for model, filters, API, reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NICHT_BEGONNEN = "nicht_begonnen", _("nicht begonnen")
    IN_PLANUNG = "in_planung", _("in Planung")
    IN_UMSETZUNG = "in_umsetzung", _("in Umsetzung")
    UMGESETZT = "umgesetzt", _("umgesetzt")
    DAUERAUFGABE = "daueraufgabe", _("Daueraufgabe")
    VERZOEGERT = "verzoegert", _("verzögert")
    ZURUECKGESTELLT = "zurueckgestellt", _("zurückgestellt")
    ENTFALLEN = "entfallen", _("entfallen")

    @classmethod
    def abgeschlossen(cls):
        """States in which a measure needs no further Sachstand in a Berichtsrunde."""
        return [cls.UMGESETZT, cls.ENTFALLEN]


class Ampel(models.TextChoices):
    IM_PLAN = "im_plan", _("im Plan")
    GEFAEHRDET = "gefaehrdet", _("gefährdet")
    KRITISCH = "kritisch", _("kritisch")
    UNBEWERTET = "unbewertet", _("unbewertet")


class Seite(models.TextChoices):
    INTERN = "intern", _("verwaltungsintern")
    EXTERN = "extern", _("verwaltungsextern")


class AkteurArt(models.TextChoices):
    VERWALTUNGSSPITZE = "verwaltungsspitze", _("Verwaltungsspitze")
    AMT = "amt", _("Amt")
    STABSSTELLE = "stabsstelle", _("Stabsstelle/Büro")
    EIGENBETRIEB = "eigenbetrieb", _("Eigenbetrieb")
    GESELLSCHAFT = "gesellschaft", _("städtische Gesellschaft")
    GREMIUM = "gremium", _("Gremium")
    VEREIN_TRAEGER = "verein_traeger", _("Verein/Träger")
    BILDUNG = "bildung", _("Bildungseinrichtung")
    WIRTSCHAFT = "wirtschaft", _("Wirtschaft/Kammer")
    LAND = "land", _("Land")
    BUND = "bund", _("Bund")
    SONSTIGE = "sonstige", _("Sonstige")


class Pruefstatus(models.TextChoices):
    EINGEREICHT = "eingereicht", _("eingereicht, wartet auf Prüfung")
    FREIGEGEBEN = "freigegeben", _("freigegeben")
    ZURUECKGEGEBEN = "zurueckgegeben", _("zurückgegeben")


class RundenStatus(models.TextChoices):
    GEPLANT = "geplant", _("geplant")
    OFFEN = "offen", _("offen")
    GESCHLOSSEN = "geschlossen", _("geschlossen")


class AnsprechpersonRolle(models.TextChoices):
    MELDET = "meldet", _("meldet")
    KOORDINIERT = "koordiniert", _("koordiniert für den Akteur")

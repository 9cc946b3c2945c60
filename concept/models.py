"""The adopted plan: Konzept, Kapitel, Handlungsfeld, Leitziel, Teilziel, Best-Practice-Beispiel.

The wording of goals is a council decision; history keeps every change to it.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.textlaengen import BEISPIEL, EINLEITUNG, ERLAEUTERUNG, ZIEL, text_feld


class KonzeptQuerySet(models.QuerySet):
    """Which edition is current: the one rule, used by pages, API, admin, reports and exports.

    Today: the most recently adopted edition (latest ``beschlossen_am``, the higher id on a
    tie). Issue 19 (Fortschreibung) will give editions a state; only this class changes then.
    """

    def _neueste_zuerst(self):
        return self.order_by("-beschlossen_am", "-pk")

    def aktuell(self):
        """The current edition as an object, or None when no Konzept is loaded (one query)."""
        return self._neueste_zuerst().first()

    def aktuelles_pk(self):
        """The current edition's primary key as a subquery, to filter inside one query.

        ``Handlungsfeld.objects.filter(konzept=Konzept.objects.aktuelles_pk())`` costs no
        query of its own; the database resolves it.
        """
        return models.Subquery(self._neueste_zuerst().values("pk")[:1])

    def nur_aktuell(self):
        """A queryset of the current edition only (for annotating it in the same query)."""
        return self.filter(pk=self.aktuelles_pk())


def im_aktuellen_konzept_q(pfad="konzept"):
    """The condition "``pfad`` leads to the current edition" as a Q (e.g. for ``Count(filter=)``).

    Querysets of the plan say ``.im_aktuellen_konzept()`` instead; this is for the few places
    that need the condition inside an annotation.
    """
    return models.Q(**{pfad: Konzept.objects.aktuelles_pk()})


class ImAktuellenKonzept:
    """Queryset mixin: ``.im_aktuellen_konzept()`` keeps the rows of the current edition.

    ``konzept_pfad`` names the lookup from the model to its Konzept.
    """

    konzept_pfad = "konzept"

    def im_aktuellen_konzept(self):
        return self.filter(im_aktuellen_konzept_q(self.konzept_pfad))


class Konzept(models.Model):
    titel = models.CharField(_("Titel"), max_length=300)
    kurztitel = models.CharField(_("Kurztitel"), max_length=100, blank=True)
    beschluss = models.CharField(_("Beschluss"), max_length=50, unique=True)
    beschlossen_am = models.DateField(_("beschlossen am"))
    einleitung = text_feld(_("Einleitung"), EINLEITUNG, blank=True)
    # For the Datenstand (concept/datenstand.py): these models keep no history.
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = KonzeptQuerySet.as_manager()

    class Meta:
        verbose_name = _("Konzept")
        verbose_name_plural = _("Konzepte")
        ordering = ["-beschlossen_am", "-pk"]

    def __str__(self):
        return self.kurztitel or self.titel


class KapitelQuerySet(ImAktuellenKonzept, models.QuerySet):
    pass


class Kapitel(models.Model):
    """A heading above Handlungsfelder (4, 4.1, 5, 5.1 …) with its introduction."""

    konzept = models.ForeignKey(Konzept, on_delete=models.CASCADE, related_name="kapitel")
    eltern = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unterkapitel",
        verbose_name=_("übergeordnetes Kapitel"),
    )
    nummer = models.CharField(_("Nummer"), max_length=20)
    titel = models.CharField(_("Titel"), max_length=300)
    einleitung = text_feld(_("Einleitung"), EINLEITUNG, blank=True)
    sortierung = models.PositiveIntegerField(_("Sortierung"), default=0)
    # For the Datenstand (concept/datenstand.py): these models keep no history.
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = KapitelQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")
        ordering = ["konzept", "sortierung", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["konzept", "nummer"], name="kapitel_nummer_unique"),
        ]

    def __str__(self):
        return f"{self.nummer} {self.titel}"


class HandlungsfeldQuerySet(ImAktuellenKonzept, models.QuerySet):
    def mit_zielen(self):
        return self.filter(leitziel__isnull=False)


class Handlungsfeld(models.Model):
    konzept = models.ForeignKey(Konzept, on_delete=models.CASCADE, related_name="handlungsfelder")
    kapitel = models.ForeignKey(
        Kapitel, on_delete=models.PROTECT, related_name="handlungsfelder", verbose_name=_("Kapitel")
    )
    nummer = models.CharField(_("Nummer"), max_length=20)
    titel = models.CharField(_("Titel"), max_length=300)
    einleitung = text_feld(_("Einleitung"), EINLEITUNG, blank=True)
    schwerpunktthema = models.BooleanField(
        _("Schwerpunktthema"),
        default=False,
        help_text=_("Von der Integrationskonferenz 2019 priorisiertes Thema (Kapitel 4)."),
    )
    sortierung = models.PositiveIntegerField(_("Sortierung"), default=0)
    verweise = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="verwiesen_von",
        verbose_name=_("Verweise"),
        help_text=_("Querverweise des Textes, z. B. „Vgl. 5.4.2“."),
    )
    # For the Datenstand (concept/datenstand.py): these models keep no history.
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = HandlungsfeldQuerySet.as_manager()

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["konzept", "sortierung", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["konzept", "nummer"], name="handlungsfeld_nummer_unique"
            ),
        ]

    def __str__(self):
        return f"{self.nummer} {self.titel}"


class Leitziel(models.Model):
    # One Leitziel per Handlungsfeld: the one-to-one field is the database rule.
    handlungsfeld = models.OneToOneField(
        Handlungsfeld, on_delete=models.CASCADE, related_name="leitziel"
    )
    text = text_feld(_("Text"), ZIEL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Leitziel")
        verbose_name_plural = _("Leitziele")

    def __str__(self):
        return _("Leitziel %(nummer)s") % {"nummer": self.handlungsfeld.nummer}


TEILZIEL_KENNUNG_RE = re.compile(r"^(?P<handlungsfeld>\d+(?:\.\d+)*)-(?P<teilziel>\d+)$")


class TeilzielQuerySet(ImAktuellenKonzept, models.QuerySet):
    konzept_pfad = "handlungsfeld__konzept"

    def nach_kennung(self, kennung):
        """Filter by the public identifier (``5.2-1``); a malformed one matches nothing."""
        teile = TEILZIEL_KENNUNG_RE.match(kennung or "")
        if not teile:
            return self.none()
        return self.filter(
            handlungsfeld__nummer=teile["handlungsfeld"], nummer=int(teile["teilziel"])
        )


class Teilziel(models.Model):
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, on_delete=models.CASCADE, related_name="teilziele"
    )
    nummer = models.PositiveSmallIntegerField(_("Nummer"))
    text = text_feld(_("Text"), ZIEL)
    # Adopted text, like ``text``: a change is a council matter and stays in history.
    erlaeuterung = text_feld(
        _("Erläuterung"),
        ERLAEUTERUNG,
        blank=True,
        help_text=_("Beschlossener Text unter „zu n.“ vor den Maßnahmen (selten, z. B. 4.2.2)."),
    )
    history = HistoricalRecords()

    objects = TeilzielQuerySet.as_manager()

    class Meta:
        verbose_name = _("Teilziel")
        verbose_name_plural = _("Teilziele")
        ordering = ["handlungsfeld__sortierung", "nummer", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["handlungsfeld", "nummer"], name="teilziel_nummer_unique"
            ),
            models.CheckConstraint(condition=models.Q(nummer__gte=1), name="teilziel_nummer_ab_1"),
        ]

    def __str__(self):
        return f"{self.handlungsfeld.nummer} / {self.nummer}"

    @property
    def kennung(self) -> str:
        """Stable public identifier, e.g. ``5.2-1``."""
        return f"{self.handlungsfeld.nummer}-{self.nummer}"


class BestPracticeQuerySet(ImAktuellenKonzept, models.QuerySet):
    konzept_pfad = "handlungsfeld__konzept"


class BestPracticeBeispiel(models.Model):
    handlungsfeld = models.ForeignKey(
        Handlungsfeld, on_delete=models.CASCADE, related_name="best_practice"
    )
    titel = models.CharField(_("Titel"), max_length=300)
    text = text_feld(_("Text"), BEISPIEL)
    sortierung = models.PositiveIntegerField(_("Sortierung"), default=0)
    # For the Datenstand (concept/datenstand.py): these models keep no history.
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = BestPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Best-Practice-Beispiel")
        verbose_name_plural = _("Best-Practice-Beispiele")
        ordering = ["handlungsfeld__sortierung", "sortierung", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["handlungsfeld", "titel"], name="best_practice_titel_unique"
            ),
        ]

    def __str__(self):
        return self.titel


class Datenstand(models.Model):
    """One slot of the Datenstand counter, written only by database triggers.

    concept/datenstand.py explains it; nobody edits these rows (no admin).
    """

    slot = models.PositiveSmallIntegerField(primary_key=True)
    nummer = models.BigIntegerField()
    marke = models.CharField(max_length=32)
    geaendert_am = models.DateTimeField()

    class Meta:
        db_table = "concept_datenstand"
        # Nobody edits it, so nobody gets a right on it (measures.roles gives the Büro every
        # right of the apps it manages).
        default_permissions = ()
        verbose_name = _("Datenstand")
        verbose_name_plural = _("Datenstand")

    def __str__(self):
        return f"{self.slot}: {self.nummer}"

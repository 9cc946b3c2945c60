"""The monitoring of chapter 7: Indikator, Messwert, and the dimensions values are broken down by.

A Messwert's breakdown is stored as a normalised key string (``aufschluesselung``), e.g.
``geschlecht=weiblich;stadtbereich=gross-klein``: pairs of Dimension and Ausprägung slugs, sorted
by dimension, empty for the total. Staff add Dimensionen and Ausprägungen as rows, without a
migration, and "one value per Indikator, date and breakdown" stays a database constraint (a NULL
would be distinct from every other NULL; the empty string is not).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import Handlungsfeld, Teilziel
from concept.textlaengen import BESCHREIBUNG, KURZDEFINITION, METHODE, text_feld
from measures.permissions import ist_buero
from monitoring.choices import (
    Einheit,
    Genauigkeit,
    Indikatorart,
    Messstatus,
    Rhythmus,
    Richtung,
    Verfuegbarkeit,
    Vergleichsgebiet,
    Wirkungsrichtung,
    Zeitart,
)

_UMLAUTE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
PAAR_TRENNER = ";"
WERT_TRENNER = "="


def kurzname(text):
    """A slug that keeps German words readable: „Groß Klein“ → ``gross-klein``."""
    return slugify(text.translate(_UMLAUTE))


def schluessel(paare):
    """The breakdown key of ``(dimension_slug, auspraegung_slug)`` pairs; ``""`` is the total."""
    return PAAR_TRENNER.join(f"{d}{WERT_TRENNER}{a}" for d, a in sorted(paare))


def paare(aufschluesselung):
    """The ``(dimension_slug, auspraegung_slug)`` pairs of a breakdown key."""
    if not aufschluesselung:
        return []
    return [tuple(teil.split(WERT_TRENNER, 1)) for teil in aufschluesselung.split(PAAR_TRENNER)]


def dimensionen_von(aufschluesselung):
    """The breakdown combination of a key: its dimension slugs, e.g. ``geschlecht;stadtbereich``."""
    return PAAR_TRENNER.join(d for d, _a in paare(aufschluesselung))


class Dimension(models.Model):
    """A way to break values down: Stadtbereich, Altersgruppe, Geschlecht, Staatsangehörigkeit …"""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("Spaltenname"),
        max_length=50,
        unique=True,
        help_text=_("Name der Spalte in der CSV-Datei, z. B. „stadtbereich“."),
    )
    beschreibung = text_feld(_("Beschreibung"), BESCHREIBUNG, blank=True)
    sortierung = models.PositiveIntegerField(_("Sortierung"), default=0)

    class Meta:
        verbose_name = _("Dimension")
        verbose_name_plural = _("Dimensionen")
        ordering = ["sortierung", "name"]

    def __str__(self):
        return self.name


class AuspraegungQuerySet(models.QuerySet):
    def beschriftungen(self):
        """``{(dimension, auspraegung): (dimension name, auspraegung name)}`` (1 query)."""
        return {
            (a.dimension.slug, a.slug): (a.dimension.name, a.name)
            for a in self.select_related("dimension")
        }


class Auspraegung(models.Model):
    """One value of a Dimension, e.g. Geschlecht „weiblich“ or Stadtbereich „Groß Klein“."""

    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        related_name="auspraegungen",
        verbose_name=_("Dimension"),
    )
    name = models.CharField(_("Name"), max_length=150)
    # The slug is part of stored breakdown keys: made from the name once, then never changed
    # (read-only in the admin).
    slug = models.SlugField(
        _("Kurzname"), max_length=80, blank=True, help_text=_("Wird aus dem Namen gebildet.")
    )
    sortierung = models.PositiveIntegerField(_("Sortierung"), default=0)

    objects = AuspraegungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausprägung")
        verbose_name_plural = _("Ausprägungen")
        ordering = ["dimension__sortierung", "sortierung", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "slug"], name="auspraegung_slug_unique"),
            models.UniqueConstraint(fields=["dimension", "name"], name="auspraegung_name_unique"),
        ]

    def __str__(self):
        return f"{self.dimension}: {self.name}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = kurzname(self.name)
        super().save(*args, **kwargs)


class IndikatorQuerySet(models.QuerySet):
    def oeffentlich(self):
        return self.filter(oeffentlich=True)

    def sichtbar_fuer(self, user):
        """Public indicators for everyone; internal ones (steering) for the Büro only."""
        return self.all() if ist_buero(user) else self.oeffentlich()

    def mit_letztem_wert(self):
        """Annotate the latest total value and its date (``letzter_wert``, ``letztes_datum``)."""
        # dimensionen="" as well: the series index (indikator, dimensionen, …) then covers it.
        letzte = Messwert.objects.filter(
            indikator=OuterRef("pk"), dimensionen="", aufschluesselung=""
        ).order_by("-datum")
        from monitoring import geheimhaltung  # it reads Messwert: imported when used

        return self.annotate(
            letzter_wert=Subquery(letzte.values("wert")[:1]),
            letztes_datum=Subquery(letzte.values("datum")[:1]),
            letzte_zeitart=Subquery(letzte.values("zeitart")[:1]),
            letzte_genauigkeit=Subquery(letzte.values("genauigkeit")[:1]),
            # Whether that total could be under small-number protection (see
            # geheimhaltung.letzte_werte_pruefen, which decides it only for these).
            letzter_pruefen=geheimhaltung.kleine_zelle_am(
                OuterRef("pk"), OuterRef("letztes_datum")
            ),
        )


# Addresses under /indikatoren/ that are not indicators (monitoring/urls.py): an indicator with
# such a Kennung could not be reached (its CSV would be the download of all indicators).
RESERVIERTE_KENNUNGEN = frozenset({"datenlage", "daten", "excel"})


def kennung_pruefen(kennung):
    """Refuse a Kennung that is one of the monitoring's own addresses (admin, loader, import)."""
    if kennung in RESERVIERTE_KENNUNGEN:
        raise ValidationError(
            _("„%(kennung)s“ ist eine Adresse des Portals und kann keine Kennung sein.")
            % {"kennung": kennung}
        )


class Indikator(models.Model):
    """A measured quantity with its metadata, tied to the goals it measures."""

    kennung = models.SlugField(
        _("Kennung"),
        max_length=80,
        unique=True,
        help_text=_("Stabile Kennung für Adressen und CSV-Dateien, z. B. „auslaenderanteil“."),
    )
    name = models.CharField(_("Name"), max_length=300)
    art = models.CharField(
        _("Art"),
        max_length=10,
        choices=Indikatorart.choices,
        default=Indikatorart.KONTEXT,
        help_text=_(
            "Kontext: Lage der Integration in der Stadt, keiner einzelnen Maßnahme zuzurechnen. "
            "Ergebnis: Wirkung bei den Menschen. Leistung: was eine Maßnahme erbringt."
        ),
    )
    vorschlag = models.BooleanField(
        _("Vorschlag"),
        default=False,
        help_text=_(
            "Aus dem Startkatalog: Vorschlag – mit der Statistikstelle abzustimmen. "
            "Zum Aktivieren das Häkchen entfernen."
        ),
    )
    einheitengruppe = models.SlugField(
        _("Einheitengruppe"),
        max_length=80,
        blank=True,
        help_text=_(
            "Indikatoren mit derselben Gruppe sind dieselbe Größe in anderen Einheiten "
            "(z. B. Anzahl und Anteil); die Seite bietet dann eine Auswahl der Einheit."
        ),
    )
    kurzdefinition = text_feld(_("Kurzdefinition"), KURZDEFINITION)
    methode = text_feld(_("Berechnungsmethode"), METHODE, blank=True)
    einheit = models.CharField(_("Einheit"), max_length=20, choices=Einheit.choices)
    einheit_bezeichnung = models.CharField(
        _("Bezeichnung der Einheit"),
        max_length=60,
        blank=True,
        help_text=_("z. B. „Personen“, „Länder“, „Unterkünfte“."),
    )
    nachkommastellen = models.PositiveSmallIntegerField(
        _("Nachkommastellen"), default=1, help_text=_("Für die Anzeige der Werte.")
    )
    datenquelle = models.CharField(_("Datenquelle"), max_length=300)
    verantwortlich = models.ForeignKey(
        "measures.Akteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indikatoren",
        verbose_name=_("Datenhalter"),
        help_text=_("Der Akteur, der die Daten liefert, z. B. die Kommunale Statistikstelle."),
    )
    kommunal_verfuegbar = models.CharField(
        _("kommunal verfügbar"),
        max_length=12,
        choices=Verfuegbarkeit.choices,
        default=Verfuegbarkeit.JA,
    )
    rhythmus = models.CharField(
        _("Veröffentlichungsrhythmus"), max_length=20, choices=Rhythmus.choices, blank=True
    )
    naechste_lieferung = models.DateField(
        _("nächste Lieferung fällig"),
        null=True,
        blank=True,
        help_text=_("Der Datenhalter wird erinnert, wenn sie fällig und wenn sie überfällig ist."),
    )
    mindestfallzahl = models.PositiveSmallIntegerField(
        _("Mindestfallzahl"),
        null=True,
        blank=True,
        help_text=_(
            "Zellen einer Aufschlüsselung mit weniger Fällen werden nicht veröffentlicht. "
            "Leer: der Standardwert der Einstellungen (MONITORING_MINDESTFALLZAHL)."
        ),
    )
    handlungsfelder = models.ManyToManyField(
        Handlungsfeld, blank=True, related_name="indikatoren", verbose_name=_("Handlungsfelder")
    )
    teilziele = models.ManyToManyField(
        Teilziel, blank=True, related_name="indikatoren", verbose_name=_("Teilziele")
    )
    richtung = models.CharField(
        _("Richtung"), max_length=20, choices=Richtung.choices, default=Richtung.NEUTRAL
    )
    oeffentlich = models.BooleanField(
        _("öffentlich"), default=True, help_text=_("Sonst nur für die Verwaltung sichtbar.")
    )
    hinweise = text_feld(
        _("Hinweise"),
        METHODE,
        blank=True,
        help_text=_("Was die Quelle offenlässt, Brüche in der Reihe, Lesehilfen."),
    )
    sortierung = models.PositiveIntegerField(_("Sortierung"), default=0)
    history = HistoricalRecords(m2m_fields=[handlungsfelder, teilziele])

    objects = IndikatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["sortierung", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitoring:indikator", kwargs={"kennung": self.kennung})

    def clean(self):
        try:
            kennung_pruefen(self.kennung)
        except ValidationError as fehler:
            raise ValidationError({"kennung": fehler.messages}) from None
        # Richtung changed on an indicator that already has targets (new targets are checked
        # by Zielwert.clean with the same rule).
        if self.pk and self.ziele.exists():
            try:
                ziel_braucht_richtung(self.richtung)
            except ValidationError as fehler:
                raise ValidationError({"richtung": fehler.messages}) from None
        if self.art == Indikatorart.KONTEXT and self.pk and self.wirkungen.exists():
            # Wirkung.clean's rule seen from the indicator: a Kontext indicator has no measures.
            raise ValidationError(
                {
                    "art": _(
                        "Dieser Indikator ist Maßnahmen zugeordnet (Wirkungen). Ein "
                        "Kontextindikator wird keiner Maßnahme zugeordnet: entfernen Sie "
                        "zuerst die Wirkungen und speichern Sie, dann ändern Sie die Art."
                    )
                }
            )


def ziel_braucht_richtung(richtung):
    """A target says which way is better: an indicator with a Zielwert is not neutral.

    The one place of this rule: Indikator.clean (admin form, richtung changed), Zielwert.clean
    (admin inline, loader, JSON import) call it.
    """
    if richtung == Richtung.NEUTRAL:
        raise ValidationError(
            _(
                "Ein Indikator mit Zielwert braucht eine Richtung (höher oder niedriger ist "
                "besser), nicht „neutral“."
            )
        )


class Messwert(models.Model):
    """One value of an Indikator at a date, for the total or one breakdown."""

    indikator = models.ForeignKey(
        Indikator, on_delete=models.PROTECT, related_name="messwerte", verbose_name=_("Indikator")
    )
    datum = models.DateField(
        _("Datum"),
        help_text=_("Ende des Zeitraums: ein Jahr ist der 31.12., ein Monat sein Letzter."),
    )
    zeitart = models.CharField(
        _("Zeitangabe"), max_length=10, choices=Zeitart.choices, default=Zeitart.JAHR
    )
    aufschluesselung = models.CharField(
        _("Aufschlüsselung"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("Leer für den Gesamtwert, sonst z. B. „geschlecht=weiblich“."),
    )
    dimensionen = models.CharField(
        _("Dimensionen"), max_length=300, blank=True, default="", editable=False
    )
    wert = models.DecimalField(_("Wert"), max_digits=19, decimal_places=4)
    genauigkeit = models.CharField(
        _("Genauigkeit"), max_length=10, choices=Genauigkeit.choices, default=Genauigkeit.GENAU
    )
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Messstatus.choices, default=Messstatus.ENDGUELTIG
    )
    anmerkung = models.CharField(
        _("Anmerkung"),
        max_length=500,
        blank=True,
        help_text=_("Fußnote zum Wert; erscheint im Diagramm, in der Tabelle und im CSV."),
    )
    fallzahl = models.PositiveIntegerField(
        _("Fallzahl"),
        null=True,
        blank=True,
        help_text=_(
            "Zahl der Fälle hinter einem Anteil oder Mittelwert; für die Geheimhaltung kleiner "
            "Zellen. Bei Anzahlen ist der Wert selbst die Fallzahl."
        ),
    )
    quelle_akteur = models.ForeignKey(
        "measures.Akteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gemeldete_messwerte",
        verbose_name=_("gemeldet von"),
    )
    # Set when the value came from an approved Sachstand (a Leistung figure): exactly one
    # Messwert per Leistungsmeldung.
    leistungsmeldung = models.OneToOneField(
        "monitoring.Leistungsmeldung",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messwert",
        verbose_name=_("Leistungsmeldung"),
    )
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["indikator", "dimensionen", "aufschluesselung", "datum", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "datum", "aufschluesselung"], name="messwert_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["indikator", "dimensionen", "aufschluesselung", "datum"],
                name="messwert_reihe_idx",
            ),
        ]

    def __str__(self):
        return f"{self.indikator.kennung} {self.datum} {self.aufschluesselung or '–'}: {self.wert}"

    def save(self, *args, **kwargs):
        # The combination is derived, so that pages can filter one breakdown with an index.
        self.dimensionen = dimensionen_von(self.aufschluesselung)
        super().save(*args, **kwargs)

    def clean(self):
        """A key typed in the admin must name existing Ausprägungen; it is stored sorted."""
        try:
            teile = paare(self.aufschluesselung.strip())
            if any(len(t) != 2 or not all(t) for t in teile):
                raise ValueError
        except ValueError:
            raise ValidationError(
                {"aufschluesselung": _("Form: dimension=auspraegung;dimension=auspraegung")}
            ) from None
        bekannt = Auspraegung.objects.beschriftungen()
        if unbekannt := [f"{d}={a}" for d, a in teile if (d, a) not in bekannt]:
            raise ValidationError(
                {"aufschluesselung": _("Unbekannt: %(teile)s") % {"teile": ", ".join(unbekannt)}}
            )
        if len({d for d, _a in teile}) != len(teile):
            raise ValidationError({"aufschluesselung": _("Jede Dimension nur einmal.")})
        self.aufschluesselung = schluessel(teile)


class Zielwert(models.Model):
    """One target of an Indikator: a value to reach by the end of a year; several per indicator."""

    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, related_name="ziele", verbose_name=_("Indikator")
    )
    jahr = models.PositiveSmallIntegerField(_("Zieljahr"))
    wert = models.DecimalField(_("Zielwert"), max_digits=19, decimal_places=4)
    anmerkung = models.CharField(_("Anmerkung"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Zielwert")
        verbose_name_plural = _("Zielwerte")
        ordering = ["indikator", "jahr"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "jahr"], name="zielwert_einmal_je_jahr"),
        ]

    def __str__(self):
        return f"{self.indikator.kennung} {self.jahr}: {self.wert}"

    def clean(self):
        # In the admin inline the (maybe unsaved) indicator of the form above.
        indikator = getattr(self, "indikator", None)
        if indikator is not None:
            ziel_braucht_richtung(indikator.richtung)


class Definitionsversion(models.Model):
    """A change of an Indikator's definition from a date on: values before and after it are not
    comparable, so charts draw a break there and the trend does not run across it."""

    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.CASCADE,
        related_name="definitionen",
        verbose_name=_("Indikator"),
    )
    gueltig_ab = models.DateField(
        _("gilt ab"), help_text=_("Werte ab diesem Datum folgen der neuen Definition.")
    )
    beschreibung = text_feld(_("Was sich geändert hat"), METHODE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Definitionsänderung")
        verbose_name_plural = _("Definitionsänderungen")
        ordering = ["indikator", "gueltig_ab"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "gueltig_ab"], name="definitionsversion_einmal_je_datum"
            ),
        ]

    def __str__(self):
        return f"{self.indikator.kennung} ab {self.gueltig_ab:%d.%m.%Y}"


class Vergleichswert(models.Model):
    """A value of the same quantity for the Land or the Bund, drawn beside the city's."""

    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.CASCADE,
        related_name="vergleichswerte",
        verbose_name=_("Indikator"),
    )
    gebiet = models.CharField(_("Ebene"), max_length=10, choices=Vergleichsgebiet.choices)
    gebiet_name = models.CharField(
        _("Gebiet"), max_length=100, help_text=_("z. B. „Mecklenburg-Vorpommern“, „Deutschland“.")
    )
    datum = models.DateField(_("Datum"))
    zeitart = models.CharField(
        _("Zeitangabe"), max_length=10, choices=Zeitart.choices, default=Zeitart.JAHR
    )
    aufschluesselung = models.CharField(
        _("Aufschlüsselung"), max_length=500, blank=True, default=""
    )
    wert = models.DecimalField(_("Wert"), max_digits=19, decimal_places=4)
    quelle = models.CharField(_("Quelle"), max_length=300)
    anmerkung = models.CharField(_("Anmerkung"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Vergleichswert")
        verbose_name_plural = _("Vergleichswerte")
        ordering = ["indikator", "gebiet", "aufschluesselung", "datum"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "gebiet", "datum", "aufschluesselung"],
                name="vergleichswert_unique",
            ),
        ]

    def __str__(self):
        return f"{self.indikator.kennung} {self.gebiet_name} {self.datum}: {self.wert}"


class Wirkung(models.Model):
    """An Ergebnis or Leistung indicator tied to a Maßnahme meant to move it (Kausal Watch)."""

    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, related_name="wirkungen", verbose_name=_("Indikator")
    )
    massnahme = models.ForeignKey(
        "measures.Massnahme",
        on_delete=models.CASCADE,
        related_name="indikator_wirkungen",
        verbose_name=_("Maßnahme"),
    )
    richtung = models.CharField(
        _("Wirkungsrichtung"), max_length=10, choices=Wirkungsrichtung.choices
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Wirkung auf einen Indikator")
        verbose_name_plural = _("Wirkungen auf Indikatoren")
        ordering = ["indikator", "massnahme"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "massnahme"], name="wirkung_einmal_je_massnahme"
            ),
        ]

    def __str__(self):
        return f"{self.massnahme} {self.get_richtung_display()} {self.indikator}"

    def clean(self):
        # getattr: in the admin's inline the indicator may be new, without a pk yet.
        indikator = getattr(self, "indikator", None)
        if indikator is not None and indikator.art == Indikatorart.KONTEXT:
            raise ValidationError(
                {
                    "indikator": _(
                        "Kontextindikatoren beschreiben die Lage in der Stadt und werden keiner "
                        "Maßnahme zugeordnet."
                    )
                }
            )


class Leistungsmeldung(models.Model):
    """A Leistung figure a partner reports with a Sachstand; on approval it becomes a Messwert."""

    sachstand = models.ForeignKey(
        "measures.Sachstand",
        on_delete=models.CASCADE,
        related_name="leistungsmeldungen",
        verbose_name=_("Sachstand"),
    )
    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.PROTECT,
        related_name="leistungsmeldungen",
        verbose_name=_("Indikator"),
    )
    wert = models.DecimalField(_("Wert"), max_digits=19, decimal_places=4)
    angelegt_am = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Leistungsmeldung")
        verbose_name_plural = _("Leistungsmeldungen")
        ordering = ["sachstand", "indikator"]
        constraints = [
            models.UniqueConstraint(
                fields=["sachstand", "indikator"], name="leistungsmeldung_einmal_je_sachstand"
            ),
        ]

    def __str__(self):
        return f"{self.indikator.kennung}: {self.wert}"


class Lieferungserinnerung(models.Model):
    """One reminder sent to an Indikator's data owner for one due date and step: the daily run
    records it so that it never sends the same step twice."""

    class Stufe(models.TextChoices):
        FAELLIG = "faellig", _("fällig")
        UEBERFAELLIG = "ueberfaellig", _("überfällig")

    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.CASCADE,
        related_name="lieferungserinnerungen",
        verbose_name=_("Indikator"),
    )
    faellig_am = models.DateField(_("fällig am"))
    stufe = models.CharField(_("Stufe"), max_length=15, choices=Stufe.choices)
    gesendet_am = models.DateTimeField(_("gesendet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Erinnerung an eine Datenlieferung")
        verbose_name_plural = _("Erinnerungen an Datenlieferungen")
        ordering = ["-gesendet_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "faellig_am", "stufe"], name="lieferungserinnerung_einmal"
            ),
        ]

    def __str__(self):
        return f"{self.indikator.kennung} {self.faellig_am} {self.get_stufe_display()}"

"""The monitoring of chapter 7: Indikator, Messwert, and the dimensions values are broken down by.

A Messwert's breakdown is stored as a normalised key string (``aufschluesselung``), e.g.
``geschlecht=weiblich;stadtbereich=gross-klein``: pairs of Dimension and Ausprägung slugs, sorted
by dimension, empty for the total. Staff add Dimensionen and Ausprägungen as rows, without a
migration, and "one value per Indikator, date and breakdown" stays a database constraint (a NULL
would be distinct from every other NULL; the empty string is not).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import Handlungsfeld, Teilziel
from measures.permissions import ist_buero
from monitoring.choices import Einheit, Genauigkeit, Messstatus, Richtung, Zeitart

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
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
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
        return self.annotate(
            letzter_wert=Subquery(letzte.values("wert")[:1]),
            letztes_datum=Subquery(letzte.values("datum")[:1]),
            letzte_zeitart=Subquery(letzte.values("zeitart")[:1]),
            letzte_genauigkeit=Subquery(letzte.values("genauigkeit")[:1]),
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
    kurzdefinition = models.TextField(_("Kurzdefinition"))
    methode = models.TextField(_("Berechnungsmethode"), blank=True)
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
        verbose_name=_("verantwortliches Akteur"),
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
    zielwert = models.DecimalField(
        _("Zielwert"), max_digits=19, decimal_places=4, null=True, blank=True
    )
    zieljahr = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    oeffentlich = models.BooleanField(
        _("öffentlich"), default=True, help_text=_("Sonst nur für die Verwaltung sichtbar.")
    )
    hinweise = models.TextField(
        _("Hinweise"),
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
        constraints = [
            # A target year without a target value means nothing.
            models.CheckConstraint(
                condition=Q(zieljahr__isnull=True) | Q(zielwert__isnull=False),
                name="indikator_zieljahr_nur_mit_zielwert",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitoring:indikator", kwargs={"kennung": self.kennung})

    def clean(self):
        if self.zielwert is not None and self.richtung == Richtung.NEUTRAL:
            raise ValidationError(
                {"richtung": _("Ein Indikator mit Zielwert braucht eine Richtung.")}
            )
        if self.zieljahr is not None and self.zielwert is None:
            raise ValidationError({"zielwert": _("Ein Zieljahr braucht einen Zielwert.")})


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
    anmerkung = models.CharField(_("Anmerkung"), max_length=500, blank=True)
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

"""Carrying out the concept: Akteur, Maßnahme, Zuständigkeit, Sachstand, Berichtsrunde."""

import calendar
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import Handlungsfeld, ImAktuellenKonzept, Teilziel
from concept.textlaengen import BESCHREIBUNG, KOMMENTAR, MASSNAHME, NOTIZ, SACHSTAND, text_feld
from integration_portal.speicher import OrdnerAusEinstellung
from measures.choices import (
    AkteurArt,
    Ampel,
    AnsprechpersonRolle,
    Pruefstatus,
    RundenStatus,
    Seite,
    Status,
)

FORTSCHRITT_VALIDATORS = [MaxValueValidator(100)]


def fortschritt_constraint(name):
    return models.CheckConstraint(
        condition=models.Q(fortschritt__gte=0, fortschritt__lte=100), name=name
    )


class Akteur(models.Model):
    """An organisation responsible for measures: an Amt inside or a partner outside."""

    name = models.CharField(_("Name"), max_length=300, unique=True)
    kurzname = models.CharField(_("Kurzname"), max_length=60, blank=True)
    slug = models.SlugField(_("Kurz-URL"), max_length=120, unique=True)
    seite = models.CharField(_("Seite"), max_length=10, choices=Seite.choices)
    art = models.CharField(_("Art"), max_length=30, choices=AkteurArt.choices)
    beschreibung = text_feld(_("Beschreibung"), BESCHREIBUNG, blank=True)
    # Amt → its Abteilungen: a coordinator of the parent reports for the subunits too
    # (measures/permissions.py), and the parent's public page lists their measures.
    uebergeordnet = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="untereinheiten",
        verbose_name=_("übergeordneter Akteur"),
    )
    # The accounts among the Akteur's Ansprechpersonen (the row says with which role).
    mitglieder = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Ansprechperson",
        through_fields=("akteur", "user"),
        blank=True,
        related_name="akteure",
        verbose_name=_("Mitglieder"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("measures:akteur", kwargs={"slug": self.slug})


# How far down the Akteur hierarchy reaches: Amt → Abteilung → Sachgebiet → Team. The concept's
# tree is one level deep (fixtures/notes/hierarchie.md); a fixed depth keeps every use one query
# with plain joins instead of a recursive CTE. Used by the rights of a coordinator
# (measures/permissions.py) and by a parent's public page.
HIERARCHIE_TIEFE = 3


def unterhalb_q(oberste, tiefe=HIERARCHIE_TIEFE):
    """Q for the Akteure 1 … ``tiefe`` levels below ``oberste`` (Akteure, pks or a subquery)."""
    bedingung = models.Q(uebergeordnet__in=oberste)
    for ebene in range(2, tiefe + 1):
        bedingung |= models.Q(**{"__".join(["uebergeordnet"] * ebene) + "__in": oberste})
    return bedingung


class AnsprechpersonQuerySet(models.QuerySet):
    def erreichbar(self):
        """Who a mail reaches: active, with an address, and an account (if any) still active.

        The one rule for round mails, reminders, the "erreichbar" columns and the warnings
        before a round opens. A contact without an account counts: it gets a personal link.
        """
        return self.filter(aktiv=True).filter(
            models.Q(user__isnull=True, email__gt="")
            | models.Q(user__is_active=True, email__gt="")
            | models.Q(user__is_active=True, user__email__gt="")
        )

    def mit_konto(self):
        """Active memberships of active accounts: what the permissions count (permissions.py)."""
        return self.filter(aktiv=True, user__isnull=False, user__is_active=True)


class Ansprechperson(models.Model):
    """A person who reports or coordinates for an Akteur, with or without an account.

    With an account (``user``) the row is the account's membership of the Akteur; without one
    the person is reached by e-mail (invitation, a round's personal link). Deactivating keeps
    the row and every Sachstand the person submitted, and ends what the membership allowed.
    """

    akteur = models.ForeignKey(
        Akteur, on_delete=models.CASCADE, related_name="ansprechpersonen", verbose_name=_("Akteur")
    )
    # Deleting an account (Art. 17 DSGVO) deletes its contact rows: they are its personal data.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ansprechpersonen",
        verbose_name=_("Benutzerkonto"),
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), max_length=254, blank=True)
    funktion = models.CharField(_("Funktion"), max_length=200, blank=True)
    rolle = models.CharField(
        _("Rolle"),
        max_length=20,
        choices=AnsprechpersonRolle.choices,
        default=AnsprechpersonRolle.MELDET,
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    angelegt_am = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AnsprechpersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["akteur__name", "-rolle", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["akteur", "user"],
                condition=models.Q(user__isnull=False),
                name="ansprechperson_konto_einmal_je_akteur",
            ),
            models.UniqueConstraint(
                models.functions.Lower("email"),
                "akteur",
                condition=~models.Q(email=""),
                name="ansprechperson_adresse_einmal_je_akteur",
            ),
        ]

    def __str__(self):
        return f"{self.anzeigename} ({self.akteur})"

    @property
    def anzeigename(self):
        if self.name:
            return self.name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.email

    @property
    def adresse(self):
        """Where mail for this person goes: the contact's own address, else the account's."""
        if self.email:
            return self.email
        return self.user.email if self.user_id else ""


KENNUNG_RE = re.compile(
    r"^(?P<handlungsfeld>\d+(?:\.\d+)*)-(?P<teilziel>\d+)(?P<buchstabe>[a-z]+)$"
)


# A measure nobody has touched for this long needs a look (admin filter, start page, reports).
UNVERAENDERT_MONATE = 6


def vor_monaten(monate, jetzt=None):
    """The moment ``monate`` calendar months before ``jetzt`` (day clipped to the month's end)."""
    jetzt = jetzt or timezone.now()
    monat_index = jetzt.year * 12 + jetzt.month - 1 - monate
    jahr, monat = divmod(monat_index, 12)
    monat += 1
    tage_im_monat = calendar.monthrange(jahr, monat)[1]
    return jetzt.replace(year=jahr, month=monat, day=min(jetzt.day, tage_im_monat))


class MassnahmeQuerySet(ImAktuellenKonzept, models.QuerySet):
    konzept_pfad = "teilziel__handlungsfeld__konzept"

    def nach_kennung(self, kennung):
        """Filter by the public identifier (``5.2-1a``); a malformed one matches nothing."""
        teile = KENNUNG_RE.match(kennung or "")
        if not teile:
            return self.none()
        return self.filter(
            teilziel__handlungsfeld__nummer=teile["handlungsfeld"],
            teilziel__nummer=int(teile["teilziel"]),
            kennung=teile["buchstabe"],
        )

    def gezaehlt(self):
        """Measures that count for progress: all but those marked entfallen."""
        return self.exclude(status=Status.ENTFALLEN)

    def in_konzeptreihenfolge(self):
        return self.order_by(
            "teilziel__handlungsfeld__sortierung", "teilziel__nummer", "kennung", "pk"
        )

    def mit_verzug(self, stichtag=None):
        """Annotate ``ist_ueberfaellig`` (bool): the one rule of ``ueberfaellig``, per row.

        Overdue: the target date or a milestone has passed and the measure is not done. A
        dropped measure can no longer be late, so entfallen counts as done here. Pages show it
        beside the status word; measures/verzug.py holds the same rule for rows in memory.
        """
        stichtag = stichtag or timezone.localdate()
        meilenstein_offen = Meilenstein.objects.filter(massnahme=OuterRef("pk")).offen_faellig(
            stichtag
        )
        return self.annotate(
            ist_ueberfaellig=models.Case(
                models.When(
                    (models.Q(zieldatum__lt=stichtag) | models.Q(Exists(meilenstein_offen)))
                    & ~models.Q(status__in=Status.abgeschlossen()),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def fuer_karten(self, verweise=False):
        """What a Maßnahme card of the lists shows (portal/templatetags/karten.py), in a fixed
        number of queries: ``ist_ueberfaellig``, the Zuständigkeiten with their Akteur as the list
        ``zustaendigkeiten_liste`` and, with ``verweise``, the Handlungsfelder referred to as
        ``verweise_liste``. Lists, not prefetched managers: a manager per measure costs Django a
        ``filter()`` each, a third of a Handlungsfeld page's render at 10× data (issue 16)."""
        vorab = [
            models.Prefetch(
                "zustaendigkeiten",
                queryset=Zustaendigkeit.objects.select_related("akteur"),
                to_attr="zustaendigkeiten_liste",
            )
        ]
        if verweise:
            vorab.append(models.Prefetch("verweise", to_attr="verweise_liste"))
        return self.mit_verzug().prefetch_related(*vorab)

    def ueberfaellig(self, stichtag=None):
        """Overdue measures (the rule: ``mit_verzug``)."""
        return self.mit_verzug(stichtag).filter(ist_ueberfaellig=True)

    def unveraendert_seit(self, zeitpunkt=None):
        """Stale: not changed since ``zeitpunkt`` (default: ``UNVERAENDERT_MONATE`` ago)."""
        zeitpunkt = zeitpunkt or vor_monaten(UNVERAENDERT_MONATE)
        return self.filter(geaendert_am__lt=zeitpunkt)

    def ohne_federfuehrung(self):
        """Measures no Akteur leads (no federführende Zuständigkeit)."""
        return self.exclude(
            Exists(Zustaendigkeit.objects.filter(massnahme=OuterRef("pk"), federfuehrend=True))
        )


class Massnahme(models.Model):
    teilziel = models.ForeignKey(Teilziel, on_delete=models.CASCADE, related_name="massnahmen")
    kennung = models.CharField(_("Buchstabe"), max_length=5, help_text=_("a, b, c …"))
    text = text_feld(_("Text"), MASSNAHME)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.NICHT_BEGONNEN
    )
    ampel = models.CharField(
        _("Ampel"), max_length=20, choices=Ampel.choices, default=Ampel.UNBEWERTET
    )
    fortschritt = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=FORTSCHRITT_VALIDATORS
    )
    beginn = models.DateField(_("Beginn"), null=True, blank=True)
    zieldatum = models.DateField(_("Zieldatum"), null=True, blank=True)
    interne_notiz = text_feld(
        _("interne Notiz"),
        NOTIZ,
        blank=True,
        help_text=_("Nur für das Büro für Integration und die zuständigen Akteure sichtbar."),
    )
    verweise = models.ManyToManyField(
        Handlungsfeld, blank=True, related_name="verweisende_massnahmen", verbose_name=_("Verweise")
    )
    geaendert_am = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    # Optimistic locking: each save raises the version; a save based on an older one is refused.
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = MassnahmeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["teilziel__handlungsfeld__sortierung", "teilziel__nummer", "kennung", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["teilziel", "kennung"], name="massnahme_kennung_unique"
            ),
            fortschritt_constraint("massnahme_fortschritt_0_100"),
        ]

    def __str__(self):
        return self.referenz

    def get_absolute_url(self):
        return reverse("measures:massnahme", kwargs={"kennung": self.oeffentliche_kennung})

    @property
    def referenz(self):
        """Reference as the concept writes it, e.g. ``5.2 / 1 a``."""
        return f"{self.teilziel.handlungsfeld.nummer} / {self.teilziel.nummer} {self.kennung}"

    @property
    def oeffentliche_kennung(self):
        """Stable public identifier for URLs and API, e.g. ``5.2-1a``."""
        return f"{self.teilziel.handlungsfeld.nummer}-{self.teilziel.nummer}{self.kennung}"


class ZustaendigkeitQuerySet(ImAktuellenKonzept, models.QuerySet):
    konzept_pfad = "massnahme__teilziel__handlungsfeld__konzept"


class Zustaendigkeit(models.Model):
    """One Akteur's responsibility for one Maßnahme (cf. NetBox's ContactAssignment)."""

    massnahme = models.ForeignKey(
        Massnahme, on_delete=models.CASCADE, related_name="zustaendigkeiten"
    )
    akteur = models.ForeignKey(Akteur, on_delete=models.PROTECT, related_name="zustaendigkeiten")
    seite = models.CharField(_("Seite"), max_length=10, choices=Seite.choices)
    federfuehrend = models.BooleanField(_("federführend"), default=False)
    hinweis = models.CharField(
        _("Hinweis"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „für die Zielgruppe der Jugendlichen in HzE“"),
    )
    history = HistoricalRecords()

    objects = ZustaendigkeitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["-federfuehrend", "seite", "akteur__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["massnahme", "akteur"], name="zustaendigkeit_unique"),
        ]

    def __str__(self):
        return f"{self.akteur} – {self.massnahme}"


class MeilensteinQuerySet(ImAktuellenKonzept, models.QuerySet):
    konzept_pfad = "massnahme__teilziel__handlungsfeld__konzept"

    def offen_faellig(self, stichtag=None):
        """Due before ``stichtag`` (default today) and not done by then."""
        stichtag = stichtag or timezone.localdate()
        return self.filter(faellig_am__lt=stichtag).exclude(erledigt_am__lte=stichtag)


class Meilenstein(models.Model):
    """A step of a Maßnahme with a due date (issue 15); a missed one makes the measure late."""

    massnahme = models.ForeignKey(
        Massnahme,
        on_delete=models.CASCADE,
        related_name="meilensteine",
        verbose_name=_("Maßnahme"),
    )
    titel = models.CharField(_("Titel"), max_length=200)
    faellig_am = models.DateField(_("fällig am"))
    erledigt_am = models.DateField(_("erledigt am"), null=True, blank=True)
    notiz = text_feld(_("Notiz"), KOMMENTAR, blank=True)
    angelegt_am = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MeilensteinQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["massnahme", "faellig_am", "pk"]

    def __str__(self):
        return self.titel

    def clean(self):
        """A done date must be plausible, whoever enters it (admin, partner, import)."""
        super().clean()
        if self.erledigt_am:
            from measures.meilenstein_meldungen import erledigt_datum_fehler

            fehler = erledigt_datum_fehler(self.titel, self.erledigt_am)
            if fehler:
                raise ValidationError({"erledigt_am": fehler})

    def ist_offen_faellig(self, stichtag=None):
        stichtag = stichtag or timezone.localdate()
        return self.faellig_am < stichtag and (
            self.erledigt_am is None or self.erledigt_am > stichtag
        )


class Berichtsrunde(models.Model):
    """A reporting period: the Büro asks every responsible Akteur for a Sachstand."""

    titel = models.CharField(_("Titel"), max_length=200)
    stichtag = models.DateField(_("Stichtag"))
    faellig_am = models.DateField(_("fällig am"))
    status = models.CharField(
        _("Status"), max_length=20, choices=RundenStatus.choices, default=RundenStatus.GEPLANT
    )
    geoeffnet_am = models.DateTimeField(_("geöffnet am"), null=True, blank=True)
    geschlossen_am = models.DateTimeField(_("geschlossen am"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Berichtsrunde")
        verbose_name_plural = _("Berichtsrunden")
        ordering = ["-stichtag", "-pk"]

    def __str__(self):
        return self.titel


class Berichtsanfrage(models.Model):
    """What a Berichtsrunde asks of one Akteur for one Maßnahme (made when the round opens)."""

    berichtsrunde = models.ForeignKey(
        Berichtsrunde, on_delete=models.CASCADE, related_name="anfragen"
    )
    massnahme = models.ForeignKey(Massnahme, on_delete=models.CASCADE, related_name="anfragen")
    akteur = models.ForeignKey(Akteur, on_delete=models.CASCADE, related_name="anfragen")
    erinnert_am = models.DateTimeField(_("zuletzt erinnert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Berichtsanfrage")
        verbose_name_plural = _("Berichtsanfragen")
        constraints = [
            models.UniqueConstraint(
                fields=["berichtsrunde", "massnahme", "akteur"], name="berichtsanfrage_unique"
            ),
        ]

    def __str__(self):
        return f"{self.berichtsrunde}: {self.massnahme} ({self.akteur})"


class Berichtsstand(models.Model):
    """A Maßnahme's state as a Berichtsrunde knew it when it closed (for comparing rounds)."""

    berichtsrunde = models.ForeignKey(
        Berichtsrunde, on_delete=models.CASCADE, related_name="staende"
    )
    massnahme = models.ForeignKey(
        Massnahme, on_delete=models.CASCADE, related_name="berichtsstaende"
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    ampel = models.CharField(_("Ampel"), max_length=20, choices=Ampel.choices)
    fortschritt = models.PositiveSmallIntegerField(_("Fortschritt (%)"))
    # The full state of the measure when the round closed (issue 15): its report shows exactly
    # this forever, whatever is changed later. Empty for snapshots made before these fields
    # existed (the report then reconstructs the rest from history, measures/zeitreise.py).
    text = text_feld(_("Wortlaut"), MASSNAHME, blank=True)
    zieldatum = models.DateField(_("Zieldatum"), null=True, blank=True)
    ueberfaellig = models.BooleanField(_("überfällig"), default=False)
    # [{"akteur": pk, "name": …, "kurzname": …, "slug": …, "seite": …, "federfuehrend": bool,
    #   "hinweis": …}, …] in the report's order (federführend first, then by name).
    zustaendigkeiten = models.JSONField(_("Zuständigkeiten"), default=list, blank=True)
    # [{"titel": …, "faellig_am": "JJJJ-MM-TT", "erledigt_am": … or None, "notiz": …}, …]
    meilensteine = models.JSONField(_("Meilensteine"), default=list, blank=True)
    # The approved Sachstand the report showed (text copied: an Art. 17 erasure or a later
    # correction must not change what the council was given).
    sachstand = models.ForeignKey(
        "Sachstand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Sachstand"),
    )
    sachstand_text = text_feld(_("Text des Sachstands"), SACHSTAND, blank=True)
    sachstand_datum = models.DateField(_("Sachstand vom"), null=True, blank=True)
    sachstand_akteur = models.CharField(_("Sachstand von"), max_length=300, blank=True)
    vollstaendig = models.BooleanField(
        _("vollständig festgehalten"),
        default=False,
        help_text=_("Wortlaut, Zuständigkeiten und Sachstand wurden beim Schließen festgehalten."),
    )

    class Meta:
        verbose_name = _("Berichtsstand")
        verbose_name_plural = _("Berichtsstände")
        constraints = [
            models.UniqueConstraint(
                fields=["berichtsrunde", "massnahme"], name="berichtsstand_unique"
            ),
            fortschritt_constraint("berichtsstand_fortschritt_0_100"),
        ]

    def __str__(self):
        return f"{self.berichtsrunde}: {self.massnahme}"


class SachstandQuerySet(models.QuerySet):
    def sichtbar_fuer(self, user):
        """Who sees a Sachstand (DESIGN.md, roles) — the one rule for API, pages and admin.

        Approved ones everybody; the others the Büro and the members of the reporting Akteur.
        A subquery, not a join over the members: no row appears twice, no DISTINCT needed.
        """
        from measures.permissions import akteure_von, ist_buero  # permissions imports models

        if ist_buero(user):
            return self.all()
        return self.filter(
            models.Q(pruefstatus=Pruefstatus.FREIGEGEBEN) | models.Q(akteur__in=akteure_von(user))
        )


class Sachstand(models.Model):
    """A dated progress statement on a Maßnahme: partners submit, staff approve.

    Never overwritten: an approved Sachstand is fixed, and a new statement is a new row.
    Its rules (date, range, length) are checked by ``full_clean``, which the service
    (measures/sachstaende.py) runs for the partner form, the API and the admin's approval.
    """

    # Room for a page of text; a longer one is a pasted document (concept/textlaengen.py).
    TEXT_HOECHSTLAENGE = SACHSTAND

    massnahme = models.ForeignKey(Massnahme, on_delete=models.CASCADE, related_name="sachstaende")
    akteur = models.ForeignKey(
        Akteur, on_delete=models.PROTECT, related_name="sachstaende", verbose_name=_("Akteur")
    )
    berichtsrunde = models.ForeignKey(
        Berichtsrunde,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sachstaende",
        verbose_name=_("Berichtsrunde"),
    )
    datum = models.DateField(_("Stand vom"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    ampel = models.CharField(_("Ampel"), max_length=20, choices=Ampel.choices)
    fortschritt = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), validators=FORTSCHRITT_VALIDATORS
    )
    text = text_feld(_("Sachstand"), SACHSTAND)
    # Empty once the person was deleted (Art. 17 DSGVO, datenschutz/loeschen.py): the Sachstand
    # stays in the public record under its Akteur. PROTECT keeps a plain user deletion from
    # taking Sachstände along unseen; only that service clears the author first.
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eingereichte_sachstaende",
        verbose_name=_("eingereicht von"),
    )
    eingereicht_am = models.DateTimeField(_("eingereicht am"), auto_now_add=True)
    # Submitted through a round's personal link by a contact without an account.
    ansprechperson = models.ForeignKey(
        "Ansprechperson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sachstaende",
        verbose_name=_("Ansprechperson"),
    )
    # Recorded by the Büro on the Akteur's behalf (phone, e-mail, paper); reviewed like all.
    erfasst_durch_buero = models.BooleanField(_("erfasst durch das Büro"), default=False)
    # For the Büro only: never published, never in a report or the public API.
    notiz_an_buero = text_feld(_("Notiz an das Büro"), NOTIZ, blank=True)
    pruefstatus = models.CharField(
        _("Prüfstatus"), max_length=20, choices=Pruefstatus.choices, default=Pruefstatus.EINGEREICHT
    )
    pruefkommentar = text_feld(_("Kommentar der Prüfung"), KOMMENTAR, blank=True)
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gepruefte_sachstaende",
        verbose_name=_("geprüft von"),
    )
    geprueft_am = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    # What the partner reported on the measure's milestones (measures/meilenstein_meldungen.py):
    # [{"meilenstein": pk, "erledigt_am": "JJJJ-MM-TT"}] marks one done, [{"titel": …,
    # "faellig_am": "JJJJ-MM-TT"}] proposes a new one. Applied to the Meilensteine on approval.
    meilenstein_meldungen = models.JSONField(
        _("Meldungen zu Meilensteinen"), default=list, blank=True
    )
    history = HistoricalRecords()

    objects = SachstandQuerySet.as_manager()

    # What a fixed Sachstand keeps: the statement and its review. The Akteur may still be
    # re-pointed when two Akteure turn out to be one (measures.merging).
    FESTE_FELDER = (
        "massnahme_id",
        "berichtsrunde_id",
        "datum",
        "status",
        "ampel",
        "fortschritt",
        "text",
        "meilenstein_meldungen",
        "eingereicht_von_id",
        "erfasst_durch_buero",
        "notiz_an_buero",
        "pruefstatus",
        "pruefkommentar",
        "geprueft_von_id",
        "geprueft_am",
    )

    class Meta:
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        ordering = ["-datum", "-eingereicht_am", "-pk"]
        constraints = [fortschritt_constraint("sachstand_fortschritt_0_100")]
        indexes = [
            # The public lists (API /sachstaende/, feeds) show the newest approved Sachstände
            # first, a page at a time: in this order the database walks the index and stops
            # after one page instead of sorting every approved Sachstand (issue 16: SQL time at
            # 10× data 12 ms -> under 1 ms).
            models.Index(
                F("datum").desc(),
                F("eingereicht_am").desc(),
                F("id").desc(),
                condition=Q(pruefstatus=Pruefstatus.FREIGEGEBEN),
                name="sachstand_freigegeben_neu",
            ),
        ]

    def __str__(self):
        return _("Sachstand %(massnahme)s vom %(datum)s") % {
            "massnahme": self.massnahme,
            "datum": self.datum,
        }

    def save(self, *args, **kwargs):
        gespeichert = self._gespeichert() if self.pk else None
        if gespeichert is not None and gespeichert.ist_fixiert:
            geaendert = [
                feld
                for feld in self.FESTE_FELDER
                if getattr(self, feld) != getattr(gespeichert, feld)
            ]
            if geaendert:
                raise ValidationError(
                    _(
                        "Dieser Sachstand ist freigegeben oder seine Berichtsrunde geschlossen; "
                        "er kann nicht mehr geändert werden."
                    )
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        gespeichert = self._gespeichert()
        if gespeichert is not None and gespeichert.ist_fixiert:
            raise ValidationError(
                _(
                    "Dieser Sachstand ist freigegeben oder seine Berichtsrunde geschlossen; er "
                    "kann nicht gelöscht werden."
                )
            )
        return super().delete(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # The date rules sit with the field checks, not in clean(): a form without the date
        # (the admin's review form) must not be refused for it (Django docs, Model.clean()).
        fehler = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as e:
            fehler = e.update_error_dict(fehler)
        if "datum" not in (exclude or ()) and "datum" not in fehler:
            meldung = self._datum_fehler()
            if meldung:
                fehler["datum"] = [meldung]
        if fehler:
            raise ValidationError(fehler)

    @classmethod
    def beschlussdaten(cls, massnahme_ids):
        """``{massnahme_id: adoption date of its Konzept}`` in one query (for many Sachstände)."""
        return dict(
            Massnahme.objects.filter(pk__in=massnahme_ids).values_list(
                "pk", "teilziel__handlungsfeld__konzept__beschlossen_am"
            )
        )

    def beschlussdatum(self):
        # A caller checking many Sachstände at once sets ``_beschlussdatum`` from
        # ``beschlussdaten`` (the round form); otherwise one query for this one. Kept with the
        # measure it was asked for, so a changed ``massnahme`` asks again.
        gemerkt = getattr(self, "_beschlussdatum", None)
        if gemerkt is None or gemerkt[0] != self.massnahme_id:
            gemerkt = (
                self.massnahme_id,
                self.beschlussdaten([self.massnahme_id]).get(self.massnahme_id),
            )
            self._beschlussdatum = gemerkt
        return gemerkt[1]

    def _datum_fehler(self):
        """Not in the future, not before its Konzept was adopted; None if the date is fine."""
        if self.datum is None:
            return None
        if self.datum > timezone.localdate():
            return _("Ein Sachstand kann nicht in der Zukunft liegen.")
        beschluss = self.beschlussdatum()
        if beschluss and self.datum < beschluss:
            return _(
                "Ein Sachstand kann nicht vor dem Beschluss des Konzepts (%(datum)s) liegen."
            ) % {"datum": beschluss.strftime("%d.%m.%Y")}
        return None

    @property
    def ist_fixiert(self):
        """Approved, or part of a closed Berichtsrunde: nobody may change it any more."""
        if self.pruefstatus == Pruefstatus.FREIGEGEBEN:
            return True
        return bool(self.berichtsrunde_id) and self.berichtsrunde.status == RundenStatus.GESCHLOSSEN

    def _gespeichert(self):
        # Asks the database, not this instance: the rule is about what was stored, so a caller
        # cannot lift it by changing pruefstatus in memory before saving.
        return Sachstand.objects.filter(pk=self.pk).select_related("berichtsrunde").first()


def _anhang_speicher():
    return OrdnerAusEinstellung("ANHANG_ROOT")


def _anhang_pfad(anhang, dateiname):
    # The stored name says nothing of the uploaded one (which may be anything): a UUID per file.
    return f"{anhang.sachstand_id}/{uuid.uuid4().hex}"


class Anhang(models.Model):
    """A file attached to a Sachstand; kept with it, for the Büro and the reporting Akteur only
    (never published, also not once approved: ``permissions.kann_anhaenge_sehen``)."""

    sachstand = models.ForeignKey(
        Sachstand, on_delete=models.CASCADE, related_name="anhaenge", verbose_name=_("Sachstand")
    )
    datei = models.FileField(_("Datei"), upload_to=_anhang_pfad, storage=_anhang_speicher)
    dateiname = models.CharField(_("Dateiname"), max_length=200)
    # What the content is (checked from its bytes on upload), not what the name claims.
    inhaltstyp = models.CharField(_("Inhaltstyp"), max_length=100)
    groesse = models.PositiveIntegerField(_("Größe (Bytes)"))
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["sachstand", "pk"]

    def __str__(self):
        return self.dateiname


class ImportVorschauQuerySet(models.QuerySet):
    def abgelaufen(self):
        return self.filter(ablauf__lte=timezone.now())

    def gueltig_fuer(self, benutzer, art):
        """The previews ``benutzer`` uploaded for ``art`` that have not expired."""
        return self.filter(besitzer=benutzer, art=art, ablauf__gt=timezone.now())


class ImportVorschau(models.Model):
    """An uploaded file between its preview and the confirmation (measures/importvorschau.py).

    Kept in the database, not in a shared temporary folder: only its owner can open it, it is
    deleted on confirmation or cancellation, and an expired one is removed on the next upload
    and by ``manage.py importvorschauen_loeschen``.
    """

    class Art(models.TextChoices):
        MASSNAHMEN = "massnahmen", _("Maßnahmen")
        MESSWERTE = "messwerte", _("Messwerte")
        ANSPRECHPERSONEN = "ansprechpersonen", _("Ansprechpersonen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices)
    besitzer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    dateiname = models.CharField(_("Dateiname"), max_length=255)
    inhalt = models.BinaryField(_("Inhalt"))
    angelegt = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    ablauf = models.DateTimeField(_("gültig bis"))

    objects = ImportVorschauQuerySet.as_manager()

    class Meta:
        verbose_name = _("Import-Vorschau")
        verbose_name_plural = _("Import-Vorschauen")
        indexes = [models.Index(fields=["ablauf"], name="importvorschau_ablauf")]

    def __str__(self):
        return f"{self.dateiname} ({self.get_art_display()})"


class RundenEntwurf(models.Model):
    """What an Akteur has typed into the round form so far (one per round and Akteur).

    Only the text fields are kept (``daten``: Anfrage pk → field → typed value); files are not,
    they are attached when the form is submitted. Submitting the form removes the draft.
    """

    berichtsrunde = models.ForeignKey(
        Berichtsrunde,
        on_delete=models.CASCADE,
        related_name="entwuerfe",
        verbose_name=_("Berichtsrunde"),
    )
    akteur = models.ForeignKey(
        Akteur, on_delete=models.CASCADE, related_name="rundenentwuerfe", verbose_name=_("Akteur")
    )
    daten = models.JSONField(_("Daten"), default=dict, blank=True)
    geaendert_am = models.DateTimeField(_("zuletzt gespeichert"), auto_now=True)
    # Who saved last: an account or a contact through the round's personal link.
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gespeichert von"),
    )
    ansprechperson = models.ForeignKey(
        Ansprechperson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gespeichert von (ohne Konto)"),
    )

    class Meta:
        verbose_name = _("Entwurf einer Rundenmeldung")
        verbose_name_plural = _("Entwürfe von Rundenmeldungen")
        constraints = [
            models.UniqueConstraint(
                fields=["berichtsrunde", "akteur"], name="rundenentwurf_einmal_je_akteur"
            ),
        ]

    def __str__(self):
        return f"{self.berichtsrunde}: {self.akteur}"


class RundenzugangQuerySet(models.QuerySet):
    def gueltig(self):
        """Links that still open the round form: not revoked, round open, contact still active
        and still with the Akteur the link was made for."""
        return self.filter(
            widerrufen_am__isnull=True,
            berichtsrunde__status=RundenStatus.OFFEN,
            ansprechperson__aktiv=True,
            ansprechperson__akteur=models.F("akteur"),
        )


class Rundenzugang(models.Model):
    """A contact's personal link into one round's form, for reporting without an account.

    The link carries a random token; only its SHA-256 is stored, so a copy of the database
    opens nothing. Valid for that contact, that Akteur and that round, while the round is open
    and until the Büro revokes it (measures/rundenzugaenge.py).
    """

    ansprechperson = models.ForeignKey(
        Ansprechperson,
        on_delete=models.CASCADE,
        related_name="rundenzugaenge",
        verbose_name=_("Ansprechperson"),
    )
    berichtsrunde = models.ForeignKey(
        Berichtsrunde,
        on_delete=models.CASCADE,
        related_name="zugaenge",
        verbose_name=_("Berichtsrunde"),
    )
    # The contact's Akteur when the link was made: a contact moved to another Akteur does not
    # take the link along (``gueltig``).
    akteur = models.ForeignKey(
        Akteur, on_delete=models.CASCADE, related_name="rundenzugaenge", verbose_name=_("Akteur")
    )
    token_hash = models.CharField(_("Prüfsumme des Links"), max_length=64, unique=True)
    angelegt_am = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    zuletzt_benutzt_am = models.DateTimeField(_("zuletzt benutzt am"), null=True, blank=True)
    widerrufen_am = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = RundenzugangQuerySet.as_manager()

    class Meta:
        verbose_name = _("persönlicher Rundenlink")
        verbose_name_plural = _("persönliche Rundenlinks")
        ordering = ["-angelegt_am", "-pk"]

    def __str__(self):
        return f"{self.berichtsrunde}: {self.ansprechperson}"

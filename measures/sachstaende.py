"""Submitting and reviewing Sachstände: one place for the page form, the admin and the API.

Partners submit, staff approve or send back. An approved Sachstand is fixed; approval carries its
status, Ampel and progress over to the Maßnahme (recorded in the Maßnahme's history).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from measures import anhaenge, meilenstein_meldungen, rundenzugaenge, sachstand_zusaetze, signale
from measures.berichtsrunden import antwort_vorhanden
from measures.choices import Pruefstatus, RundenStatus
from measures.models import (
    Berichtsanfrage,
    Berichtsrunde,
    Massnahme,
    RundenEntwurf,
    Sachstand,
    Zustaendigkeit,
)
from measures.permissions import akteure_von, kann_sachstand_aendern


def meldende_akteure(user, massnahme):
    """The user's Akteure that are responsible for the Maßnahme (may report on it)."""
    return akteure_von(user).filter(
        pk__in=Zustaendigkeit.objects.filter(massnahme=massnahme).values("akteur_id")
    )


def offene_berichtsrunde(massnahme, akteur):
    """The open Berichtsrunde that asks this Akteur about this Maßnahme, if any."""
    return (
        Berichtsrunde.objects.filter(
            status=RundenStatus.OFFEN, anfragen__massnahme=massnahme, anfragen__akteur=akteur
        )
        .order_by("-stichtag")
        .first()
    )


# Read or checked by the services themselves before full_clean (the Maßnahme, the Akteur among
# the user's own, the round; in a round the Anfragen are the Akteur's own and the round is
# locked): full_clean would ask the database again whether each of them exists, one query per
# field and row.
_SCHON_GEPRUEFT = ["massnahme", "akteur", "berichtsrunde", "eingereicht_von", "ansprechperson"]


@transaction.atomic
def einreichen(user, massnahme, *, akteur=None, berichtsrunde=None, **daten):
    """Create a Sachstand waiting for review.

    Raises PermissionDenied when none of the user's Akteure is responsible for the measure and
    ValidationError (German, by field) when the Akteur or Berichtsrunde does not fit.
    """
    erlaubte = list(meldende_akteure(user, massnahme))
    if not erlaubte:
        raise PermissionDenied(_("Sie sind für diese Maßnahme nicht zuständig."))
    if akteur is None:
        if len(erlaubte) > 1:
            raise ValidationError({"akteur": _("Bitte wählen Sie, für welchen Akteur Sie melden.")})
        akteur = erlaubte[0]
    elif akteur not in erlaubte:
        raise ValidationError(
            {"akteur": _("Für diesen Akteur können Sie zu dieser Maßnahme nicht melden.")}
        )
    if berichtsrunde is None:
        berichtsrunde = offene_berichtsrunde(massnahme, akteur)
    elif berichtsrunde.status != RundenStatus.OFFEN:
        raise ValidationError(
            {"berichtsrunde": _("Diese Berichtsrunde ist nicht offen; sie nimmt nichts mehr an.")}
        )
    _meldungen_pruefen(massnahme.pk, daten)
    zusaetze = sachstand_zusaetze.pruefen(massnahme.pk, daten)
    sachstand = Sachstand(
        massnahme=massnahme,
        akteur=akteur,
        berichtsrunde=berichtsrunde,
        eingereicht_von=user,
        pruefstatus=Pruefstatus.EINGEREICHT,
        **daten,
    )
    _beschlussdatum_merken(sachstand, massnahme)
    # The range constraint is the field validators' rule too (and the database's at the INSERT).
    sachstand.full_clean(exclude=_SCHON_GEPRUEFT, validate_constraints=False)
    sachstand.save()
    sachstand_zusaetze.speichern([(sachstand, zusaetze)])
    signale.sachstand_eingereicht.send(sender=Sachstand, sachstand=sachstand)
    return sachstand


def _beschlussdatum_merken(sachstand, massnahme):
    """Give the date check the Konzept's adoption date when the caller loaded the measure with
    its Konzept (the API does): ``Sachstand.beschlussdatum`` would ask the database again."""
    geladen = massnahme
    for feld in ("teilziel", "handlungsfeld", "konzept"):
        if not geladen._meta.get_field(feld).is_cached(geladen):
            return
        geladen = getattr(geladen, feld)
    sachstand._beschlussdatum = (massnahme.pk, geladen.beschlossen_am)


def _meldungen_pruefen(massnahme_id, daten):
    """Check and normalise ``daten["meilenstein_meldungen"]`` in place (if given)."""
    if meilenstein_meldungen.FELD in daten:
        daten[meilenstein_meldungen.FELD] = meilenstein_meldungen.pruefen(
            daten[meilenstein_meldungen.FELD],
            meilenstein_meldungen.meilensteine_von([massnahme_id])[massnahme_id],
        )


# What a partner may correct while a Sachstand waits for review (not whom it is for).
AENDERBARE_FELDER = (
    "datum",
    "status",
    "ampel",
    "fortschritt",
    "text",
    "notiz_an_buero",
    "meilenstein_meldungen",
)


@transaction.atomic
def aendern(user, sachstand, **daten):
    """Correct a Sachstand that still waits for review (members of its Akteur only).

    Raises PermissionDenied for anyone else and for approved, sent-back or closed-round ones.
    """
    sachstand = (
        Sachstand.objects.select_for_update(of=("self",))
        .select_related("berichtsrunde")
        .get(pk=sachstand.pk)
    )
    if not kann_sachstand_aendern(user, sachstand):
        raise PermissionDenied(_("Dieser Sachstand kann nicht mehr geändert werden."))
    unbekannt = set(daten) - set(AENDERBARE_FELDER) - set(sachstand_zusaetze.felder())
    if unbekannt:
        raise ValueError(f"Nicht änderbar: {sorted(unbekannt)}")
    _meldungen_pruefen(sachstand.massnahme_id, daten)
    zusaetze = sachstand_zusaetze.pruefen(sachstand.massnahme_id, daten)
    for feld, wert in daten.items():
        setattr(sachstand, feld, wert)
    sachstand.full_clean()
    sachstand._change_reason = _("vor der Prüfung korrigiert")
    sachstand.save()
    sachstand_zusaetze.speichern([(sachstand, zusaetze)])
    return sachstand


def _pruefbar(sachstand):
    if sachstand.pruefstatus != Pruefstatus.EINGEREICHT:
        # Also what the second of two reviewers at the same moment reads (the row is locked).
        raise ValidationError(
            _(
                "Dieser Sachstand ist bereits geprüft (%(status)s); Ihre Prüfung wurde nicht "
                "gespeichert."
            )
            % {"status": sachstand.get_pruefstatus_display()}
        )
    if sachstand.ist_fixiert:
        raise ValidationError(
            _("Die Berichtsrunde dieses Sachstands ist geschlossen; er bleibt, wie er ist.")
        )


def _pruefung_abschliessen(sachstand, pruefer, pruefstatus, kommentar, grund):
    """Lock the Sachstand, check it may be reviewed, record the outcome; returns the fresh row."""
    sachstand = (
        Sachstand.objects.select_for_update(of=("self",))
        .select_related("berichtsrunde")
        .get(pk=sachstand.pk)
    )
    _pruefbar(sachstand)
    sachstand.pruefstatus = pruefstatus
    sachstand.pruefkommentar = kommentar
    sachstand.geprueft_von = pruefer
    sachstand.geprueft_am = timezone.now()
    sachstand._change_reason = grund
    sachstand.save()
    return sachstand


@transaction.atomic
def freigeben(sachstand, pruefer, kommentar=""):
    """Approve: the Sachstand becomes public and fixed; the Maßnahme takes over its state.

    Raises ValidationError for one that breaks the model's rules (stored before they existed or
    by a bulk import): what is published must be what a partner could have submitted.
    """
    sachstand.full_clean(validate_unique=False, validate_constraints=False)
    sachstand = _pruefung_abschliessen(
        sachstand, pruefer, Pruefstatus.FREIGEGEBEN, kommentar, _("freigegeben")
    )
    massnahme = Massnahme.objects.select_for_update().get(pk=sachstand.massnahme_id)
    massnahme.status = sachstand.status
    massnahme.ampel = sachstand.ampel
    massnahme.fortschritt = sachstand.fortschritt
    massnahme.version += 1
    massnahme._change_reason = _("Sachstand vom %(datum)s freigegeben") % {
        "datum": sachstand.datum.strftime("%d.%m.%Y")
    }
    massnahme._history_user = pruefer
    massnahme.save()
    # What the partner reported on the milestones takes effect now, like status and progress.
    meilenstein_meldungen.anwenden(sachstand, pruefer)
    signale.sachstand_geprueft.send(sender=Sachstand, sachstand=sachstand)
    return sachstand


@transaction.atomic
def zurueckgeben(sachstand, pruefer, kommentar):
    """Send back with a comment; the partner may submit a corrected Sachstand."""
    if not kommentar.strip():
        raise ValidationError(
            {"pruefkommentar": _("Bitte begründen Sie, warum der Sachstand zurückgeht.")}
        )
    sachstand = _pruefung_abschliessen(
        sachstand, pruefer, Pruefstatus.ZURUECKGEGEBEN, kommentar, _("zurückgegeben")
    )
    signale.sachstand_geprueft.send(sender=Sachstand, sachstand=sachstand)
    return sachstand


# --- recorded by the Büro on a partner's behalf (issue 14) -----------------------------------


@transaction.atomic
def erfassen_fuer(buero_user, massnahme, akteur, **daten):
    """Record a Sachstand an Akteur gave by phone, e-mail or on paper (the Büro only).

    The same model rules and the same review as a partner's submission: it waits as
    *eingereicht*, counts for the open Berichtsrunde that asked the Akteur, and is marked
    ``erfasst_durch_buero`` ("erfasst durch das Büro für <Akteur>") with the staff member as
    ``eingereicht_von``. Raises PermissionDenied for anyone but the Büro and ValidationError
    (German, by field) when the Akteur is not responsible for the measure.
    """
    # Imported here so that this block stays self-contained at the end of the module.
    from measures.permissions import ist_buero

    if not ist_buero(buero_user):
        raise PermissionDenied(_("Nur das Büro für Integration erfasst Sachstände für Akteure."))
    if not massnahme.zustaendigkeiten.filter(akteur=akteur).exists():
        raise ValidationError({"akteur": _("Dieser Akteur ist für die Maßnahme nicht zuständig.")})
    unbekannt = set(daten) - set(AENDERBARE_FELDER) - set(sachstand_zusaetze.felder())
    if unbekannt:
        raise ValueError(f"Nicht erfassbar: {sorted(unbekannt)}")
    _meldungen_pruefen(massnahme.pk, daten)
    zusaetze = sachstand_zusaetze.pruefen(massnahme.pk, daten)
    sachstand = Sachstand(
        massnahme=massnahme,
        akteur=akteur,
        berichtsrunde=offene_berichtsrunde(massnahme, akteur),
        eingereicht_von=buero_user,
        erfasst_durch_buero=True,
        pruefstatus=Pruefstatus.EINGEREICHT,
        **daten,
    )
    sachstand.full_clean()
    sachstand._change_reason = _("erfasst durch das Büro für %(akteur)s") % {"akteur": akteur}
    sachstand.save()
    sachstand_zusaetze.speichern([(sachstand, zusaetze)])
    signale.sachstand_eingereicht.send(sender=Sachstand, sachstand=sachstand)
    return sachstand


# --- the round form: all of an Akteur's Anfragen in one go (measures/rundenformular.py) ----


@dataclass
class RundenEintrag:
    """One filled row of the round form: the Sachstand for one Berichtsanfrage."""

    anfrage_id: int
    status: str
    ampel: str
    fortschritt: int | None
    text: str
    notiz_an_buero: str = ""
    anhaenge: list = field(default_factory=list)
    meilenstein_meldungen: list = field(default_factory=list)
    # Figures for the apps above (measures/sachstand_zusaetze.py): {feld: {schluessel: Wert}}.
    zusaetze: dict = field(default_factory=dict)


class RundenFehler(Exception):
    """Rows of the round form that break a rule: nothing was saved.

    ``je_zeile``: Anfrage pk → ValidationError (by field); ``allgemein``: messages for the page.
    """

    def __init__(self, je_zeile=None, allgemein=()):
        super().__init__(je_zeile, allgemein)
        self.je_zeile = je_zeile or {}
        self.allgemein = list(allgemein)


def _runde_melder(runde, akteur, user, zugang):
    """``(user, ansprechperson)`` for the Sachstände, or PermissionDenied."""
    if zugang is not None:
        if (
            zugang.berichtsrunde_id != runde.pk
            or zugang.akteur_id != akteur.pk
            or not rundenzugaenge.ist_gueltig(zugang)
        ):
            raise PermissionDenied(_("Dieser Link gilt nicht (mehr) für diese Berichtsrunde."))
        return None, zugang.ansprechperson
    if not akteure_von(user).filter(pk=akteur.pk).exists():
        raise PermissionDenied(_("Sie können für diesen Akteur nicht melden."))
    return user, None


def _runden_sachstaende(runde, akteur, eintraege, user, ansprechperson):
    """Build and check every row's Sachstand; ``(sachstände, RundenFehler or None)``."""
    anfragen = {
        a.pk: a
        for a in Berichtsanfrage.objects.filter(
            berichtsrunde=runde, akteur=akteur, pk__in=[e.anfrage_id for e in eintraege]
        ).annotate(beantwortet=antwort_vorhanden())
    }
    heute = timezone.localdate()
    beschluesse = Sachstand.beschlussdaten([a.massnahme_id for a in anfragen.values()])
    # One query for all rows' milestones, only when a row reports on them.
    meilensteine = (
        meilenstein_meldungen.meilensteine_von([a.massnahme_id for a in anfragen.values()])
        if any(e.meilenstein_meldungen for e in eintraege)
        else {}
    )
    # One query for all rows' figures (Leistung indicators), only when a row reports some.
    zahlfelder = (
        sachstand_zusaetze.zahlfelder([a.massnahme_id for a in anfragen.values()])
        if any(e.zusaetze for e in eintraege)
        else {}
    )
    gebaut, fehler, allgemein = [], {}, []
    for eintrag in eintraege:
        anfrage = anfragen.get(eintrag.anfrage_id)
        if anfrage is None:  # another Akteur's or round's Anfrage: never from our own form
            allgemein.append(_("Eine der Zeilen gehört nicht zu dieser Meldung."))
            continue
        if anfrage.beantwortet:
            fehler[anfrage.pk] = ValidationError(
                _("Zu dieser Maßnahme ist inzwischen ein Sachstand eingegangen.")
            )
            continue
        sachstand = Sachstand(
            massnahme_id=anfrage.massnahme_id,
            akteur=akteur,
            berichtsrunde=runde,
            eingereicht_von=user,
            ansprechperson=ansprechperson,
            pruefstatus=Pruefstatus.EINGEREICHT,
            datum=heute,
            status=eintrag.status,
            ampel=eintrag.ampel,
            fortschritt=eintrag.fortschritt,
            text=eintrag.text,
            notiz_an_buero=eintrag.notiz_an_buero,
        )
        sachstand._beschlussdatum = (anfrage.massnahme_id, beschluesse.get(anfrage.massnahme_id))
        zeilenfehler = {}
        if eintrag.meilenstein_meldungen:
            try:
                sachstand.meilenstein_meldungen = meilenstein_meldungen.pruefen(
                    eintrag.meilenstein_meldungen, meilensteine.get(anfrage.massnahme_id, {}), heute
                )
            except ValidationError as e:
                zeilenfehler.update(e.message_dict)
        zusaetze = {}
        if eintrag.zusaetze:
            try:
                zusaetze = sachstand_zusaetze.pruefen(
                    anfrage.massnahme_id,
                    dict(eintrag.zusaetze),
                    zahlfelder.get(anfrage.massnahme_id, []),
                )
            except ValidationError as e:
                zeilenfehler.update(e.message_dict)
        try:
            # The range constraint is the field validators' rule too (and the database's at
            # the INSERT); checking it again would cost a query and a savepoint per row.
            sachstand.full_clean(
                exclude=_SCHON_GEPRUEFT, validate_unique=False, validate_constraints=False
            )
        except ValidationError as e:
            zeilenfehler.update(e.message_dict)
        try:
            anhaenge.pruefen(eintrag.anhaenge)
        except ValidationError as e:
            zeilenfehler["anhaenge"] = e.messages
        if zeilenfehler:
            fehler[anfrage.pk] = ValidationError(zeilenfehler)
        gebaut.append((sachstand, eintrag.anhaenge, zusaetze))
    if fehler or allgemein:
        return gebaut, RundenFehler(fehler, dict.fromkeys(allgemein))
    return gebaut, None


def runde_einreichen(runde, akteur, eintraege, *, user=None, zugang=None):
    """Submit the round form: one Sachstand per filled row, all or none.

    By a member of ``akteur`` (``user``) or by a contact through its personal link (``zugang``:
    the Sachstände name the contact, ``eingereicht_von`` stays empty). Every row is checked with
    the model's rules first; one bad row raises RundenFehler and nothing is saved. Removes the
    Akteur's draft of the round. Raises PermissionDenied for anyone else, ValidationError when
    the round is no longer open.
    """
    with transaction.atomic():
        # Locked: two colleagues submitting at once cannot both answer the same Anfrage.
        runde = Berichtsrunde.objects.select_for_update().get(pk=runde.pk)
        if runde.status != RundenStatus.OFFEN:
            raise ValidationError(
                _("Diese Berichtsrunde ist nicht offen; sie nimmt nichts mehr an.")
            )
        user, ansprechperson = _runde_melder(runde, akteur, user, zugang)
        if not eintraege:
            raise RundenFehler(allgemein=[_("Bitte füllen Sie mindestens eine Zeile aus.")])
        gebaut, fehler = _runden_sachstaende(runde, akteur, eintraege, user, ansprechperson)
        if fehler:
            raise fehler
        # One INSERT for the rows and one for their history, however many measures.
        sachstaende = bulk_create_with_history(
            [s for s, _dateien, _z in gebaut],
            Sachstand,
            default_user=user,
            default_change_reason=_("in der Rundenmeldung eingereicht"),
        )
        sachstand_zusaetze.speichern(
            [(s, zusaetze) for s, (_s, _d, zusaetze) in zip(sachstaende, gebaut, strict=True)]
        )
        for sachstand, (_s, dateien, _z) in zip(sachstaende, gebaut, strict=True):
            if dateien:
                anhaenge.speichern(sachstand, dateien)
            signale.sachstand_eingereicht.send(sender=Sachstand, sachstand=sachstand)
        RundenEntwurf.objects.filter(berichtsrunde=runde, akteur=akteur).delete()
    return sachstaende

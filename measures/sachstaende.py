"""Submitting and reviewing Sachstände: one place for the page form, the admin and the API.

Partners submit, staff approve or send back. An approved Sachstand is fixed; approval carries its
status, Ampel and progress over to the Maßnahme (recorded in the Maßnahme's history).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from measures import signale
from measures.choices import Pruefstatus, RundenStatus
from measures.models import Berichtsrunde, Massnahme, Sachstand, Zustaendigkeit
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
    sachstand = Sachstand(
        massnahme=massnahme,
        akteur=akteur,
        berichtsrunde=berichtsrunde,
        eingereicht_von=user,
        pruefstatus=Pruefstatus.EINGEREICHT,
        **daten,
    )
    sachstand.full_clean()
    sachstand.save()
    signale.sachstand_eingereicht.send(sender=Sachstand, sachstand=sachstand)
    return sachstand


# What a partner may correct while a Sachstand waits for review (not whom it is for).
AENDERBARE_FELDER = ("datum", "status", "ampel", "fortschritt", "text", "notiz_an_buero")


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
    unbekannt = set(daten) - set(AENDERBARE_FELDER)
    if unbekannt:
        raise ValueError(f"Nicht änderbar: {sorted(unbekannt)}")
    for feld, wert in daten.items():
        setattr(sachstand, feld, wert)
    sachstand.full_clean()
    sachstand._change_reason = _("vor der Prüfung korrigiert")
    sachstand.save()
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
    unbekannt = set(daten) - set(AENDERBARE_FELDER)
    if unbekannt:
        raise ValueError(f"Nicht erfassbar: {sorted(unbekannt)}")
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
    signale.sachstand_eingereicht.send(sender=Sachstand, sachstand=sachstand)
    return sachstand

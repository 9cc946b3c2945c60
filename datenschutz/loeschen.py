"""Deleting a person (Art. 17 DSGVO): the account goes, the public record stays.

- Approved Sachstände, and those of a closed Berichtsrunde, are part of the public record (the
  council's reports cite them). They stay, without the person: ``eingereicht_von`` and
  ``geprueft_von`` become empty, in the Sachstand and in its history, and every page, the API
  and the reports name the Akteur that reported.
- Sachstände still waiting for review or sent back are the person's unfinished drafts: they
  are deleted with their history. The Akteur's colleagues report anew if needed.
- The person's login records (django-axes), their rows in the membership history and the
  account itself (with its memberships, API key and admin log) are deleted. Changes they made
  elsewhere stay in the history without their name (simple-history sets the user to empty).

Who may: the Büro for accounts without admin access; only a superuser for staff and
superusers; nobody for their own account.
"""

import logging
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from measures.models import Sachstand
from measures.permissions import ist_buero

logger = logging.getLogger("integration_portal.security")


@dataclass
class Ergebnis:
    behalten: int
    geloescht: int


def loeschen_verweigert(durch, person):
    """Why ``durch`` may not delete ``person`` (a German sentence), or None if they may."""
    if not ist_buero(durch):
        return _("Nur das Büro für Integration kann Personen löschen.")
    if person.pk == durch.pk:
        return _("Ihr eigenes Konto können Sie hier nicht löschen.")
    if (person.is_staff or person.is_superuser) and not durch.is_superuser:
        return _(
            "%(name)s hat Zugang zur Verwaltung; dieses Konto kann nur eine Administratorin "
            "oder ein Administrator löschen."
        ) % {"name": person.get_username()}
    return None


def vorschau(person):
    """What deleting would do: how many Sachstände stay (without the name), how many go."""
    behalten = geloescht = 0
    for sachstand in Sachstand.objects.filter(eingereicht_von=person).select_related(
        "berichtsrunde"
    ):
        if sachstand.ist_fixiert:
            behalten += 1
        else:
            geloescht += 1
    behalten += (
        Sachstand.objects.filter(geprueft_von=person).exclude(eingereicht_von=person).count()
    )
    return Ergebnis(behalten, geloescht)


@transaction.atomic
def person_loeschen(person, *, durch):
    grund = loeschen_verweigert(durch, person)
    if grund:
        raise PermissionDenied(grund)
    ergebnis = vorschau(person)
    eigene = (
        Sachstand.objects.select_for_update(of=("self",))
        .filter(eingereicht_von=person)
        .select_related("berichtsrunde")
    )
    entwuerfe = [s for s in eigene if not s.ist_fixiert]
    for sachstand in entwuerfe:
        pk = sachstand.pk
        sachstand.delete()
        # After the deletion, which itself writes a history row with the text.
        Sachstand.history.filter(id=pk).delete()
    # update() on purpose: a fixed Sachstand refuses changes through save(), and losing the
    # author's name is the one change the law requires of it.
    Sachstand.objects.filter(eingereicht_von=person).update(eingereicht_von=None)
    Sachstand.objects.filter(geprueft_von=person).update(geprueft_von=None)
    Sachstand.history.filter(eingereicht_von_id=person.pk).update(eingereicht_von=None)
    Sachstand.history.filter(geprueft_von_id=person.pk).update(geprueft_von=None)
    # The contact rows go with the account (CASCADE); their history names the person too.
    apps.get_model("measures", "HistoricalAnsprechperson").objects.filter(
        user_id=person.pk
    ).delete()
    name = person.get_username()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=name).delete()
    konto_id = person.pk
    person.delete()
    # The security log keeps that it happened and by whom, not whom it was about.
    logger.info(
        "Person gelöscht (Art. 17 DSGVO)",
        extra={
            "ereignis": "person_geloescht",
            "benutzer": durch.get_username(),
            "konto_id": konto_id,
            "sachstaende_behalten": ergebnis.behalten,
            "sachstaende_geloescht": ergebnis.geloescht,
        },
    )
    return ergebnis

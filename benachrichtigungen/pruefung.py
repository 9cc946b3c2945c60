"""Telling the partner that a Sachstand was approved or sent back (with the Büro's comment)."""

from django.urls import reverse

from benachrichtigungen import abbestellen, mails
from benachrichtigungen.choices import ANLASS_FREIGEGEBEN, ANLASS_ZURUECKGEGEBEN, Art
from benachrichtigungen.empfaenger import meldende
from benachrichtigungen.links import link_fuer
from benachrichtigungen.models import Abbestellung
from integration_portal.links import absolute_url
from measures.choices import Pruefstatus


def empfaenger(sachstand):
    """``[(adresse, name, link)]`` of who hears of the review of ``sachstand``.

    The submitter: the account, or the contact who used a personal link; for one the Büro
    recorded on the Akteur's behalf, the Akteur's reporting contacts (nobody there submitted it).
    """
    runde = sachstand.berichtsrunde
    if sachstand.erfasst_durch_buero:
        personen = meldende([sachstand.akteur_id]).get(sachstand.akteur_id, [])
        return [(p.adresse, p.anzeigename, link_fuer(p, runde)) for p in personen]
    if sachstand.eingereicht_von_id:
        user = sachstand.eingereicht_von
        if not (user.is_active and user.email):
            return []
        link = absolute_url(reverse("measures:meine-sachstaende"))
        return [(user.email, user.get_full_name() or user.get_username(), link)]
    person = sachstand.ansprechperson
    if person is not None and person.aktiv and person.adresse:
        return [(person.adresse, person.anzeigename, link_fuer(person, runde))]
    return []


def benachrichtigen(sachstand):
    """Queue the review mail to each recipient who has not switched these off."""
    if sachstand.pruefstatus == Pruefstatus.FREIGEGEBEN:
        anlass, vorlage = ANLASS_FREIGEGEBEN, "freigegeben"
    elif sachstand.pruefstatus == Pruefstatus.ZURUECKGEGEBEN:
        anlass, vorlage = ANLASS_ZURUECKGEGEBEN, "zurueckgegeben"
    else:
        return []
    ziele = empfaenger(sachstand)
    aus = Abbestellung.objects.fuer(a for a, _, _ in ziele)
    gesendet = []
    for adresse, name, link in ziele:
        if (abbestellen.schluessel(adresse), Art.PRUEFUNG) in aus:
            continue
        kontext = {"name": name, "sachstand": sachstand, "link": link}
        gesendet += mails.schreiben(
            adresse,
            [Art.PRUEFUNG],
            vorlage,
            kontext,
            anlass=anlass,
            bezug=f"sachstand:{sachstand.pk}",
        )
    return gesendet

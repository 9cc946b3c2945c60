"""Merge two Akteure that are one organisation (a duplicate from typing or renaming).

Everything that pointed to the duplicate moves to the Akteur that stays: Zuständigkeiten,
Berichtsanfragen, member accounts and every other relation (Sachstände, Indikatoren …). When
both were responsible for the same Maßnahme, the remaining Zuständigkeit keeps the stronger role
(federführend wins) and both notes.
Every moved row is saved through the model so history records the merge with a reason; the
duplicate's own history ends with a deletion record that names where it went.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from measures.choices import AnsprechpersonRolle
from measures.models import Akteur, Berichtsanfrage

# Relations with a uniqueness rule that a plain move could break; moved by hand below. Every
# other relation to Akteur (Sachstände, Indikatoren …) is moved generically.
_MIT_EINDEUTIGKEIT = {"zustaendigkeiten", "anfragen", "ansprechpersonen"}


def _weitere_relationen():
    return [
        rel
        for rel in Akteur._meta.related_objects
        if rel.get_accessor_name() not in _MIT_EINDEUTIGKEIT
    ]


def _hinweise_vereinen(*hinweise):
    teile = []
    for hinweis in hinweise:
        if hinweis and hinweis not in teile:
            teile.append(hinweis)
    return "; ".join(teile)[:300]


@transaction.atomic
def zusammenfuehren(ziel, dublette):
    """Move everything of ``dublette`` to ``ziel`` and delete ``dublette``.

    Returns counts of what moved, for the confirmation message.
    """
    if ziel.pk == dublette.pk:
        raise ValidationError(_("Ein Akteur kann nicht mit sich selbst zusammengeführt werden."))
    # Lock both rows so that no one adds a Zuständigkeit to the duplicate meanwhile.
    ziel, dublette = (
        Akteur.objects.select_for_update().get(pk=ziel.pk),
        Akteur.objects.select_for_update().get(pk=dublette.pk),
    )
    grund = _("Zusammenführung: „%(dublette)s“ → „%(ziel)s“") % {
        "dublette": dublette.name,
        "ziel": ziel.name,
    }
    zaehler = {"zustaendigkeiten": 0, "zusammengelegt": 0, "weitere": 0, "mitglieder": 0}

    vorhandene = {z.massnahme_id: z for z in ziel.zustaendigkeiten.all()}
    for z in list(dublette.zustaendigkeiten.all()):
        bleibende = vorhandene.get(z.massnahme_id)
        if bleibende is None:
            z.akteur = ziel
            z._change_reason = grund
            z.save()
            zaehler["zustaendigkeiten"] += 1
            continue
        bleibende.federfuehrend = bleibende.federfuehrend or z.federfuehrend
        bleibende.hinweis = _hinweise_vereinen(bleibende.hinweis, z.hinweis)
        bleibende._change_reason = grund
        bleibende.save()
        z._change_reason = grund
        z.delete()
        zaehler["zusammengelegt"] += 1

    for rel in _weitere_relationen():
        if rel.many_to_many:
            # Someone's many-to-many to Akteur: the rows now name the Akteur that stays.
            for obj in rel.related_model.objects.filter(**{rel.field.name: dublette}):
                getattr(obj, rel.field.name).remove(dublette)
                getattr(obj, rel.field.name).add(ziel)
                zaehler["weitere"] += 1
            continue
        # Saved one by one (not a bulk update) so that history keeps the move and its reason.
        for obj in rel.related_model.objects.filter(**{rel.field.name: dublette}):
            setattr(obj, rel.field.name, ziel)
            obj._change_reason = grund
            obj.save()
            zaehler["weitere"] += 1

    # A Berichtsrunde asks each Akteur once per Maßnahme: the duplicate's question is redundant
    # where the Akteur that stays was asked the same.
    gefragt = set(
        Berichtsanfrage.objects.filter(akteur=ziel).values_list("berichtsrunde", "massnahme")
    )
    for anfrage in Berichtsanfrage.objects.filter(akteur=dublette):
        if (anfrage.berichtsrunde_id, anfrage.massnahme_id) in gefragt:
            anfrage.delete()
        else:
            anfrage.akteur = ziel
            anfrage.save(update_fields=["akteur"])

    # Ansprechpersonen move over; one already known to the Akteur that stays (same account or
    # same address) keeps that row, with the stronger role.
    bleibende = list(ziel.ansprechpersonen.all())
    for person in list(dublette.ansprechpersonen.all()):
        gleiche = next(
            (
                p
                for p in bleibende
                if (person.user_id and p.user_id == person.user_id)
                or (person.email and p.email.lower() == person.email.lower())
            ),
            None,
        )
        zaehler["mitglieder"] += 1
        if gleiche is None:
            person.akteur = ziel
            person._change_reason = grund
            person.save()
            continue
        if person.rolle == AnsprechpersonRolle.KOORDINIERT:
            gleiche.rolle = AnsprechpersonRolle.KOORDINIERT
        gleiche.aktiv = gleiche.aktiv or person.aktiv
        gleiche._change_reason = grund
        gleiche.save()
        person.delete()
    if not ziel.beschreibung and dublette.beschreibung:
        ziel.beschreibung = dublette.beschreibung
    if not ziel.kurzname and dublette.kurzname:
        ziel.kurzname = dublette.kurzname
    ziel._change_reason = grund
    ziel.save()

    dublette._change_reason = grund
    dublette.delete()
    return zaehler

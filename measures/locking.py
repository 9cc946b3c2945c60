"""No lost updates on a Maßnahme (optimistic locking on ``Massnahme.version``).

Whoever edits a Maßnahme starts from the version they saw. Saving claims the row with one
conditional ``UPDATE … SET version = n + 1 WHERE id = … AND version = n``: the database decides,
so this holds across processes and on PostgreSQL, where the claimed row stays locked until the
transaction ends and a concurrent claim of the same version finds no row. Only the winner then
saves the full object (which writes the history record); the loser gets ``VeralteteVersion`` and
can show what the other person changed (``aenderungen_seit``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from measures.models import Massnahme, Zustaendigkeit


class VeralteteVersion(Exception):
    """The Maßnahme was changed by someone else since ``basis_version``."""

    def __init__(self, massnahme, basis_version):
        self.massnahme = massnahme
        self.basis_version = basis_version
        super().__init__(
            _("Die Maßnahme %(massnahme)s wurde inzwischen von anderer Seite geändert.")
            % {"massnahme": massnahme}
        )


def speichern(massnahme, basis_version, *, grund=None):
    """Save ``massnahme`` only if the stored row still has ``basis_version``.

    Raises ``VeralteteVersion`` (and changes nothing) when someone else saved in between.
    ``grund`` becomes the history record's change reason.
    """
    with transaction.atomic():
        beansprucht = Massnahme.objects.filter(pk=massnahme.pk, version=basis_version).update(
            version=F("version") + 1
        )
        if not beansprucht:
            raise VeralteteVersion(massnahme, basis_version)
        massnahme.version = basis_version + 1
        if grund:
            massnahme._change_reason = grund
        massnahme.save()
    return massnahme


@dataclass
class Aenderung:
    """One change by someone else, as shown in the refusal message."""

    wann: object
    wer: object
    felder: list  # [(Feldname, alt, neu)]


def anzeigewert(model, feldname, wert):
    """A stored value as people read it: choice labels, related objects' names, "–" for empty."""
    feld = model._meta.get_field(feldname)
    if wert in (None, ""):
        return "–"
    if feld.choices:
        return str(dict(feld.flatchoices).get(wert, wert))
    if feld.is_relation and not feld.many_to_many:
        verknuepft = feld.related_model._default_manager.filter(pk=wert).first()
        return str(verknuepft) if verknuepft else f"#{wert}"
    return str(wert)


def aenderungen_seit(massnahme, basis_version):
    """What others changed on the Maßnahme since ``basis_version``, oldest first.

    Built from history: field changes of the Maßnahme record by record, plus changes to its
    Zuständigkeiten after the moment ``basis_version`` was saved.
    """
    records = list(
        massnahme.history.filter(version__gte=basis_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    aenderungen = []
    for alt, neu in zip(records, records[1:], strict=False):
        if neu.version <= basis_version:
            continue
        delta = neu.diff_against(alt)
        felder = [
            (
                str(Massnahme._meta.get_field(c.field).verbose_name),
                anzeigewert(Massnahme, c.field, c.old),
                anzeigewert(Massnahme, c.field, c.new),
            )
            for c in delta.changes
        ]
        aenderungen.append(Aenderung(neu.history_date, neu.history_user, felder))
    if records:
        seit = records[0].history_date
        zustaendigkeiten = (
            Zustaendigkeit.history.filter(massnahme_id=massnahme.pk, history_date__gt=seit)
            .select_related("history_user", "akteur")
            .order_by("history_date")
        )
        art = {"+": _("hinzugefügt"), "~": _("geändert"), "-": _("entfernt")}
        for z in zustaendigkeiten:
            beschreibung = _("%(akteur)s %(art)s") % {
                # The Akteur may be gone since (merged); history keeps only its id then.
                "akteur": z.akteur or f"#{z.akteur_id}",
                "art": art.get(z.history_type, z.history_type),
            }
            aenderungen.append(
                Aenderung(z.history_date, z.history_user, [(_("Zuständigkeit"), "", beschreibung)])
            )
    aenderungen.sort(key=lambda a: a.wann)
    return aenderungen

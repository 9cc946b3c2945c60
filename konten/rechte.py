"""Who may grant what: the one rule the user admin, the group admin and any other path ask.

The Büro manages partner accounts but never hands out more than it holds (DESIGN.md, "Roles"):
- superusers are made only with ``createsuperuser`` — no form sets ``is_superuser``;
- admin access (``is_staff``) and single permissions are given by superusers only;
- a group may be given if its permissions are all the giver's own, and it is one of the giver's
  groups or one of the roles of measures/roles.py;
- an account that is staff, superuser or holds more than the giver is changed by superusers only.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from measures.roles import ROLLEN


def _namen(rechte):
    return {f"{app}.{codename}" for app, codename in rechte}


def rechte_namen(permissions):
    """Permissions (queryset) as Django's "app_label.codename" strings."""
    return _namen(permissions.values_list("content_type__app_label", "codename"))


def eigene_rechte(user):
    """Everything ``user`` may do, as "app_label.codename" (superusers: every permission)."""
    if user.is_superuser:
        return rechte_namen(Permission.objects.all())
    return set(user.get_all_permissions())


def vergebbare_gruppen(actor):
    """The groups ``actor`` may give to or take from an account."""
    if actor.is_superuser:
        return Group.objects.all()
    eigene = eigene_rechte(actor)
    kandidaten = Group.objects.filter(Q(user=actor) | Q(name__in=list(ROLLEN))).distinct()
    erlaubt = [
        gruppe.pk for gruppe in kandidaten if rechte_namen(gruppe.permissions.all()) <= eigene
    ]
    return Group.objects.filter(pk__in=erlaubt)


def darf_konto_bearbeiten(actor, ziel):
    """May ``actor`` change the account ``ziel`` (names, e-mail, groups, Akteure, active)?"""
    if actor.is_superuser:
        return True
    if ziel.pk is None:
        return True
    if ziel.is_superuser or ziel.is_staff:
        return False
    return eigene_rechte(ziel) <= eigene_rechte(actor)


@dataclass(frozen=True)
class Stand:
    """What of an account carries rights: the flags, its groups and its own permissions."""

    is_superuser: bool = False
    is_staff: bool = False
    gruppen: frozenset = frozenset()
    rechte: frozenset = frozenset()

    @classmethod
    def von(cls, user):
        if user is None or user.pk is None:
            return cls()
        return cls(
            is_superuser=user.is_superuser,
            is_staff=user.is_staff,
            gruppen=frozenset(user.groups.values_list("pk", flat=True)),
            rechte=frozenset(user.user_permissions.values_list("pk", flat=True)),
        )


def vergabe_pruefen(actor, vorher, nachher):
    """Refuse (ValidationError, German) a change of rights that ``actor`` may not make."""
    fehler = []
    if nachher.is_superuser != vorher.is_superuser:
        fehler.append(
            _("Superuser werden nur auf dem Server mit „manage.py createsuperuser“ angelegt.")
        )
    if not actor.is_superuser:
        if nachher.is_staff != vorher.is_staff:
            fehler.append(_("Den Zugang zur Verwaltung (Mitarbeiter-Status) gewähren Superuser."))
        if nachher.rechte != vorher.rechte:
            fehler.append(_("Einzelne Berechtigungen vergeben nur Superuser."))
        geaendert = vorher.gruppen ^ nachher.gruppen
        erlaubt = set(vergebbare_gruppen(actor).values_list("pk", flat=True))
        for gruppe in Group.objects.filter(pk__in=geaendert - erlaubt).order_by("name"):
            fehler.append(
                _("Die Gruppe „%(gruppe)s“ dürfen Sie nicht vergeben oder entziehen.")
                % {"gruppe": gruppe.name}
            )
    if fehler:
        raise ValidationError(fehler)


def gruppenrechte_pruefen(actor, vorher, nachher):
    """Refuse giving a group a permission ``actor`` does not hold (sets of Permission pks)."""
    if actor.is_superuser:
        return
    eigene = eigene_rechte(actor)
    neu = Permission.objects.filter(pk__in=set(nachher) - set(vorher))
    fremd = sorted(rechte_namen(neu) - eigene)
    if fremd:
        raise ValidationError(
            _("Diese Berechtigungen haben Sie selbst nicht und dürfen sie nicht vergeben: %(r)s")
            % {"r": ", ".join(fremd)}
        )

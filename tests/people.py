"""The people every permission test speaks of (cf. healthchecks' Alice, Bob and Charlie).

- ``partner_a``: reports for Akteur A; must see A's measures and internal notes.
- ``kollegin_a``: also in Akteur A; sees what partner_a submitted for A.
- ``partner_b``: reports for Akteur B; must not touch A's measures.
- ``buergerschaft``: council member; reads, changes nothing.
- ``buero``: staff of the Büro für Integration; sees and changes everything.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from measures.choices import Seite
from measures.roles import BUERGERSCHAFT, BUERO, NETZWERKPARTNER, rollen_einrichten
from tests import builders as b


@dataclass
class Personen:
    akteur_a: object
    akteur_b: object
    partner_a: User
    kollegin_a: User
    partner_b: User
    buergerschaft: User
    buero: User


def _user(name, gruppe, **kwargs):
    user = User.objects.create_user(name, f"{name}@example.org", "geheim-12345", **kwargs)
    user.groups.add(Group.objects.get_or_create(name=gruppe)[0])
    return user


def personen_anlegen():
    # The groups' rights come from data migrations; a transactional test before this one (a
    # real worker process, on PostgreSQL) flushed them with everything else. Idempotent.
    rollen_einrichten()
    akteur_a = b.akteur("Amt A", seite=Seite.INTERN)
    akteur_b = b.akteur("Verein B", seite=Seite.EXTERN)
    partner_a = _user("partner_a", NETZWERKPARTNER)
    kollegin_a = _user("kollegin_a", NETZWERKPARTNER)
    partner_b = _user("partner_b", NETZWERKPARTNER)
    akteur_a.mitglieder.add(partner_a, kollegin_a)
    akteur_b.mitglieder.add(partner_b)
    return Personen(
        akteur_a=akteur_a,
        akteur_b=akteur_b,
        partner_a=partner_a,
        kollegin_a=kollegin_a,
        partner_b=partner_b,
        buergerschaft=_user("buergerschaft", BUERGERSCHAFT),
        buero=_user("buero", BUERO, is_staff=True),
    )

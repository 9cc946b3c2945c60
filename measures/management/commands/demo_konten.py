"""``manage.py demo_konten``: one demo account per role, for trying the portal locally.

The passwords are printed and written in the README, so they must never exist in production:
the command refuses to run unless DEBUG is on (or ``--force`` is given knowingly).
"""

import copy

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.models import Group, Permission
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.choices import Seite
from measures.demo_zweiter_faktor import DEMO_TOTP_BASE32, DEMO_TOTP_SCHLUESSEL
from measures.management.hilfe import DemoKommando
from measures.models import Akteur
from measures.roles import BUERGERSCHAFT, BUERO, NETZWERKPARTNER

AJSA = "Amt für Jugend, Soziales und Asyl"
# The external partner of the demo: migra e.V. if the concept names it, else another one.
EXTERN_BEVORZUGT = [
    "migra e.V.",
    "Integrationsfachdienst Migration Mittleres Mecklenburg und Vorpommern-Rügen",
    "Jugendmigrationsdienst",
]
BUERO_APPS = ["concept", "measures", "monitoring"]


def _konten():
    """(username, password, role group, staff?, Akteur name or None, description)."""
    return [
        ("buero", "demo-buero-2020", BUERO, True, None, _("Büro für Integration (Verwaltung)")),
        (
            "partner-ajsa",
            "demo-partner-ajsa-2020",
            NETZWERKPARTNER,
            False,
            AJSA,
            _("Netzwerkpartner/Fachamt"),
        ),
        (
            "partner-kollegin",
            "demo-partner-kollegin-2020",
            NETZWERKPARTNER,
            False,
            AJSA,
            _("Kollegin im selben Akteur"),
        ),
        (
            "partner-migra",
            "demo-partner-migra-2020",
            NETZWERKPARTNER,
            False,
            "extern",
            _("Netzwerkpartner außerhalb der Verwaltung"),
        ),
        (
            "buergerschaft",
            "demo-buergerschaft-2020",
            BUERGERSCHAFT,
            False,
            None,
            _("Mitglied der Bürgerschaft (nur lesen)"),
        ),
    ]


# The demo passwords are published (README, this command's output): the slow default hash
# (a million PBKDF2 rounds, a third of a second per account on every run of ``make demo``)
# protects nothing here. Django hashes again at full strength at the first login (must_update).
DEMO_ITERATIONEN = 1000


def _passwort_setzen(user, passwort):
    hasher = get_hasher()
    if not isinstance(hasher, PBKDF2PasswordHasher):
        user.set_password(passwort)
        return
    schnell = copy.copy(hasher)
    schnell.iterations = DEMO_ITERATIONEN
    user.password = make_password(passwort, hasher=schnell)


def _externer_akteur():
    for name in EXTERN_BEVORZUGT:
        akteur = Akteur.objects.filter(name__iexact=name).first()
        if akteur:
            return akteur
    return Akteur.objects.filter(seite=Seite.EXTERN).order_by("name").first()


class Command(DemoKommando):
    help = gettext_lazy(
        "Legt je Rolle ein Demo-Konto an (buero, partner-ajsa, partner-kollegin, partner-migra, "
        "buergerschaft) und gibt Benutzernamen und Passwörter aus. Nur für die lokale "
        "Entwicklung: verweigert den Dienst, wenn DEBUG aus ist, außer mit --force. "
        "Setzt voraus, dass das Konzept geladen ist (manage.py load_konzept)."
    )

    verweigerung = gettext_lazy(
        "DEBUG ist aus: Demo-Konten mit bekannten Passwörtern gehören nicht auf ein "
        "Produktivsystem. Für eine lokale Umgebung DEBUG=1 setzen oder --force angeben."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        akteure = {"extern": _externer_akteur(), AJSA: Akteur.objects.filter(name=AJSA).first()}
        fehlend = [name for name, akteur in akteure.items() if akteur is None]
        if fehlend:
            raise CommandError(
                _("Akteur fehlt (%(namen)s): zuerst das Konzept laden (manage.py load_konzept).")
                % {"namen": ", ".join(fehlend)}
            )
        self._buero_rechte()
        User = get_user_model()
        self.stdout.write(_("Demo-Konten (nur für die lokale Entwicklung):"))
        for username, passwort, gruppe, staff, akteur_name, rolle in _konten():
            user, neu = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.is_active = True
            user.email = f"{username}@example.org"
            # Reset the password every run, so that the printed one always works.
            _passwort_setzen(user, passwort)
            user.save()
            user.groups.add(Group.objects.get_or_create(name=gruppe)[0])
            akteur = akteure.get(akteur_name)
            if akteur is not None:
                akteur.mitglieder.add(user)
            if staff:
                from django_otp.plugins.otp_totp.models import TOTPDevice

                TOTPDevice.objects.update_or_create(
                    user=user,
                    name="Demo-App",
                    defaults={"key": DEMO_TOTP_SCHLUESSEL, "confirmed": True},
                )
            self.stdout.write(
                f"  {username:18} {passwort:28} {rolle}"
                + (f" – {akteur.name}" if akteur is not None else "")
                + ("" if neu else "  " + _("(schon vorhanden, Passwort zurückgesetzt)"))
            )
        self.stdout.write(
            _(
                "Zweiter Faktor für buero: Schlüssel %(schluessel)s in einer Authenticator-App, "
                "oder den Code mit „python -c 'from measures.demo_zweiter_faktor import "
                "demo_code; print(demo_code())'“."
            )
            % {"schluessel": DEMO_TOTP_BASE32}
        )

    def _buero_rechte(self):
        """Give the Büro group every permission of our apps, unless someone set them already.

        A migration sets up the role groups; an existing, deliberately configured group is left
        alone.
        """
        gruppe, _neu = Group.objects.get_or_create(name=BUERO)
        if not gruppe.permissions.exists():
            gruppe.permissions.set(
                Permission.objects.filter(content_type__app_label__in=BUERO_APPS)
            )

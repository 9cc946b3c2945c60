"""``manage.py demo``: the local demo in one process (``make demo``, ``make run``).

The same steps as before, in the same order: migrate, load_konzept, load_monitoring,
load_startkatalog, demo_konten, demo_fortschritt, demo_leistungen. Run as separate ``manage.py``
processes, each paid for starting Python and Django anew (about half a second apiece on these
machines); here Django starts once. The commands are called by name, so this module imports none
of the apps. After load_konzept, load_leichte_sprache adds the drafts in Leichte Sprache
(leichte_sprache/).
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

SCHRITTE = (
    ("migrate", {"interactive": False}),
    ("load_konzept", {}),
    # The drafts in Leichte Sprache per Handlungsfeld (leichte_sprache/laden.py).
    ("load_leichte_sprache", {}),
    ("load_monitoring", {}),
    # Definitions the Büro may activate, without values (fixtures/monitoring/startkatalog.json).
    ("load_startkatalog", {}),
    # Both refuse to run unless DEBUG is on (the Makefile sets it), or with --force.
    ("demo_konten", {}),
    ("demo_fortschritt", {}),
    # A Leistung indicator (definition only) on two demo measures (monitoring, issue 18).
    ("demo_leistungen", {}),
)


class Command(BaseCommand):
    # No system checks here: they import the whole URLconf (a second on these machines), and
    # make run's runserver runs them right after; called by name, migrate skips them as well.
    requires_system_checks = []
    help = (
        "Richtet die lokale Demo ein: migrate, load_konzept, load_leichte_sprache, "
        "load_monitoring, load_startkatalog, demo_konten, demo_fortschritt, demo_leistungen, in "
        "einem Prozess. "
        "demo_konten und demo_fortschritt verlangen DEBUG (oder --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="demo_konten und demo_fortschritt auch ohne DEBUG (niemals im Betrieb)",
        )

    def handle(self, *args, force=False, **options):
        # Refused before the first step, not after three (as the five processes did).
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG ist aus: die Demo mit bekannten Passwörtern gehört nicht auf ein "
                    "Produktivsystem. Für eine lokale Umgebung DEBUG=1 setzen oder --force angeben."
                )
            )
        verbositaet = options["verbosity"]
        for name, argumente in SCHRITTE:
            if force and name.startswith("demo_"):
                argumente = {**argumente, "force": True}
            start = time.perf_counter()
            call_command(
                name, verbosity=verbositaet, stdout=self.stdout, stderr=self.stderr, **argumente
            )
            if verbositaet > 1:
                self.stdout.write(f"{name}: {time.perf_counter() - start:.2f} s")

"""Daily run for a cron job or systemd timer: reminders, escalation, the Büro's digest.

Idempotent per day: every step and the digest are recorded, a second run sends nothing more.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benachrichtigungen import erinnerungen, tagesuebersicht


def _datum(wert):
    try:
        return date.fromisoformat(wert)
    except ValueError as fehler:
        raise CommandError(f"--datum: bitte JJJJ-MM-TT angeben, nicht {wert!r}") from fehler


class Command(BaseCommand):
    help = "Erinnerungen, Eskalation und Tagesübersicht des Büros für einen Tag versenden."

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum", type=str, help="Tag, für den gerechnet wird (JJJJ-MM-TT; Standard: heute)"
        )

    def handle(self, *args, datum=None, **options):
        tag = _datum(datum) if datum else timezone.localdate()
        ergebnis = erinnerungen.laufen(tag)
        uebersichten = tagesuebersicht.senden(tag)
        self.stdout.write(
            f"{tag:%d.%m.%Y}: {ergebnis.schritte} Anfragen mit fälligem Schritt, "
            f"{ergebnis.mails} Erinnerungen, {uebersichten} Tagesübersichten eingereiht."
        )

"""Daily run for a cron job or systemd timer: remind data owners of due and overdue deliveries.

Idempotent: every step is recorded (``Lieferungserinnerung``), a second run sends nothing more.
``--einreihen`` hands the run to the task worker instead of running it here.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring import lieferungen
from monitoring.tasks import datenlieferungen_erinnern


def _datum(wert):
    try:
        return date.fromisoformat(wert)
    except ValueError as fehler:
        raise CommandError(f"--datum: bitte JJJJ-MM-TT angeben, nicht {wert!r}") from fehler


class Command(BaseCommand):
    help = "Erinnert Datenhalter an fällige und überfällige Datenlieferungen des Monitorings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum", type=str, help="Tag, für den gerechnet wird (JJJJ-MM-TT; Standard: heute)"
        )
        parser.add_argument(
            "--einreihen",
            action="store_true",
            help="als Aufgabe für den Worker (manage.py db_worker) einreihen statt hier laufen",
        )

    def handle(self, *args, datum=None, einreihen=False, **options):
        tag = _datum(datum) if datum else timezone.localdate()
        if einreihen:
            aufgabe = datenlieferungen_erinnern.enqueue(tag.isoformat())
            self.stdout.write(f"{tag:%d.%m.%Y}: als Aufgabe {aufgabe.id} eingereiht.")
            return
        ergebnis = lieferungen.laufen(tag)
        self.stdout.write(
            f"{tag:%d.%m.%Y}: {ergebnis.fortgeschrieben} Liefertermine fortgeschrieben, "
            f"{ergebnis.erinnerungen} Indikatoren mit fälliger Erinnerung, "
            f"{ergebnis.mails} E-Mails an Datenhalter, {ergebnis.buero_mails} an das Büro."
        )

"""Load the concept's own figures (fixtures/monitoring/) as Indikatoren and Messwerte.

Idempotent: missing Dimensionen, Ausprägungen, Indikatoren and Messwerte are created; existing
ones are left as staff may have edited them (links to Handlungsfelder/Teilziele are only added).
Handlungsfelder are found by number in the 2020 concept; if the concept is not loaded yet, the
indicators are created without links and the command says so — run it again after
``load_konzept``.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from monitoring import importing, metadaten


class Command(BaseCommand):
    help = "Lädt die Zahlen des Integrationskonzepts (fixtures/monitoring/) – wiederholbar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verzeichnis", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "monitoring"
        )

    def handle(self, verzeichnis, **options):
        if not verzeichnis.is_dir():
            raise CommandError(f"Verzeichnis nicht gefunden: {verzeichnis}")
        with transaction.atomic():
            metadaten.dimensionen_anlegen(
                json.loads((verzeichnis / "dimensionen.json").read_text("utf-8"))
            )
            neu, warnungen = metadaten.indikatoren_anlegen(
                json.loads((verzeichnis / "indikatoren.json").read_text("utf-8"))
            )
            ergebnis = importing.importieren(
                (verzeichnis / "messwerte.csv").read_bytes(),
                "messwerte.csv",
                anwenden=True,
                nur_neue=True,
                grund="load_monitoring: Zahlen des Integrationskonzepts 2020",
            )
            if not ergebnis.ok:
                for fehler in ergebnis.fehler:
                    self.stderr.write(str(fehler))
                raise CommandError("messwerte.csv ist fehlerhaft; nichts wurde geladen.")
        for warnung in dict.fromkeys(warnungen):
            self.stderr.write(self.style.WARNING(warnung))
        self.stdout.write(self.style.SUCCESS(f"Indikatoren: {len(neu)} neu angelegt."))
        self.stdout.write(self.style.SUCCESS(f"Messwerte: {ergebnis.zusammenfassung()}"))

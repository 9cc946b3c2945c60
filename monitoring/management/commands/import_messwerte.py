"""Import Messwerte from a CSV (long format) or JSON file: all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring import importing


class Command(BaseCommand):
    help = "Importiert Messwerte aus einer CSV- oder JSON-Datei im Langformat (alles oder nichts)."

    def add_arguments(self, parser):
        parser.add_argument("datei", type=Path)
        parser.add_argument(
            "--probelauf",
            action="store_true",
            help="Nur prüfen und berichten, was sich ändern würde; nichts speichern.",
        )

    def handle(self, datei, probelauf=False, **options):
        if not datei.exists():
            raise CommandError(f"Datei nicht gefunden: {datei}")
        ergebnis = importing.importieren(
            datei.read_bytes(),
            datei.name,
            anwenden=not probelauf,
            grund=f"Import aus {datei.name} (import_messwerte)",
        )
        for fehler in ergebnis.fehler:
            self.stderr.write(str(fehler))
        for dimension, name, _slug in ergebnis.neue_auspraegungen:
            self.stdout.write(f"Neue Ausprägung: {dimension}: {name}")
        if not ergebnis.ok:
            raise CommandError(ergebnis.zusammenfassung())
        self.stdout.write(self.style.SUCCESS(ergebnis.zusammenfassung()))

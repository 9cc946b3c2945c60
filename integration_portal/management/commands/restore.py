from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integration_portal import backup


class Command(BaseCommand):
    help = (
        "Stellt eine Sicherung wieder her. Ein JSON-Auszug (.json/.json.gz) wird in eine "
        "migrierte, leere Datenbank geladen; ein pg_dump-Archiv (.pgdump) ersetzt den Inhalt "
        "der PostgreSQL-Datenbank."
    )

    def add_arguments(self, parser):
        parser.add_argument("datei", help="die Sicherungsdatei")

    def handle(self, *args, datei, **options):
        pfad = Path(datei)
        if not pfad.is_file():
            raise CommandError(f"Datei nicht gefunden: {pfad}")
        if pfad.suffix == ".pgdump":
            if not backup.ist_postgres():
                raise CommandError("Ein pg_dump-Archiv lässt sich nur in PostgreSQL einspielen.")
            backup.pg_wiederherstellen(pfad)
        elif pfad.name.endswith((".json", ".json.gz")):
            belegt = backup.belegte_modelle()
            if belegt:
                raise CommandError(
                    f"Die Datenbank ist nicht leer ({', '.join(belegt)}). Eine Sicherung wird "
                    "nur in eine leere, migrierte Datenbank geladen, damit nichts vermischt wird."
                )
            backup.json_wiederherstellen(pfad)
        else:
            raise CommandError("Unbekanntes Format: erwartet .json, .json.gz oder .pgdump.")
        self.stdout.write(self.style.SUCCESS(f"Wiederhergestellt: {pfad}"))

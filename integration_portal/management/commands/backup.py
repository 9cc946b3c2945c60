from django.core.management.base import BaseCommand

from integration_portal import backup


class Command(BaseCommand):
    help = (
        "Sichert die Datenbank: einen portablen JSON-Auszug (immer) und auf PostgreSQL "
        "zusätzlich ein pg_dump-Archiv. Wiederherstellen mit „restore“."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ziel", default="var/backups", help="Verzeichnis für die Sicherung (var/backups)"
        )
        parser.add_argument(
            "--nur-json", action="store_true", help="kein pg_dump-Archiv, nur den JSON-Auszug"
        )

    def handle(self, *args, ziel, nur_json, **options):
        pfad = backup.json_sichern(backup.dateiname(ziel, ".json.gz"))
        self.stdout.write(f"JSON-Auszug: {pfad}")
        if backup.ist_postgres() and not nur_json:
            pfad = backup.pg_sichern(backup.dateiname(ziel, ".pgdump"))
            self.stdout.write(f"pg_dump-Archiv: {pfad}")

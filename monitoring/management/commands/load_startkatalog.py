"""Load the starter catalogue of indicator definitions (fixtures/monitoring/startkatalog.json).

Definitions only, never values: each is a *Vorschlag* („mit der Statistikstelle abzustimmen“)
the Büro activates in the admin and fills with real figures. Idempotent: missing ones are
created; one still marked as Vorschlag gets links to Handlungsfelder/Teilziele it lacks (the
concept may have been loaded after the first run); one the Büro has activated is left as it is.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from monitoring import metadaten
from monitoring.models import Indikator

DATEI = Path(settings.BASE_DIR) / "fixtures" / "monitoring" / "startkatalog.json"


class Command(BaseCommand):
    help = "Lädt den Startkatalog der Indikator-Definitionen (Vorschläge ohne Werte), wiederholbar."

    def add_arguments(self, parser):
        parser.add_argument("--datei", type=Path, default=DATEI)

    def handle(self, datei, **options):
        try:
            eintraege = json.loads(datei.read_text("utf-8"))
        except (OSError, ValueError) as fehler:
            raise CommandError(f"Startkatalog nicht lesbar: {datei} ({fehler})") from fehler
        aktiviert = set(
            Indikator.objects.filter(
                kennung__in=[e["kennung"] for e in eintraege], vorschlag=False
            ).values_list("kennung", flat=True)
        )
        with transaction.atomic():
            neu, warnungen = metadaten.indikatoren_anlegen(
                [{**e, "vorschlag": True} for e in eintraege if e["kennung"] not in aktiviert]
            )
        for warnung in dict.fromkeys(warnungen):
            self.stderr.write(self.style.WARNING(warnung))
        self.stdout.write(
            self.style.SUCCESS(
                f"Startkatalog: {len(neu)} Vorschläge neu angelegt, "
                f"{len(aktiviert)} schon aktiviert und unverändert."
            )
        )

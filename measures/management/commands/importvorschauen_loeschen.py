"""``manage.py importvorschauen_loeschen``: delete expired import previews (meant for cron).

Uploads waiting for confirmation expire after ``measures.importvorschau.GUELTIGKEIT``; each new
upload removes expired ones too, so this only matters when nobody imports for a while.
"""

from django.core.management.base import BaseCommand

from measures import importvorschau


class Command(BaseCommand):
    help = "Löscht abgelaufene Import-Vorschauen (hochgeladene, nicht bestätigte Dateien)."

    def handle(self, **options):
        anzahl = importvorschau.aufraeumen()
        self.stdout.write(f"{anzahl} abgelaufene Import-Vorschau(en) gelöscht.")

"""``manage.py berichte_aufraeumen``: delete stored reports that no longer show the current data."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berichte.ablage import aufraeumen
from measures.management.hilfe import Kommando


class Command(Kommando):
    help = gettext_lazy(
        "Löscht gespeicherte Berichtsdateien, deren Daten, Vorlagen oder Tag nicht mehr aktuell "
        "sind, sobald sie älter als --tage Tage sind (Standard: BERICHT_AUFBEWAHREN_TAGE). Die "
        "Berichte geschlossener Berichtsrunden bleiben immer erhalten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tage",
            type=int,
            default=None,
            help=gettext_lazy("Mindestalter in Tagen (Standard: BERICHT_AUFBEWAHREN_TAGE)"),
        )

    def handle(self, *args, tage, **opts):
        tage = settings.BERICHT_AUFBEWAHREN_TAGE if tage is None else max(0, tage)
        anzahl = aufraeumen(tage)
        self.stdout.write(_("%(anzahl)d veraltete Berichtsdateien gelöscht") % {"anzahl": anzahl})

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def datenstand_modelle(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        return [self.get_model(n) for n in ("Dimension", "Auspraegung", "Indikator", "Messwert")]

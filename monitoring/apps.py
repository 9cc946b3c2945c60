from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def datenstand_teile(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        from concept import datenstand as d

        return [*d.historie(self.get_model("Indikator")), *d.historie(self.get_model("Messwert"))]

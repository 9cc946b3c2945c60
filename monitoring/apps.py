from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # Partners report a measure's Leistung figures with their Sachstand; measures may not
        # import this app, so it asks through measures/sachstand_zusaetze.py. Approval turns
        # the figures into Messwerte (the receiver in monitoring/leistungen.py).
        from measures import sachstand_zusaetze
        from monitoring import leistungen

        sachstand_zusaetze.registrieren(leistungen.Leistungen())

    def datenstand_modelle(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        # Leistungsmeldungen and Lieferungserinnerungen show nowhere public: a figure is shown
        # once it is a Messwert, a reminder is only a record of a mail.
        gezeigt = ("Dimension", "Auspraegung", "Indikator", "Messwert", "Zielwert")
        gezeigt += ("Definitionsversion", "Vergleichswert", "Wirkung")
        return [self.get_model(n) for n in gezeigt]

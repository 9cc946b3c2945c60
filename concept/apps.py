from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "concept"
    verbose_name = _("Konzept")

    def datenstand_teile(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        from concept import datenstand as d

        modell = self.get_model
        return [
            *d.historie(modell("Leitziel")),
            *d.historie(modell("Teilziel")),
            *d.geaendert(modell("Konzept")),
            *d.geaendert(modell("Kapitel")),
            *d.geaendert(modell("Handlungsfeld")),
            *d.geaendert(modell("BestPracticeBeispiel")),
        ]

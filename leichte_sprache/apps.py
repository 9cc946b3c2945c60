from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeichteSpracheConfig(AppConfig):
    name = "leichte_sprache"
    verbose_name = _("Leichte Sprache")

    def datenstand_modelle(self):
        """The summaries are shown on public pages (concept/datenstand.py)."""
        return [self.get_model("Zusammenfassung")]

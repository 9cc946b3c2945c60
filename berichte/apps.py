from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichteConfig(AppConfig):
    name = "berichte"
    verbose_name = _("Berichte")

    def datenstand_modelle(self):
        """The Büro's assessments are shown in reports (concept/datenstand.py)."""
        return [self.get_model("Einschaetzung")]

    def ready(self):
        # buergerschaft remembers at login whether the navigation shows the council's link;
        # rundenberichte renders a closed round's reports and tells the Bürgerschaft.
        from berichte import buergerschaft, rundenberichte  # noqa: F401

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rollen_ergaenzen(sender, using="default", **kwargs):
    # New models (e.g. a later monitoring migration) bring new permissions; the Büro's group
    # gets them right after migrate, not only when the roles migration first ran.
    from measures.roles import BUERO_APPS, BUERO_WEITERE_RECHTE, rollen_einrichten

    # Also after the apps of the single rights (berichte, versand, …): Django makes each app's
    # permissions in that app's own post_migrate, which comes after the Büro's apps, so on a
    # fresh database those rights did not exist yet when the roles were last filled.
    if sender.label in BUERO_APPS or sender.label in {app for app, _ in BUERO_WEITERE_RECHTE}:
        rollen_einrichten(using=using)


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Umsetzung")

    def datenstand_modelle(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        from measures.choices import Pruefstatus

        namen = ("Akteur", "Massnahme", "Zustaendigkeit", "Meilenstein", "Berichtsrunde")
        return [
            *(self.get_model(name) for name in namen),
            # Written once, when a round closes; shown in its reports.
            self.get_model("Berichtsstand"),
            # Only approved Sachstände are shown: a submission waiting for review changes
            # nothing a visitor sees, so cached pages and reports stay valid.
            (self.get_model("Sachstand"), {"pruefstatus": Pruefstatus.FREIGEGEBEN.value}),
        ]

    def ready(self):
        post_migrate.connect(_rollen_ergaenzen, dispatch_uid="measures_rollen_ergaenzen")

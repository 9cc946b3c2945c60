from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "concept"
    verbose_name = _("Konzept")

    def datenstand_modelle(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        namen = (
            "Konzept",
            "Kapitel",
            "Handlungsfeld",
            "Leitziel",
            "Teilziel",
            "BestPracticeBeispiel",
        )
        return [self.get_model(name) for name in namen]

    def ready(self):
        from concept import datenstand

        # Triggers after every migrate: SQLite drops them with a table a migration rebuilds.
        post_migrate.connect(
            datenstand.nach_migrate, sender=self, dispatch_uid="datenstand_trigger"
        )

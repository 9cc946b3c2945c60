from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rollen_ergaenzen(sender, using="default", **kwargs):
    # New models (e.g. a later monitoring migration) bring new permissions; the Büro's group
    # gets them right after migrate, not only when the roles migration first ran.
    from measures.roles import BUERO_APPS, rollen_einrichten

    if sender.label in BUERO_APPS:
        rollen_einrichten(using=using)


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Umsetzung")

    def datenstand_teile(self):
        """What of this app the Datenstand watches (concept/datenstand.py)."""
        from concept import datenstand as d
        from measures.choices import Pruefstatus

        modell = self.get_model
        sachstand = modell("Sachstand")
        pruefstatus = connection.ops.quote_name(sachstand._meta.get_field("pruefstatus").column)
        geprueft = connection.ops.quote_name(sachstand._meta.get_field("geprueft_am").column)
        tabelle = connection.ops.quote_name(sachstand._meta.db_table)
        freigegeben = [Pruefstatus.FREIGEGEBEN.value]
        return [
            *d.historie(modell("Massnahme")),
            *d.geaendert(modell("Massnahme")),
            *d.historie(modell("Zustaendigkeit")),
            # Milestones decide lateness (überfällig), shown in reports and pages.
            *d.historie(modell("Meilenstein")),
            *d.historie(modell("Berichtsrunde")),
            *d.historie(modell("Akteur")),
            # Milestones decide whether a measure is late (measures/verzug.py).
            *d.historie(modell("Meilenstein")),
            # Berichtsstände are written once, when a round closes.
            *d.anzahl_und_id(modell("Berichtsstand")),
            # Only approved Sachstände are shown, and they are fixed (Sachstand.ist_fixiert):
            # number, highest id and latest approval tell every change. Pending ones do not
            # count, so a submission waiting for review leaves cached reports valid.
            *d.anzahl_und_id(sachstand, f"{pruefstatus} = %s", freigegeben),
            (f"(SELECT MAX({geprueft}) FROM {tabelle} WHERE {pruefstatus} = %s)", freigegeben),
        ]

    def ready(self):
        post_migrate.connect(_rollen_ergaenzen, dispatch_uid="measures_rollen_ergaenzen")

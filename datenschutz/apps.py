from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The Büro fills in the officer's details; nobody deletes the one row (admin).
BUERO_RECHTE = ("add_datenschutzangaben", "change_datenschutzangaben", "view_datenschutzangaben")


def buero_rechte_geben(sender, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    from measures.roles import BUERO

    gruppe = Group.objects.using(using).filter(name=BUERO).first()
    if gruppe is not None:
        gruppe.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label="datenschutz", codename__in=BUERO_RECHTE
            )
        )


class DatenschutzConfig(AppConfig):
    """Datenschutz (DSGVO): the privacy page, the Art. 15 download, Art. 17 deletion, retention.

    Top layer: it reads concept, measures and monitoring; nothing imports it.
    """

    name = "datenschutz"
    verbose_name = _("Datenschutz")

    def datenstand_modelle(self):
        """The officer's details are shown on the privacy page (concept/datenstand.py)."""
        return [self.get_model("Datenschutzangaben")]

    def ready(self):
        # The admin modules are loaded by now (the admin's own ready() ran first), so the user
        # admin that is finally registered, whoever registered it, gets the Art. 17 action.
        from datenschutz.admin import benutzer_admin_erweitern

        benutzer_admin_erweitern()
        # After Django's own post_migrate handler, which creates the permissions.
        post_migrate.connect(buero_rechte_geben, sender=self, dispatch_uid="datenschutz_rechte")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetzwerkConfig(AppConfig):
    """Winning partners: Ansprechpersonen in the admin, their import, and invitations."""

    name = "netzwerk"
    verbose_name = _("Netzwerk")
    default_auto_field = "django.db.models.BigAutoField"

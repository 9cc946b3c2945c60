from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VersandConfig(AppConfig):
    """Outgoing mail as background work: one logged Mail per recipient, sent by a task."""

    name = "versand"
    verbose_name = _("Versand")
    default_auto_field = "django.db.models.BigAutoField"

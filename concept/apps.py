from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "concept"
    verbose_name = _("Konzept")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SucheConfig(AppConfig):
    """The site-wide search ``/suche/`` (layer 3, beside portal: tests/test_schichten.py)."""

    name = "suche"
    verbose_name = _("Suche")

"""Which installed apps are this project's own (not Django's, not a library's)."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def eigene_apps():
    """App configs whose code lies in the project; a virtualenv inside it (.venv) does not count."""
    basis = Path(settings.BASE_DIR)
    eigene = []
    for config in apps.get_app_configs():
        pfad = Path(config.path)
        if pfad.is_relative_to(basis) and "site-packages" not in pfad.relative_to(basis).parts:
            eigene.append(config)
    return eigene

"""System checks of the deployment (``manage.py check --deploy``)."""

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks


@checks.register(checks.Tags.staticfiles, deploy=True)
def collectstatic_gelaufen(app_configs=None, **kwargs):
    """The manifest storage names each file from ``staticfiles.json``: no page without it."""
    speicher = staticfiles_storage  # a lazy object; isinstance sees the configured class
    if not isinstance(speicher, ManifestFilesMixin):
        return []
    if speicher.manifest_storage.exists(speicher.manifest_name):
        return []
    ort = speicher.manifest_storage.path(speicher.manifest_name)
    return [
        checks.Error(
            f"Die statischen Dateien wurden nicht gesammelt: {ort} fehlt, "
            "ohne collectstatic antwortet jede Seite mit 500.",
            hint="python manage.py collectstatic --noinput (make serve tut das vor dem Start).",
            id="integration_portal.E001",
        )
    ]

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


# Backends that run a task inside the request that enqueues it (or never): fine for tests and
# a machine without a worker, wrong in production, where mail must survive a slow mail server.
KEINE_HINTERGRUNDARBEIT = (
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
)


@checks.register(deploy=True)
def aufgaben_im_hintergrund(app_configs=None, **kwargs):
    """Production runs tasks on ``db_worker`` processes (README "Hintergrundarbeit")."""
    from django.conf import settings

    fehler = []
    for name, konfiguration in settings.TASKS.items():
        backend = konfiguration.get("BACKEND", "")
        if backend in KEINE_HINTERGRUNDARBEIT:
            fehler.append(
                checks.Error(
                    f"Die Aufgaben-Warteschlange „{name}“ nutzt {backend.rsplit('.', 1)[-1]}: "
                    "E-Mails würden in der Anfrage versendet (oder nie), ein langsamer oder "
                    "gestörter Mailserver hielte Seiten auf, Fehlversuche würden nicht "
                    "wiederholt.",
                    hint="TASKS_BACKEND nicht setzen (Datenbank, Standard) und Worker starten: "
                    "manage.py db_worker (README „Hintergrundarbeit“).",
                    id="integration_portal.E003",
                )
            )
    return fehler

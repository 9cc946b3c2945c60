from django.apps import AppConfig


class KontenConfig(AppConfig):
    """Accounts: who may grant what (rechte.py), API tokens, second factor, mail throttling."""

    name = "konten"
    verbose_name = "Konten und Anmeldung"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Revokes API tokens when a password changes or an account is deactivated; describes
        # the token in the OpenAPI schema.
        from konten import schema, signals  # noqa: F401

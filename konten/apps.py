from django.apps import AppConfig


class KontenConfig(AppConfig):
    """Accounts: who may grant what (rechte.py), API tokens, second factor, mail throttling."""

    name = "konten"
    verbose_name = "Konten und Anmeldung"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Revokes API tokens when a password changes or an account is deactivated. (The
        # token's OpenAPI description, konten/schema.py, is imported by the API's URLconf:
        # drf-spectacular costs every management command a quarter of a second.)
        from konten import signals  # noqa: F401

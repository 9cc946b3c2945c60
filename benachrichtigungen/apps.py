from django.apps import AppConfig


class BenachrichtigungenConfig(AppConfig):
    """Notifications: review results, reminders with escalation, the Büro's daily digest."""

    name = "benachrichtigungen"
    verbose_name = "Benachrichtigungen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Approved/returned Sachstände tell their submitter (measures.signale).
        from benachrichtigungen import empfang  # noqa: F401

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with our site (titles, start page) as ``admin.site``."""

    default_site = "integration_portal.admin_site.PortalAdminSite"


class PortalConfig(AppConfig):
    """The project itself as an app: operations commands (backup, restore) and the security log."""

    name = "integration_portal"
    verbose_name = "Integrationsportal (Betrieb)"

    def ready(self):
        # Connects the receivers of logins, failed logins and lockouts; registers the checks
        # (deployment, trusted proxy, report limits within gunicorn's timeout); the main
        # language after every request (sprachen.py).
        from integration_portal import checks, security_log, sprachen, zeitgrenzen  # noqa: F401

"""The staff's admin site: German titles and the state of the plan on the start page.

Only the site lives here; what the start page shows is computed in ``measures.admin.dashboard``
(imported when the page is requested, so that this module stays free of domain code and can be
loaded before the apps register their ModelAdmins).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Integrationsportal – Büro für Integration")
    site_title = _("Integrationsportal – Büro für Integration")
    index_title = _("Arbeitsplatz des Büros für Integration")
    index_template = "admin/dashboard_index.html"
    # The Maßnahmen list needs the width; the start page and breadcrumbs lead everywhere.
    enable_nav_sidebar = False

    def has_permission(self, request):
        # Admin access needs the second factor as well as is_staff (konten/zwei_faktor.py; the
        # middleware there leads an unconfirmed session to the code page before it gets here).
        from konten.zwei_faktor import ist_bestaetigt

        return super().has_permission(request) and ist_bestaetigt(request.user)

    def index(self, request, extra_context=None):
        from measures.admin.dashboard import dashboard_kontext

        return super().index(request, {**dashboard_kontext(), **(extra_context or {})})

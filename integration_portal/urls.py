from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control

from integration_portal.health import healthz


@cache_control(max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (PDFs, JSON, old clients)."""
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    # Load balancer probe: 200 while the database answers, else 503 (integration_portal/health.py).
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("integration_portal.api.urls")),
    # Login, logout, password change and reset (German templates in templates/registration/).
    path("konto/", include("django.contrib.auth.urls")),
    path("indikatoren/", include("monitoring.urls")),
    path("", include("measures.urls")),
]

# A database outage answers 503 with templates/503.html, other errors templates/500.html.
handler500 = "integration_portal.errors.server_error"

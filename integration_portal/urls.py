from django.contrib import admin
from django.urls import include, path

from integration_portal.health import healthz

urlpatterns = [
    # Load balancer probe: 200 while the database answers, else 503 (integration_portal/health.py).
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("integration_portal.api.urls")),
    # Datenschutzerklärung and /konto/meine-daten/ (Art. 15), before the account URLs.
    path("", include("datenschutz.urls")),
    # Login, logout, password change and reset (German templates in templates/registration/).
    path("konto/", include("django.contrib.auth.urls")),
    path("indikatoren/", include("monitoring.urls")),
    path("", include("measures.urls")),
]

# A database outage answers 503 with templates/503.html, other errors templates/500.html.
handler500 = "integration_portal.errors.server_error"
# Refused input (NUL bytes, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, bad filters): German 400.
handler400 = "integration_portal.errors.bad_request"

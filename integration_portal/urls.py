from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from berichte import urls as berichte_urls
from integration_portal.api import urls as api_urls
from integration_portal.health import healthz
from integration_portal.seitencache import gleich_fuer_alle
from konten.views import PasswortZuruecksetzenView
from measures import urls as measures_urls
from portal import urls as portal_urls
from portal.robots import robots_txt
from portal.sitemaps import SITEMAPS

# Public pages, partner pages and reports share the namespace "measures" they had when they all
# lived in that app, so URL names (measures:overview, measures:berichte, …) stay as they were.
# One include, because Django resolves a namespace to a single include.
seiten = portal_urls.urlpatterns + measures_urls.urlpatterns + berichte_urls.urlpatterns


@cache_control(max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (PDFs, JSON, old clients)."""
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    # Load balancer probe: 200 while the database answers, else 503 (integration_portal/health.py).
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    # For search engines, at the root outside any language prefix (portal/robots.py,
    # portal/sitemaps.py); the same for everyone, so from the page cache.
    path("robots.txt", gleich_fuer_alle(robots_txt), name="robots"),
    path("sitemap.xml", gleich_fuer_alle(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    # The language switch of every page, without a CSRF token: it only sets the language cookie
    # and redirects within the site (Django checks ``next``), so a forged request can do no
    # harm – and pages without a token are the same for every visitor
    # (integration_portal/seitencache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/", include("integration_portal.api.urls")),
    # Without the slash too: Django's APPEND_SLASH would turn a POST into a GET (or a 500).
    path("api/v1", api_urls.wurzel),
    # Datenschutzerklärung and /konto/meine-daten/ (Art. 15), before the account URLs.
    path("", include("datenschutz.urls")),
    # The reset page with limits per address and client (integration_portal/maildrossel.py),
    # ahead of Django's own under the same name.
    path("konto/password_reset/", PasswortZuruecksetzenView.as_view(), name="password_reset"),
    # Second factor and API tokens of the own account (konten/).
    path("konto/", include("konten.urls")),
    # Login, logout, password change and reset (German templates in templates/registration/).
    path("konto/", include("django.contrib.auth.urls")),
    # Opt-out link of every notification, /konto/benachrichtigungen/ (benachrichtigungen/).
    path("", include("benachrichtigungen.urls")),
    path("indikatoren/", include("monitoring.urls")),
    # The site-wide search (suche/).
    path("suche/", include("suche.urls")),
    # Invitation links for Ansprechpersonen (netzwerk/views.py).
    path("einladung/", include("netzwerk.urls")),
    path("", include((seiten, "measures"))),
]

# A database outage answers 503 with templates/503.html, other errors templates/500.html.
handler500 = "integration_portal.errors.server_error"
# Refused input (NUL bytes, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, bad filters): German 400.
handler400 = "integration_portal.errors.bad_request"
# Unknown addresses under /api/ answer in the API's error format, elsewhere with 404.html.
handler404 = "integration_portal.errors.page_not_found"

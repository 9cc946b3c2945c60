from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control

from berichte import urls as berichte_urls
from integration_portal.api import urls as api_urls
from integration_portal.health import healthz
from integration_portal.seitencache import gleich_fuer_alle
from integration_portal.sprachen import sprache_waehlen
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


# Two parts: addresses for machines and for links that leave the site, in one language, without
# prefix; and the pages people read, German without prefix and English under /en/
# (integration_portal/sprachen.py). An unprefixed URL is always German, whatever the cookie or
# Accept-Language say; there is no redirect to /en/ – the switch on every page links there.
urlpatterns = [
    # Load balancer probe: 200 while the database answers, else 503 (integration_portal/health.py).
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    # For search engines, at the root outside any language prefix (portal/robots.py,
    # portal/sitemaps.py); the same for everyone, so from the page cache.
    path("robots.txt", gleich_fuer_alle(robots_txt), name="robots"),
    path("sitemap.xml", gleich_fuer_alle(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    # The old language switch, without a CSRF token (integration_portal/sprachen.py); pages link
    # to the other language's URL instead.
    path("i18n/setlang/", sprache_waehlen, name="set_language"),
    path("api/v1/", include("integration_portal.api.urls")),
    # Without the slash too: Django's APPEND_SLASH would turn a POST into a GET (or a 500).
    path("api/v1", api_urls.wurzel),
    # Invitation links for Ansprechpersonen (netzwerk/views.py): sent by mail, one language.
    path("einladung/", include("netzwerk.urls")),
]

# The pages, also under /en/. New pages go into their app's urls.py (or here, above the last
# line); they get their English URL by themselves.
urlpatterns += i18n_patterns(
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
    # The opt-out links in mails are unprefixed (links.py) and stay German.
    path("", include("benachrichtigungen.urls")),
    path("indikatoren/", include("monitoring.urls")),
    # The site-wide search (suche/).
    path("suche/", include("suche.urls")),
    path("", include((seiten, "measures"))),
    prefix_default_language=False,
)

# A database outage answers 503 with templates/503.html, other errors templates/500.html.
handler500 = "integration_portal.errors.server_error"
# Refused input (NUL bytes, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, bad filters): German 400.
handler400 = "integration_portal.errors.bad_request"
# Unknown addresses under /api/ answer in the API's error format, elsewhere with 404.html.
handler404 = "integration_portal.errors.page_not_found"

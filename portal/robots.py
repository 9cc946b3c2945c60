"""``/robots.txt``: crawlers may read the public pages, not the accounts, partner area, personal
links or the admin; the sitemap is named with an absolute URL (RFC 9309, sitemaps.org).

Robots rules are no protection (those pages check rights themselves); they keep search engines
from listing login forms and from spending their visits on pages that answer with a redirect.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# Not for search engines: the admin, accounts and their settings, the partner area, the council's
# start page, invitation and round links (personal tokens in the path), Sachstand forms.
NICHT_FUER_SUCHMASCHINEN = (
    "/admin/",
    "/konto/",
    "/einladung/",
    "/melden/",
    "/meine-massnahmen/",
    "/meine-sachstaende/",
    "/sachstaende/",
    "/berichtsrunden/",
    "/buergerschaft/",
    "/benachrichtigungen/",
    "/i18n/",
    "/massnahmen/*/sachstand/",
)
# The admin and the language switch stay outside language prefixes (integration_portal/urls.py).
OHNE_SPRACHPRAEFIX = ("/admin/", "/i18n/")


def regeln():
    """The Disallow paths, also under each other language's URL prefix (``/en/konto/``)."""
    pfade = list(NICHT_FUER_SUCHMASCHINEN)
    for sprache, _name in settings.LANGUAGES:
        if sprache != settings.LANGUAGE_CODE:
            pfade += [
                f"/{sprache}{pfad}"
                for pfad in NICHT_FUER_SUCHMASCHINEN
                if pfad not in OHNE_SPRACHPRAEFIX
            ]
    return pfade


@require_safe
def robots_txt(request):
    zeilen = ["User-agent: *", "Allow: /"]
    zeilen += [f"Disallow: {pfad}" for pfad in regeln()]
    zeilen += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(zeilen), content_type="text/plain; charset=utf-8")

"""Seitencache: public pages and anonymous API answers, stored once per Datenstand.

A public page is the same bytes for every visitor who is not logged in, until shown data change –
for days, between two approvals of the Büro. So the first anonymous request after a change
renders the page and stores the bytes in the configured cache (Redis in production, memory
locally); every further one is answered from there with one query, for the Datenstand.

The key holds everything the bytes depend on, so a stored page is never shown where it would be
wrong:
- the Datenstand (concept/datenstand.py): any committed change of shown data – approval, admin
  edit, import, ``QuerySet.update()``, ``load_konzept`` – makes a new key, so the next request
  renders anew; nothing is ever deleted, old keys expire (``SEITENCACHE_SEKUNDEN``);
- the code (``code_stand()``): a deployment with changed templates does not serve old pages;
- today's date (Europe/Berlin): "überfällig" turns with the date, not with the data;
- language, scheme, host, path with query string, and for the API the negotiated media type.

Who gets stored pages: only requests without a session cookie, a messages cookie or an
``Authorization`` header (in the API: whoever DRF authenticated as nobody) – a logged-in person
always gets a page rendered for them (navigation, their own notes). A response is stored only
when it is a 200 with no cookie set and no CSRF token used in it, so a per-person part can never
be stored for others by mistake (the language switch needs no token: urls.py).

Each stored answer carries an ETag from its key, and ``If-None-Match`` gets a 304.
"""

import hashlib
import os
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag

from concept.datenstand import datenstand
from integration_portal.eigene_apps import eigene_apps

# The messages framework keeps pending messages in this cookie (CookieStorage.cookie_name).
MELDUNGEN_COOKIE = "messages"
# Headers of the view's answer that belong to the bytes (the middleware adds the rest anew).
MITGESPEICHERT = ("Content-Type", "Content-Language", "Content-Disposition", "Vary", "Link")


def _cache():
    return caches[getattr(settings, "SEITENCACHE_ALIAS", "default")]


@cache
def code_stand():
    """A stamp of the code: ``PORTAL_RELEASE`` if set, else size and time of every source file.

    Several gunicorn instances of one release share stored pages when the release is named;
    without it each installation has its own stamp, which is safe.
    """
    if os.environ.get("PORTAL_RELEASE"):
        return os.environ["PORTAL_RELEASE"]
    basis = Path(settings.BASE_DIR)
    ordner = {basis / "templates", basis / "locale"}
    ordner.update(Path(config.path) for config in eigene_apps())
    merkmale = hashlib.sha1()
    for wurzel in sorted(ordner):
        for datei in sorted(wurzel.rglob("*")):
            if datei.suffix in (".py", ".html", ".txt", ".mo", ".css", ".svg", ".js"):
                info = datei.stat()
                merkmale.update(f"{datei}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return merkmale.hexdigest()[:12]


def ohne_person(request):
    """No sign of a logged-in person or pending messages: the page is the same for everyone."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and MELDUNGEN_COOKIE not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def schluessel(request, *weitere):
    """The cache key of this request's answer at today's Datenstand."""
    teile = [
        code_stand(),
        datenstand(),
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *weitere,
    ]
    return "seite:" + hashlib.sha1("\n".join(teile).encode()).hexdigest()


def _etag(schluessel_):
    return quote_etag(schluessel_.removeprefix("seite:")[:24])


def _aus_dem_cache(request, schluessel_):
    """The stored answer (or a 304 for a matching ``If-None-Match``), else None."""
    gespeichert = _cache().get(schluessel_)
    if gespeichert is None:
        return None
    status, inhalt, kopf = gespeichert
    etag = _etag(schluessel_)
    nicht_geaendert = get_conditional_response(request, etag=etag)
    antwort = nicht_geaendert or HttpResponse(inhalt, status=status)
    for name, wert in kopf.items():
        antwort.headers[name] = wert
    antwort.headers["ETag"] = etag
    return antwort


def speicherbar(request, antwort):
    """Only a plain 200 that sets no cookie and carries no CSRF token may serve others."""
    return (
        antwort.status_code == 200
        and not antwort.streaming
        and not antwort.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and len(antwort.content) <= getattr(settings, "SEITENCACHE_MAX_BYTES", 4_000_000)
    )


def _speichern(request, schluessel_, antwort):
    if not speicherbar(request, antwort):
        return
    kopf = {name: antwort.headers[name] for name in MITGESPEICHERT if name in antwort.headers}
    dauer = getattr(settings, "SEITENCACHE_SEKUNDEN", 6 * 3600)
    _cache().set(schluessel_, (antwort.status_code, antwort.content, kopf), dauer)
    antwort.headers["ETag"] = _etag(schluessel_)


def _nach_dem_rendern(request, schluessel_, antwort):
    """Store the answer once it is rendered (template responses render after the view)."""
    if getattr(antwort, "is_rendered", True):
        _speichern(request, schluessel_, antwort)
    else:
        antwort.add_post_render_callback(lambda fertig: _speichern(request, schluessel_, fertig))
    return antwort


def gleich_fuer_alle(view):
    """Decorator of a page view whose answer is the same for every anonymous visitor."""

    @wraps(view)
    def mit_cache(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not ohne_person(request):
            return view(request, *args, **kwargs)
        schluessel_ = schluessel(request)
        gespeichert = _aus_dem_cache(request, schluessel_)
        if gespeichert is not None:
            patch_vary_headers(gespeichert, ("Cookie",))
            return gespeichert
        antwort = view(request, *args, **kwargs)
        # Logged-in people get other bytes under the same URL: shared caches must know.
        patch_vary_headers(antwort, ("Cookie",))
        return _nach_dem_rendern(request, schluessel_, antwort)

    return mit_cache


class GleichFuerAlleMixin:
    """DRF views: anonymous GET answers from the cache – after authentication, permissions and
    throttling have run (``initial()``), so the API's limits hold for stored answers too."""

    def gleich_fuer_alle(self, handler, request, *args, **kwargs):
        antwort = self._antwort(handler, request, *args, **kwargs)
        # A session or a token gets other bytes under the same URL (the internal note).
        patch_vary_headers(antwort, ("Cookie", "Authorization"))
        return antwort

    def _antwort(self, handler, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return handler(request, *args, **kwargs)
        if "HTTP_AUTHORIZATION" in request.META:
            return handler(request, *args, **kwargs)  # a refused token: DRF answers itself
        schluessel_ = schluessel(request, request.accepted_media_type or "")
        gespeichert = _aus_dem_cache(request, schluessel_)
        if gespeichert is not None:
            return gespeichert
        return _nach_dem_rendern(request, schluessel_, handler(request, *args, **kwargs))


class _ListeUndEinzeln(GleichFuerAlleMixin):
    """For view sets: their list and detail actions (other actions answer as before)."""

    def list(self, request, *args, **kwargs):
        return self.gleich_fuer_alle(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.gleich_fuer_alle(super().retrieve, request, *args, **kwargs)


class _Get(GleichFuerAlleMixin):
    """For a plain APIView with ``get``."""

    def get(self, request, *args, **kwargs):
        return self.gleich_fuer_alle(super().get, request, *args, **kwargs)


def mit_cache(viewklasse):
    """A subclass of the DRF view (set) ``viewklasse`` with anonymous answers from the cache."""
    from rest_framework.viewsets import ViewSetMixin

    mixin = _ListeUndEinzeln if issubclass(viewklasse, ViewSetMixin) else _Get
    return type(viewklasse.__name__, (mixin, viewklasse), {"__module__": viewklasse.__module__})

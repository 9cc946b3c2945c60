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

Each stored answer carries a weak ETag from its key (weak: the same answer gzipped or not is
the same representation) and a Last-Modified (the later of the Datenstand's last change, the
code's files and today's start in Berlin); ``If-None-Match`` – or, without it,
``If-Modified-Since`` – gets a 304 (RFC 9110, 13.2.2). Stored answers say
``Cache-Control: public, max-age=CACHE_CONTROL_MAX_AGE``; everything a person gets is
``private, no-cache`` (``SeitencacheMiddleware``).

The hit path of pages runs in ``SeitencacheMiddleware`` right after LocaleMiddleware (the key
needs the language): a stored page is answered before sessions, CSRF, authentication, the
second factor, axes, history and messages run. The miss path stays in ``gleich_fuer_alle``
(render, then store). The API keeps its lookup after DRF's authentication and throttling.
"""

import gzip
import hashlib
import os
from datetime import UTC, datetime, time
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, get_resolver
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from concept.datenstand import stand
from integration_portal.eigene_apps import eigene_apps

# The messages framework keeps pending messages in this cookie (CookieStorage.cookie_name).
MELDUNGEN_COOKIE = "messages"
# Headers of the view's answer that belong to the bytes (the middleware adds the rest anew).
MITGESPEICHERT = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "Link",
    "Last-Modified",
)


def _cache():
    return caches[getattr(settings, "SEITENCACHE_ALIAS", "default")]


@cache
def _quelldateien():
    """``(path, size, mtime_ns)`` of every file the bytes of a page can depend on."""
    basis = Path(settings.BASE_DIR)
    ordner = {basis / "templates", basis / "locale"}
    ordner.update(Path(config.path) for config in eigene_apps())
    dateien = []
    for wurzel in sorted(ordner):
        for datei in sorted(wurzel.rglob("*")):
            if datei.suffix in (".py", ".html", ".txt", ".mo", ".css", ".svg", ".js"):
                info = datei.stat()
                dateien.append((str(datei), info.st_size, info.st_mtime_ns))
    return tuple(dateien)


@cache
def code_stand():
    """A stamp of the code: ``PORTAL_RELEASE`` if set, else size and time of every source file.

    Several gunicorn instances of one release share stored pages when the release is named;
    without it each installation has its own stamp, which is safe.
    """
    if os.environ.get("PORTAL_RELEASE"):
        return os.environ["PORTAL_RELEASE"]
    merkmale = hashlib.sha1()
    for datei, groesse, zeit in _quelldateien():
        merkmale.update(f"{datei}:{groesse}:{zeit}\n".encode())
    return merkmale.hexdigest()[:12]


@cache
def code_zeit():
    """When the code last changed (the youngest source file), in seconds since 1970."""
    return max((zeit for _datei, _groesse, zeit in _quelldateien()), default=0) // 10**9


def stand_der_anfrage(request):
    """The Datenstand (``concept.datenstand.stand``), read once per request: the middleware,
    the page decorator and ``bedingt`` ask for it on the same request."""
    ziel = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
    gelesen = getattr(ziel, "_datenstand", None)
    if gelesen is None:
        gelesen = ziel._datenstand = stand()
    return gelesen


def letzte_aenderung(request):
    """Last-Modified of an answer built from the data, in seconds since 1970: the bytes
    change with the data, the code and the date ("überfällig"), so the latest of the three."""
    daten = stand_der_anfrage(request).zeit
    heute = datetime.combine(timezone.localdate(), time(), tzinfo=timezone.get_current_timezone())
    zeiten = [code_zeit(), int(heute.astimezone(UTC).timestamp())]
    if daten is not None:
        zeiten.append(int(daten.timestamp()))
    return max(zeiten)


def max_age():
    """Seconds a browser or shared cache may keep a public answer without asking again."""
    return getattr(settings, "CACHE_CONTROL_MAX_AGE", 60)


def oeffentlich_cachebar(antwort):
    """Mark an answer that is the same for every anonymous visitor as such for shared caches."""
    patch_cache_control(antwort, public=True, max_age=max_age())


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
        stand_der_anfrage(request).stempel,
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *weitere,
    ]
    return "seite:" + hashlib.sha1("\n".join(teile).encode()).hexdigest()


def _etag(schluessel_):
    return 'W/"' + schluessel_.removeprefix("seite:")[:24] + '"'


def bedingte_antwort(request, antwort):
    """A 304 instead of ``antwort`` when the client's copy is current (RFC 9110, 13.2.2:
    ``If-None-Match`` first; ``If-Modified-Since`` only without it), else ``antwort``."""
    if request.method not in ("GET", "HEAD"):
        return antwort
    etag = antwort.get("ETag")
    zeit = parse_http_date_safe(antwort.get("Last-Modified", ""))
    if etag is None and zeit is None:
        return antwort
    return get_conditional_response(request, etag=etag, last_modified=zeit, response=antwort)


def _aus_dem_cache(request, schluessel_):
    """The stored answer (or a 304 for the client's current copy), else None."""
    gespeichert = _cache().get(schluessel_)
    if gespeichert is None:
        return None
    # Entries of the version before stored no gzip bytes (a release under the same name).
    status, inhalt, kopf, *gepackt = gespeichert
    gepackt = gepackt[0] if gepackt else None
    if gepackt is not None and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        # Compressed once when stored, not again on every hit (GZipMiddleware leaves an answer
        # with a Content-Encoding alone). No random bytes needed: a public page has no secret.
        inhalt = gepackt
        kopf = {**kopf, "Content-Encoding": "gzip"}
    antwort = HttpResponse(inhalt, status=status)
    for name, wert in kopf.items():
        antwort.headers[name] = wert
    antwort.headers["ETag"] = _etag(schluessel_)
    # On the middleware's hit path CommonMiddleware does not run: the length it would add.
    antwort.headers["Content-Length"] = str(len(inhalt))
    oeffentlich_cachebar(antwort)
    return bedingte_antwort(request, antwort)


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
    antwort.headers["Last-Modified"] = http_date(letzte_aenderung(request))
    gepackt = _gepackt(antwort)
    if gepackt is not None:
        # Hits may come gzipped: miss and hit say so alike (the order of Vary included).
        patch_vary_headers(antwort, ("Accept-Encoding",))
    kopf = {name: antwort.headers[name] for name in MITGESPEICHERT if name in antwort.headers}
    dauer = getattr(settings, "SEITENCACHE_SEKUNDEN", 6 * 3600)
    _cache().set(schluessel_, (antwort.status_code, antwort.content, kopf, gepackt), dauer)
    antwort.headers["ETag"] = _etag(schluessel_)
    oeffentlich_cachebar(antwort)


GZIP_MIDDLEWARE = "integration_portal.komprimieren.OeffentlichGzipMiddleware"


def _gepackt(antwort):
    """The gzip bytes to store beside the page, when the portal compresses (MIDDLEWARE) and
    it is worth it (GZipMiddleware's rules: 200 bytes or more, smaller when packed)."""
    if GZIP_MIDDLEWARE not in settings.MIDDLEWARE or antwort.has_header("Content-Encoding"):
        return None
    if len(antwort.content) < 200:
        return None
    gepackt = gzip.compress(antwort.content, compresslevel=6, mtime=0)
    return gepackt if len(gepackt) < len(antwort.content) else None


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
        if not _anonym_lesend(request):
            return view(request, *args, **kwargs)
        schluessel_ = schluessel(request)
        # SeitencacheMiddleware has looked this key up already: no second lookup on a miss.
        if getattr(request, "_seitencache_gefragt", None) != schluessel_:
            gespeichert = _aus_dem_cache(request, schluessel_)
            if gespeichert is not None:
                patch_vary_headers(gespeichert, ("Cookie",))
                return gespeichert
        antwort = view(request, *args, **kwargs)
        # Logged-in people get other bytes under the same URL: shared caches must know.
        patch_vary_headers(antwort, ("Cookie",))
        return _nach_dem_rendern(request, schluessel_, antwort)

    # SeitencacheMiddleware answers hits of the views that carry this mark.
    mit_cache.gleich_fuer_alle = True
    return mit_cache


def _anonym_lesend(request):
    return request.method in ("GET", "HEAD") and ohne_person(request)


def _seite_gleich_fuer_alle(request):
    """Does the URL lead to a ``gleich_fuer_alle`` page? (Resolved as the handler will.)"""
    try:
        treffer = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(treffer.func, "gleich_fuer_alle", False)


def _persoenlich(request, antwort):
    """An answer for one person: logged in, with a session or token, or setting a cookie."""
    benutzer = getattr(request, "user", None)
    return (
        not ohne_person(request)
        or bool(antwort.cookies)
        or (benutzer is not None and benutzer.is_authenticated)
    )


class SeitencacheMiddleware:
    """The hit path of the page cache, and the caching headers of every answer.

    Placed right after LocaleMiddleware (the key holds the language) and after every
    middleware that sets a security header, so that a hit carries exactly the headers of a
    miss (tests/portal/test_http_treffer.py). A hit skips everything below: sessions, CSRF,
    authentication, second factor, axes, history, messages – none of which an anonymous
    visitor without cookies needs. Only GET/HEAD without session, messages cookie or
    ``Authorization`` are looked up, only for views marked by ``gleich_fuer_alle``.

    On the way out it turns an answer with validators into a 304 where the client's copy is
    current (the miss path, the API, downloads), and makes every personal answer
    ``Cache-Control: private, no-cache`` so that no shared cache keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Read the source files' sizes and times now, in the gunicorn master when it preloads
        # (integration_portal/aufwaermen.py), not in a worker's first request.
        code_stand()
        code_zeit()

    def __call__(self, request):
        if _anonym_lesend(request) and _seite_gleich_fuer_alle(request):
            schluessel_ = schluessel(request)
            gespeichert = _aus_dem_cache(request, schluessel_)
            if gespeichert is not None:
                patch_vary_headers(gespeichert, ("Cookie",))
                return gespeichert
            request._seitencache_gefragt = schluessel_
        antwort = self.get_response(request)
        if _persoenlich(request, antwort):
            _nur_fuer_die_person(antwort)
            return antwort
        return bedingte_antwort(request, antwort)


def _nur_fuer_die_person(antwort):
    """No shared cache may keep it: ``private, no-cache`` – unless the view has already said
    ``private`` or ``no-store`` itself (internal reports), which is as strict or stricter."""
    gesagt = {teil.strip().split("=")[0] for teil in antwort.get("Cache-Control", "").split(",")}
    if not gesagt & {"private", "no-store"}:
        patch_cache_control(antwort, private=True, no_cache=True)


class GleichFuerAlleMixin:
    """DRF views: anonymous GET answers from the cache – after authentication, permissions and
    throttling have run (``initial()``), so the API's limits hold for stored answers too."""

    def gleich_fuer_alle(self, handler, request, *args, **kwargs):
        antwort = self._antwort(handler, request, *args, **kwargs)
        # A session or a token gets other bytes under the same URL (the internal note); the
        # negotiated format is in the key, so caches must keep formats apart too.
        patch_vary_headers(antwort, ("Accept", "Cookie", "Authorization"))
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

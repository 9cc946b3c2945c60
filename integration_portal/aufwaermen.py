"""Warm the gunicorn master before it forks its workers (integration_portal/gunicorn_conf.py).

Without it a freshly forked worker does on its first request what Django does lazily: import
the views, serializers and admin modules behind the URLconf, fill the URL resolver, compile
the templates, load the de and en catalogues, and build the ORM's and the templates' many
small caches. That made the first request of every worker 0.5–0.7 s against 0.03 s after, and
workers are recycled (``max_requests``). Done once in the master with ``preload_app``, every
worker inherits it by fork.

What touches the database or the cache (a few real requests through the WSGI application)
must leave no connection behind: a worker must never share a connection with the master or a
sibling. So all are closed at the end, whatever happened, and a database that is down or not
migrated only costs a warning: the master starts all the same, the workers connect on their
own when it is back.
"""

import gc
import importlib
import io
import logging
import pkgutil
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from integration_portal.eigene_apps import eigene_apps

logger = logging.getLogger(__name__)

# Modules no request imports: the renderers are the task worker's (berichte/render.py),
# settings and server configuration are read before Django starts.
NICHT_IMPORTIEREN = (
    "berichte.docx",
    "berichte.pdfua",
    "integration_portal.settings",
    "integration_portal.settings_production",
    "integration_portal.gunicorn_conf",
)

# The public pages and API lists most requests ask for; anonymous GETs, no writes.
SEITEN = ("/", "/massnahmen/", "/akteure/", "/indikatoren/", "/api/v1/massnahmen/")


def module_importieren():
    """Every module of our apps a request may reach (not migrations, commands, renderers)."""
    anzahl = 0
    for app in eigene_apps():
        for modul in pkgutil.walk_packages([app.path], prefix=app.name + "."):
            teile = modul.name.split(".")
            if modul.name in NICHT_IMPORTIEREN or "migrations" in teile or "management" in teile:
                continue
            importlib.import_module(modul.name)
            anzahl += 1
    return anzahl


def urls_aufloesen():
    """The URLconf imported and the resolver filled for reverse() in every language."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports the URLconf and with it the views
    for sprache, _name in settings.LANGUAGES:
        with translation.override(sprache):
            resolver.reverse_dict  # noqa: B018 - fills the resolver for this language
    return len(resolver.reverse_dict)


def uebersetzungen_laden():
    for sprache, _name in settings.LANGUAGES:
        with translation.override(sprache):
            translation.gettext("Deutsch")  # loads the language's whole catalogue
    return len(settings.LANGUAGES)


def vorlagen_kompilieren():
    """Compile our templates into the cached loader (those of Django's own apps stay lazy)."""
    anzahl = 0
    for engine in engines.all():
        for ordner in engine.template_dirs:
            ordner = Path(ordner)
            if not ordner.is_relative_to(settings.BASE_DIR) or ".venv" in ordner.parts:
                continue
            for datei in sorted(ordner.rglob("*")):
                if datei.suffix not in (".html", ".txt", ".xml") or not datei.is_file():
                    continue
                try:
                    engine.get_template(str(datei.relative_to(ordner)))
                    anzahl += 1
                except Exception:  # noqa: BLE001 - a fragment that does not compile alone
                    logger.debug("Aufwärmen: Vorlage %s nicht kompiliert", datei, exc_info=True)
    return anzahl


def datenbank_bereit():
    """The database reachable and migrated (else the pages would only log errors)."""
    from django.db.migrations.executor import MigrationExecutor

    verbindung = connections["default"]
    executor = MigrationExecutor(verbindung)
    offen = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if offen:
        logger.warning("Aufwärmen ohne Seiten: %d Migrationen nicht angewandt", len(offen))
    return not offen


# Whether the master's round of the pages succeeded; the workers inherit it by fork and only
# then repeat the round (an unmigrated database would log an error per worker otherwise).
_seiten_bereit = False


def seiten_abrufen():
    """A few real anonymous requests: the ORM, template and middleware caches filled."""
    if not datenbank_bereit():
        return 0
    status = {pfad: _get(pfad, _host()) for pfad in SEITEN}
    fehler = {pfad: s for pfad, s in status.items() if s != 200}
    if fehler:
        logger.warning("Aufwärmen: Seiten nicht abrufbar (Datenbank?): %s", fehler)
    global _seiten_bereit
    _seiten_bereit = not fehler
    return len(status) - len(fehler)


def _host():
    """A host name the site answers to (ALLOWED_HOSTS), for requests from within."""
    return next(
        (h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")),
        "localhost",
    )


def _get(pfad, host):
    """GET ``pfad`` through the very application gunicorn serves (its middleware included)."""
    anwendung = get_internal_wsgi_application()
    umgebung = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": pfad,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",  # as behind the TLS proxy: no redirect to HTTPS
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    antwort = anwendung(umgebung, lambda zeile, kopf, exc_info=None: status.append(zeile))
    try:
        for _teil in antwort:
            pass
    finally:
        antwort.close()  # request_finished, as after every request
    return int(status[0].split()[0])


SCHRITTE = (
    ("Module", module_importieren),
    ("URLs", urls_aufloesen),
    ("Übersetzungen", uebersetzungen_laden),
    ("Vorlagen", vorlagen_kompilieren),
    ("Seiten", seiten_abrufen),
)


def aufwaermen(schritte=SCHRITTE):
    """Run the steps; a failing one is logged and skipped. No connection stays open."""
    start = time.perf_counter()
    ergebnis = {}
    try:
        for name, schritt in schritte:
            try:
                ergebnis[name] = schritt()
            except Exception as fehler:  # noqa: BLE001 - the master must start regardless
                logger.warning("Aufwärmen: %s fehlgeschlagen: %s", name, fehler)
    finally:
        connections.close_all()
    # What exists now is shared by the workers; the cycle collector leaves it alone, so that its
    # passes do not copy the shared memory pages into every worker (gc.freeze's purpose).
    gc.collect()
    gc.freeze()
    logger.info(
        "Aufgewärmt in %.2f s: %s",
        time.perf_counter() - start,
        ", ".join(f"{k} {v}" for k, v in ergebnis.items()),
    )
    return ergebnis


def worker_aufwaermen():
    """In a new worker, before its first request: its own database connection, and the pages.

    What the master did is inherited; what remains is the worker's own: connecting, and the
    first touch of the inherited memory (copy-on-write) and of the connection (about 15 ms on
    the first request, measured with tests/bench/start.py). One round of the pages here, before
    gunicorn hands the worker a request, makes the first request like any later one.
    """
    try:
        connections["default"].ensure_connection()
    except Exception as fehler:  # noqa: BLE001 - the first request will try again
        logger.warning("Worker ohne Datenbankverbindung gestartet: %s", fehler)
        return
    if not _seiten_bereit:
        return
    try:
        for pfad in SEITEN:
            _get(pfad, _host())
    except Exception as fehler:  # noqa: BLE001 - the worker serves regardless
        logger.warning("Worker nicht aufgewärmt: %s", fehler)

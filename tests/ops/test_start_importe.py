"""Starting a process does not import the report renderers (issue 16, "Start cheap").

WeasyPrint (with pydyf, tinycss2, cssselect2, fontTools), pikepdf and python-docx cost about a
third of a second per process and are needed only where a report is rendered, in the task
worker. A fresh interpreter does what a web process does — ``django.setup()``, the whole URLconf,
and every module of our apps a request may reach (admin, API, views, forms, tasks, signals …) —
and then none of them may be loaded. The two modules that exist only to render (``berichte.docx``,
``berichte.pdfua``) are the exception: ``berichte.render`` and ``berichte.ablage`` import them
where they render.
"""

import json
import subprocess
import sys

from django.conf import settings

RENDERER_BIBLIOTHEKEN = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "fontTools",
    "pikepdf",
    "docx",
)

# Modules that are the renderers themselves, or no part of a running server.
NUR_ZUM_RENDERN = ("berichte.docx", "berichte.pdfua")
KEIN_SERVERMODUL = (
    "integration_portal.settings",
    "integration_portal.settings_production",
    "integration_portal.gunicorn_conf",
)

PROZESS = """
import importlib, json, os, pkgutil, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

get_resolver().url_patterns
ausgenommen = set(json.loads(sys.argv[1]))
geladen = []
from integration_portal.eigene_apps import eigene_apps
for app in eigene_apps():
    for modul in pkgutil.walk_packages([app.path], prefix=app.name + "."):
        teile = modul.name.split(".")
        if modul.name in ausgenommen or "migrations" in teile or "management" in teile:
            continue
        importlib.import_module(modul.name)
        geladen.append(modul.name)
print(json.dumps({
    "geladen": geladen,
    "bibliotheken": sorted(n for n in json.loads(sys.argv[2]) if n in sys.modules),
}))
"""


def _server_importe():
    ergebnis = subprocess.run(
        [
            sys.executable,
            "-c",
            PROZESS,
            json.dumps(NUR_ZUM_RENDERN + KEIN_SERVERMODUL),
            json.dumps(RENDERER_BIBLIOTHEKEN),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(ergebnis.stdout.strip().splitlines()[-1])


def test_server_module_laden_keinen_renderer():
    ergebnis = _server_importe()
    # The walk really reached the modules a request may use, the task module included.
    for modul in ("berichte.tasks", "berichte.render", "berichte.ablage", "measures.admin"):
        assert modul in ergebnis["geladen"]
    assert ergebnis["bibliotheken"] == []


BEFEHL = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
import django
django.setup()
print(json.dumps(sorted(n for n in json.loads(sys.argv[1]) if n in sys.modules)))
"""


def test_ein_befehl_laedt_weder_renderer_noch_api_schema():
    """``django.setup()`` alone (what db_worker, migrate, demo need) leaves drf-spectacular's
    schema machinery to the URLconf: it drags in DRF's fields, requests and django.test."""
    ergebnis = subprocess.run(
        [
            sys.executable,
            "-c",
            BEFEHL,
            json.dumps([*RENDERER_BIBLIOTHEKEN, "drf_spectacular.plumbing"]),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(ergebnis.stdout.strip().splitlines()[-1]) == []


def test_das_api_schema_beschreibt_weiter_unser_token(client):
    # konten/schema.py, now imported by the API's URLconf instead of konten's ready().
    schemata = client.get("/api/v1/schema/?format=json").json()["components"]["securitySchemes"]
    assert schemata["tokenAuth"]["type"] == "apiKey"
    assert schemata["tokenAuth"]["name"] == "Authorization"
    assert 'prefix "Token"' in schemata["tokenAuth"]["description"]

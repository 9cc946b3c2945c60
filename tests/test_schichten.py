"""Imports between our apps point one way (DESIGN.md, "Architecture"):

    concept ← measures ← monitoring ← berichte, portal

An app may import itself and the apps before it in this order, never one after it; ``berichte``
and ``portal`` share the top layer and do not import each other. The walk reads every ``.py``
file of the apps with ``ast``, so imports inside functions (the lazy imports that once hid a
cycle between measures and monitoring) count as much as those at the top of a module.
"""

import ast
from pathlib import Path

import pytest

WURZEL = Path(__file__).resolve().parents[1]

# App → layer. Lower layers never import higher ones; apps of one layer not each other.
SCHICHTEN = {
    "concept": 0,
    "versand": 0,
    "measures": 1,
    "monitoring": 2,
    # Accounts, tokens and the second factor build on measures (roles, Akteure) only.
    "konten": 2,
    # Ansprechpersonen, their import and invitations: on measures and versand.
    "netzwerk": 2,
    # Notifications: review results, reminders, the Büro's digest (measures, versand below).
    "benachrichtigungen": 2,
    # Summaries in Leichte Sprache per Handlungsfeld (on concept and measures; portal shows them).
    "leichte_sprache": 2,
    "berichte": 3,
    "portal": 3,
    # The site-wide search: reads concept, measures and monitoring, never portal or berichte.
    "suche": 3,
    # Datenschutz (DSGVO) reads accounts, Sachstände and login records of all the others.
    "datenschutz": 3,
}


def importierte_apps(quelltext):
    """(line, app) for every absolute import of one of our apps in ``quelltext``."""
    for knoten in ast.walk(ast.parse(quelltext)):
        if isinstance(knoten, ast.Import):
            namen = [alias.name for alias in knoten.names]
        elif isinstance(knoten, ast.ImportFrom) and knoten.level == 0 and knoten.module:
            namen = [knoten.module]
        else:
            continue  # relative imports stay inside their package
        for name in namen:
            app = name.split(".")[0]
            if app in SCHICHTEN:
                yield knoten.lineno, app


def falsche_importe(app, quelltext):
    """The imports in a module of ``app`` that point up or sideways, as (line, imported app)."""
    return [
        (zeile, ziel)
        for zeile, ziel in importierte_apps(quelltext)
        if ziel != app and SCHICHTEN[ziel] >= SCHICHTEN[app]
    ]


def test_keine_app_importiert_eine_hoehere_oder_benachbarte():
    fehler = []
    for app in SCHICHTEN:
        dateien = sorted((WURZEL / app).rglob("*.py"))
        assert dateien, f"App {app} nicht gefunden"
        for datei in dateien:
            for zeile, ziel in falsche_importe(app, datei.read_text(encoding="utf-8")):
                fehler.append(f"{datei.relative_to(WURZEL)}:{zeile} importiert {ziel}")
    assert not fehler, "Importe gegen die Schichtung:\n" + "\n".join(fehler)


@pytest.mark.parametrize(
    ("app", "quelltext", "erwartet"),
    [
        # The old cycle: the reports in measures drew monitoring's charts, lazily.
        ("measures", "def f():\n    from monitoring import charts\n", [(2, "monitoring")]),
        ("measures", "import berichte.data\n", [(1, "berichte")]),
        ("concept", "from measures.models import Akteur\n", [(1, "measures")]),
        ("monitoring", "from portal.views import OverviewView\n", [(1, "portal")]),
        ("berichte", "from portal.views.base import nummer_schluessel\n", [(1, "portal")]),
        ("portal", "import berichte\n", [(1, "berichte")]),
        # Allowed: downwards, inside the app, relative, and modules outside our apps.
        ("berichte", "from monitoring import charts\nfrom measures.models import Akteur\n", []),
        ("monitoring", "def f():\n    from measures.permissions import ist_buero\n", []),
        ("measures", "from measures.models import Akteur\nfrom . import roles\n", []),
        ("measures", "import django.db\nfrom integration_portal import api\n", []),
    ],
)
def test_die_pruefung_erkennt_falsche_richtungen(app, quelltext, erwartet):
    assert falsche_importe(app, quelltext) == erwartet


def _module(pfade):
    for pfad in pfade:
        for datei in sorted((WURZEL / pfad).rglob("*.py")):
            yield datei, ast.parse(datei.read_text(encoding="utf-8"))


def _importe(baum):
    for knoten in ast.walk(baum):
        if isinstance(knoten, ast.Import):
            yield from ((knoten.lineno, alias.name) for alias in knoten.names)
        elif isinstance(knoten, ast.ImportFrom) and knoten.level == 0 and knoten.module:
            yield knoten.lineno, knoten.module


def test_betriebscode_importiert_keine_testwerkzeuge():
    # django.test (override_settings & Co.) is for tests; production code has its own means.
    fehler = [
        f"{datei.relative_to(WURZEL)}:{zeile} importiert {name}"
        for datei, baum in _module([*SCHICHTEN, "integration_portal"])
        for zeile, name in _importe(baum)
        if name == "django.test" or name.startswith("django.test.")
    ]
    assert not fehler, "\n".join(fehler)


def test_datenmigrationen_importieren_keinen_lebenden_app_code():
    # A data migration runs years later against the code of that day: it carries a frozen copy
    # of what it needs (e.g. the role definitions in measures/migrations/0002_rollen.py).
    fehler = [
        f"{datei.relative_to(WURZEL)}:{zeile} importiert {name}"
        for datei, baum in _module(SCHICHTEN)
        if datei.parent.name == "migrations" and "RunPython" in ast.unparse(baum)
        for zeile, name in _importe(baum)
        if name.split(".")[0] in SCHICHTEN
    ]
    assert not fehler, "\n".join(fehler)

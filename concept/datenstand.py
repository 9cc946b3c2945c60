"""Datenstand: one cheap stamp of "what the data look like now" (DESIGN.md glossary).

``datenstand()`` returns a short string that changes whenever anything a page, report or API
answer shows changes – inserts, edits and deletions – in one query. The report cache keys its
PDFs by it; page caches and ETags can do the same.

Why here: ``concept`` is the lowest app, so every app may import this module without an import
pointing the wrong way (concept ← measures ← monitoring ← berichte, portal). It does not import
the apps above it: it asks each installed app for its own parts through the app registry
(``AppConfig.datenstand_teile()``), so each app says itself what of its data is shown, and a
new app joins by adding that method. The parts, built with the helpers below:

- ``historie(modell)``: the newest row of the model's history (django-simple-history writes one
  for every insert, change and deletion through the ORM);
- ``geaendert(modell)``: number of rows and newest ``geaendert_am`` (``auto_now``), for models
  without history (a deletion lowers the number, an edit moves the time);
- ``anzahl_und_id(modell)``: number and highest id, for rows that are written once and never
  edited (Berichtsstände).

``QuerySet.update()`` bypasses history and ``auto_now``; code that uses it on shown data must
save through the model instead (or callers rely on the cache timeout).
"""

import hashlib
from functools import cache

from django.apps import apps
from django.db import connection


def _q(name):
    return connection.ops.quote_name(name)


def historie(modell):
    tabelle = _q(modell.history.model._meta.db_table)
    return [(f"(SELECT MAX({_q('history_id')}) FROM {tabelle})", [])]


def geaendert(modell, feld="geaendert_am"):
    tabelle = _q(modell._meta.db_table)
    spalte = _q(modell._meta.get_field(feld).column)
    return [
        (f"(SELECT COUNT(*) FROM {tabelle})", []),
        (f"(SELECT MAX({spalte}) FROM {tabelle})", []),
    ]


def anzahl_und_id(modell, wo="", parameter=()):
    tabelle, pk = _q(modell._meta.db_table), _q(modell._meta.pk.column)
    bedingung = f" WHERE {wo}" if wo else ""
    return [
        (f"(SELECT COUNT(*) FROM {tabelle}{bedingung})", list(parameter)),
        (f"(SELECT MAX({pk}) FROM {tabelle}{bedingung})", list(parameter)),
    ]


@cache
def _abfrage():
    """The one SELECT of all apps' parts, built once per process (the apps do not change)."""
    teile = []
    for config in apps.get_app_configs():
        teile_der_app = getattr(config, "datenstand_teile", None)
        if teile_der_app is not None:
            teile.extend(teile_der_app())
    sql = "SELECT " + ", ".join(teil for teil, _parameter in teile)
    parameter = [p for _teil, liste in teile for p in liste]
    return sql, parameter


def datenstand():
    """A short string that changes whenever shown data change (one query)."""
    sql, parameter = _abfrage()
    with connection.cursor() as cursor:
        cursor.execute(sql, parameter)
        zeile = cursor.fetchone()
    return hashlib.sha1(repr(zeile).encode()).hexdigest()[:16]

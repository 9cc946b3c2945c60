"""Datenstand: one cheap stamp of "what the shown data look like now" (DESIGN.md glossary).

``datenstand()`` returns a short string that changes with every committed insert, change or
deletion of data that a page, report or API answer shows. Page caches, ETags and stored reports
are keyed by it (integration_portal/seitencache.py, berichte/ablage.py).

How: database triggers. Every watched table has triggers that count the change in the small
table ``concept_datenstand`` – in the database itself, so that nothing can slip past: not
``QuerySet.update()``, ``bulk_create()``, raw SQL, an import, ``load_konzept`` or a change made
in psql. Reading the stamp is one query of a few rows, so a cached page costs almost nothing.

- Each row of ``concept_datenstand`` is a *slot*: PostgreSQL counts in the slot of the database
  session (``pg_backend_pid() % 64``), so that two processes writing at the same time (two Büro
  staff, an import on the worker) do not wait for each other on one counter row, and a change
  becomes visible in the stamp exactly when its transaction commits, whatever the order of the
  commits. SQLite has one writer at a time and one slot.
- Each change writes a new random ``marke`` beside the counter: after a restored backup or a
  flushed database a counter may come back to an old value, the marke does not, so a cached page
  of another state is never taken for this one.
- PostgreSQL counts once per statement (a bulk import of 100,000 values is one count per
  batch); SQLite, which only has row triggers, once per row (cheap: one row in one page).

Which tables: each installed app says it itself, ``AppConfig.datenstand_modelle()`` returning
models or ``(model, {"feld": wert})`` pairs – then only rows with that value count (a Sachstand
counts once it is approved; a submission waiting for review shows nowhere). A new app joins by
adding that method. The triggers are (re)made after every ``migrate`` (post_migrate, also for
test databases), because SQLite drops a table's triggers when a migration rebuilds the table.

Why here: ``concept`` is the lowest app, so every app may import this module; it does not import
the apps above it but asks them through the app registry.
"""

import hashlib
from datetime import UTC, datetime
from typing import NamedTuple

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

TABELLE = "concept_datenstand"
PRAEFIX = "datenstand_"
# PostgreSQL slots: enough that concurrent writers rarely share one (gunicorn workers, worker).
SLOTS = 64


def beobachtet():
    """``[(model, bedingung)]`` of every app's shown data; ``bedingung`` {} or {field: value}."""
    ergebnis = []
    for config in apps.get_app_configs():
        modelle = getattr(config, "datenstand_modelle", None)
        if modelle is None:
            continue
        for eintrag in modelle():
            modell, bedingung = eintrag if isinstance(eintrag, tuple) else (eintrag, {})
            ergebnis.append((modell, bedingung))
            # Links of many-to-many fields (an indicator's Handlungsfelder) live in tables of
            # their own, which Django makes: they are shown data too.
            for feld in modell._meta.local_many_to_many:
                if feld.remote_field.through._meta.auto_created:
                    ergebnis.append((feld.remote_field.through, {}))
    return ergebnis


class Stand(NamedTuple):
    """The stamp and the time of the last counted change (None before any change)."""

    stempel: str
    zeit: datetime | None


def _als_zeit(wert):
    """``geaendert_am`` as an aware UTC datetime: PostgreSQL gives one, SQLite the text that
    ``strftime`` wrote (UTC, the trigger's ``'now'``)."""
    if isinstance(wert, str):
        wert = datetime.fromisoformat(wert)
    if wert.tzinfo is None:
        wert = wert.replace(tzinfo=UTC)
    return wert.astimezone(UTC)


def stand(using=DEFAULT_DB_ALIAS):
    """The Datenstand with the time of its last change, in one query (Last-Modified).

    The time is when the last counted statement ran (``clock_timestamp()`` on PostgreSQL,
    ``strftime('now')`` on SQLite), not its commit: a transaction committing later than a
    younger one can leave the time unchanged. The stamp still changes, so ETags stay exact;
    only a client that sends nothing but ``If-Modified-Since`` may keep its copy for the few
    milliseconds of such an overlap (README, "Seitencache").
    """
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT slot, nummer, marke, geaendert_am FROM {TABELLE} ORDER BY slot")
        zeilen = cursor.fetchall()
    # The stamp is made of the counters and markes only, as before: the time adds nothing.
    stempel = hashlib.sha1(repr([zeile[:3] for zeile in zeilen]).encode()).hexdigest()[:16]
    zeit = max((_als_zeit(zeile[3]) for zeile in zeilen), default=None)
    return Stand(stempel, zeit)


def datenstand(using=DEFAULT_DB_ALIAS):
    """A short string that changes whenever shown data change (one query)."""
    return stand(using).stempel


# --- the triggers ---------------------------------------------------------------------------


def _bedingung(ops, bedingung, zeile):
    """SQL of ``bedingung`` on the trigger's NEW or OLD row; values are SQL literals."""
    teile = []
    for spalte, wert in bedingung.items():
        literal = "'" + str(wert).replace("'", "''") + "'"
        teile.append(f"{zeile}.{ops.quote_name(spalte)} = {literal}")
    return " AND ".join(teile)


def _spalten(modell, bedingung):
    return {modell._meta.get_field(feld).column: wert for feld, wert in bedingung.items()}


_SQLITE_ZAEHLEN = f"""
INSERT INTO {TABELLE} (slot, nummer, marke, geaendert_am)
VALUES (0, 1, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'))
ON CONFLICT(slot) DO UPDATE SET nummer = nummer + 1, marke = excluded.marke,
    geaendert_am = excluded.geaendert_am;
"""

_PG_FUNKTION = f"""
CREATE OR REPLACE FUNCTION {PRAEFIX}zaehlen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABELLE} (slot, nummer, marke, geaendert_am)
    VALUES (pg_backend_pid() % {SLOTS}, 1, md5(random()::text || clock_timestamp()::text),
            clock_timestamp())
    ON CONFLICT (slot) DO UPDATE SET nummer = {TABELLE}.nummer + 1,
        marke = EXCLUDED.marke, geaendert_am = EXCLUDED.geaendert_am;
    RETURN NULL;
END $$;
"""


# Row triggers per event, and which row a condition reads: the new one, the old one, or either
# (an update that approves or withdraws an approval counts).
EREIGNISSE = {
    "ins": ("INSERT", ["NEW"]),
    "upd": ("UPDATE", ["NEW", "OLD"]),
    "del": ("DELETE", ["OLD"]),
}


def _sqlite_trigger(ops, tabelle, spalten):
    name = f"{PRAEFIX}{tabelle}"
    for kurz, (ereignis, zeilen) in EREIGNISSE.items():
        wann = ""
        if spalten:
            wann = " WHEN " + " OR ".join(f"({_bedingung(ops, spalten, z)})" for z in zeilen)
        yield (
            f"CREATE TRIGGER {ops.quote_name(f'{name}_{kurz}')} AFTER {ereignis} ON "
            f"{ops.quote_name(tabelle)} FOR EACH ROW{wann} BEGIN {_SQLITE_ZAEHLEN} END"
        )


def _pg_trigger(ops, tabelle, spalten):
    name = f"{PRAEFIX}{tabelle}"
    ausfuehren = f"EXECUTE FUNCTION {PRAEFIX}zaehlen()"
    ziel = ops.quote_name(tabelle)
    if not spalten:
        yield (
            f"CREATE TRIGGER {ops.quote_name(name)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {ziel} FOR EACH STATEMENT {ausfuehren}"
        )
        return
    for kurz, (ereignis, zeilen) in EREIGNISSE.items():
        wann = " OR ".join(f"({_bedingung(ops, spalten, z)})" for z in zeilen)
        yield (
            f"CREATE TRIGGER {ops.quote_name(f'{name}_{kurz}')} AFTER {ereignis} ON {ziel} "
            f"FOR EACH ROW WHEN ({wann}) {ausfuehren}"
        )
    yield (
        f"CREATE TRIGGER {ops.quote_name(f'{name}_trunc')} AFTER TRUNCATE ON {ziel} "
        f"FOR EACH STATEMENT {ausfuehren}"
    )


def _alte_trigger_entfernen(verbindung, cursor):
    ops = verbindung.ops
    if verbindung.vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [PRAEFIX + "%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {ops.quote_name(name)}")
        return
    cursor.execute(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname LIKE %s AND NOT t.tgisinternal AND pg_table_is_visible(c.oid)",
        [PRAEFIX + "%"],
    )
    for name, tabelle in cursor.fetchall():
        cursor.execute(
            f"DROP TRIGGER IF EXISTS {ops.quote_name(name)} ON {ops.quote_name(tabelle)}"
        )


def trigger_einrichten(using=DEFAULT_DB_ALIAS):
    """Make the triggers of every watched table that exists (again); returns their tables."""
    verbindung = connections[using]
    if verbindung.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"Datenstand-Trigger für {verbindung.vendor} fehlen")
    vorhanden = set(verbindung.introspection.table_names())
    if TABELLE not in vorhanden:
        return []
    bauen = _sqlite_trigger if verbindung.vendor == "sqlite" else _pg_trigger
    tabellen = []
    with verbindung.cursor() as cursor:
        if verbindung.vendor == "postgresql":
            cursor.execute(_PG_FUNKTION)
        _alte_trigger_entfernen(verbindung, cursor)
        for modell, bedingung in beobachtet():
            tabelle = modell._meta.db_table
            if tabelle not in vorhanden:
                continue  # a migrate of single apps: the next full migrate adds it
            for sql in bauen(verbindung.ops, tabelle, _spalten(modell, bedingung)):
                cursor.execute(sql)
            tabellen.append(tabelle)
    return tabellen


def nach_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate of the concept app (sent after all migrations of the run are applied)."""
    trigger_einrichten(using)

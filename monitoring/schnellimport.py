"""The write step of the Messwerte import on PostgreSQL: ``COPY`` instead of the ORM.

``monitoring/importing.py`` checks a file and decides what is new and what changed; this module
only writes that, in the import's transaction, so that it stays all or nothing. Through the ORM,
100,000 new values took 11.5 s, half of it django-simple-history building one history instance
per value; here they are two ``COPY … FROM STDIN`` of the same rows, into ``monitoring_messwert``
and ``monitoring_historicalmesswert``:

- the new rows' ids are taken from the table's own sequence first (one query), so that both
  tables can be written by ``COPY`` and each history row names its Messwert;
- the history rows carry what ``bulk_create_with_history`` writes: every field of the value,
  ``history_type`` "+" (new) or "~" (changed), ``history_date`` the import's time,
  ``history_user_id`` and ``history_change_reason`` the import's ``grund`` – the admin history of
  an imported value looks as it did with the ORM;
- changed values go through a temporary table: one ``UPDATE … FROM`` that writes only rows still
  as the check read them (same ``geaendert_am``) and returns them into their "~" history rows in
  the same statement; if fewer rows come back than were meant, someone changed one in between and
  the import is refused (``GeaendertSeitPruefung``), as the preview's re-check would;
- ``dimensionen`` is derived here as ``Messwert.save()`` does; the Datenstand triggers
  (concept/datenstand.py) are statement triggers and fire for ``COPY`` and ``UPDATE`` alike.

SQLite keeps the ORM path (importing.py); ``tests/monitoring/test_import_schnell.py`` runs one
file through both paths and compares values and history rows.
"""

import io
from datetime import date, datetime

from django.db import connection

from monitoring.models import Messwert, dimensionen_von

# COPY's text format: backslash, tab, newline and carriage return are escaped, NULL is \N.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
FALLZAHL = "fallzahl"  # written only when the file has the column (importing.FALLZAHL)
HISTORIE_FELDER = ("history_date", "history_change_reason", "history_type", "history_user_id")


def moeglich():
    return connection.vendor == "postgresql"


def _text(wert):
    if wert is None:
        return NULL
    if isinstance(wert, str):
        return wert.translate(_ESCAPES)
    if isinstance(wert, bool):
        return "t" if wert else "f"
    if isinstance(wert, date | datetime):
        return wert.isoformat()
    return str(wert)


def _spalten():
    """``[(column, attname)]`` of Messwert, and the columns of its history table."""
    messwert = [(f.column, f.attname) for f in Messwert._meta.concrete_fields]
    historie = Messwert.history.model
    # history_id is the history table's own identity; everything else is written.
    historie_spalten = [f.column for f in historie._meta.concrete_fields if f.name != "history_id"]
    return messwert, historie, historie_spalten


def _copy(cursor, tabelle, spalten, zeilen):
    puffer = io.StringIO()
    for zeile in zeilen:
        puffer.write("\t".join(_text(w) for w in zeile))
        puffer.write("\n")
    puffer.seek(0)
    namen = ", ".join(connection.ops.quote_name(s) for s in spalten)
    cursor.copy_expert(f"COPY {connection.ops.quote_name(tabelle)} ({namen}) FROM STDIN", puffer)


# The columns a new value's row writes, in this order; every other column of Messwert must be
# nullable without a default (quelle_akteur, leistungsmeldung: set by the Sachstand approval,
# never by an import), which ``_neue_spalten()`` checks, so that a field added later cannot be
# skipped silently.
NEUE_SPALTEN = (
    "id",
    "indikator_id",
    "datum",
    "zeitart",
    "aufschluesselung",
    "dimensionen",
    "wert",
    "genauigkeit",
    "quelle",
    "status",
    "anmerkung",
    "fallzahl",
    "geaendert_am",
)


def _neue_spalten():
    uebrig = [f for f in Messwert._meta.concrete_fields if f.column not in NEUE_SPALTEN]
    if falsch := [f.name for f in uebrig if not f.null or f.has_default() or f.has_db_default()]:
        raise RuntimeError(f"schnellimport.NEUE_SPALTEN fehlt: {', '.join(falsch)}")
    return NEUE_SPALTEN


def _zeilentext(z, pk, jetzt_text):
    """The COPY line of one new value; the history line is this plus the history columns."""
    fallzahl = z.fallzahl if z.mit_fallzahl else None
    return "\t".join(
        (
            str(pk),
            str(z.indikator.pk),
            z.datum.isoformat(),
            z.zeitart,
            z.aufschluesselung.translate(_ESCAPES),
            dimensionen_von(z.aufschluesselung).translate(_ESCAPES),
            str(z.wert),
            z.genauigkeit,
            z.quelle.translate(_ESCAPES),
            z.status,
            z.anmerkung.translate(_ESCAPES),
            NULL if fallzahl is None else str(fallzahl),
            jetzt_text,
        )
    )


def neue_schreiben(zeilen, jetzt, benutzer, grund):
    """Insert the new values and their "+" history rows with two ``COPY``.

    Each line is built once and written to both tables (the history line adds the four history
    columns, the same for every row): building the text is most of this step's Python time.
    """
    if not zeilen:
        return
    spalten = _neue_spalten()
    historie = Messwert.history.model
    tabelle = Messwert._meta.db_table
    zusatz = "\t".join(
        _text(w)
        for w in (jetzt, grund, "+", getattr(benutzer, "pk", None))  # HISTORIE_FELDER's order
    )
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [tabelle, len(zeilen)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
        jetzt_text = jetzt.isoformat()
        texte = [_zeilentext(z, pk, jetzt_text) for z, pk in zip(zeilen, pks, strict=True)]
        werte = io.StringIO("\n".join(texte) + "\n")
        cursor.copy_expert(
            f"COPY {q(tabelle)} ({', '.join(q(s) for s in spalten)}) FROM STDIN", werte
        )
        historie_spalten = [*spalten, *HISTORIE_FELDER]
        historie_zeilen = io.StringIO("".join(f"{t}\t{zusatz}\n" for t in texte))
        cursor.copy_expert(
            f"COPY {q(historie._meta.db_table)} ({', '.join(q(s) for s in historie_spalten)}) "
            "FROM STDIN",
            historie_zeilen,
        )


class GeaendertSeitPruefung(Exception):
    """A Messwert to be updated changed (or vanished) after the check read it."""


def aenderungen_schreiben(aenderungen, immer, jetzt, benutzer, grund):
    """Update the changed values and add their "~" history rows; refuse if one moved meanwhile.

    ``immer`` are the fields every row sets; ``fallzahl`` only where the file has the column.
    """
    if not aenderungen:
        return
    felder = [*immer, FALLZAHL]
    messwert_spalten, historie, historie_spalten = _spalten()
    q = connection.ops.quote_name
    spalte_von = {f.attname: f.column for f in Messwert._meta.concrete_fields}
    with connection.cursor() as cursor:
        # Typed like the table's own columns; "mit_fallzahl" says whether the file had the
        # column (otherwise the stored case count stays).
        cursor.execute(
            "CREATE TEMPORARY TABLE messwert_import ON COMMIT DROP AS "
            "SELECT id, geaendert_am AS alt_geaendert_am, "
            f"{', '.join(q(spalte_von[f]) for f in felder)}, TRUE AS mit_fallzahl "
            f"FROM {q(Messwert._meta.db_table)} WITH NO DATA"
        )
        _copy(
            cursor,
            "messwert_import",
            ["id", "alt_geaendert_am", *(spalte_von[f] for f in felder), "mit_fallzahl"],
            (
                [
                    alt.pk,
                    alt.geaendert_am,
                    *(
                        getattr(zeile, f) if zeile.mit_fallzahl or f != FALLZAHL else None
                        for f in felder
                    ),
                    zeile.mit_fallzahl,
                ]
                for alt, zeile in aenderungen
            ),
        )
        setzen = [f"{q(spalte_von[f])} = i.{q(spalte_von[f])}" for f in immer]
        fz = q(spalte_von[FALLZAHL])
        setzen.append(f"{fz} = CASE WHEN i.mit_fallzahl THEN i.{fz} ELSE m.{fz} END")
        setzen.append(f"{q('geaendert_am')} = %s")
        historie_werte = [
            "%s" if f.attname in HISTORIE_FELDER else f"u.{q(f.column)}"
            for f in historie._meta.concrete_fields
            if f.name != "history_id"
        ]
        zusatz = {
            "history_date": jetzt,
            "history_change_reason": grund,
            "history_type": "~",
            "history_user_id": getattr(benutzer, "pk", None),
        }
        parameter = [jetzt] + [
            zusatz[f.attname]
            for f in historie._meta.concrete_fields
            if f.attname in HISTORIE_FELDER
        ]
        cursor.execute(
            f"WITH u AS (UPDATE {q(Messwert._meta.db_table)} m SET {', '.join(setzen)} "
            "FROM messwert_import i "
            "WHERE m.id = i.id AND m.geaendert_am = i.alt_geaendert_am RETURNING m.*) "
            f"INSERT INTO {q(historie._meta.db_table)} "
            f"({', '.join(q(s) for s in historie_spalten)}) "
            f"SELECT {', '.join(historie_werte)} FROM u",
            parameter,
        )
        geschrieben = cursor.rowcount
        cursor.execute("DROP TABLE messwert_import")
    if geschrieben != len(aenderungen):
        raise GeaendertSeitPruefung

"""Backup and restore: a portable JSON dump of everything that matters, plus pg_dump.

The JSON dump (Django's ``dumpdata``) holds the concept, the measures with their Sachstände and
Berichtsrunden, the monitoring's Indikatoren and Messwerte, every history table, and the
accounts with their groups and API tokens (only their hashes: konten/models.py); the files
are readable by their owner only (0600, in a folder 0700). Users, groups and permissions are
written with natural keys (names instead of numbers), so the dump loads into any empty
database of any supported engine — SQLite, PostgreSQL, a newer server. Left out is what the
database rebuilds or what is only transient: content types and permissions (made by
``migrate``), sessions, and django-axes' login attempts.

On PostgreSQL ``backup`` also writes a ``pg_dump`` archive (custom format): the faster, exact
copy of the same database, restored with ``pg_restore``.
"""

import contextlib
import gzip
import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.utils import timezone

AUSGESCHLOSSEN = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    # The Datenstand counter is written by triggers while the dump loads (concept/datenstand.py).
    "concept.datenstand",
]

# JSON with timestamps to the microsecond (integration_portal/serializer_exakt.py).
EXAKT = "json_exakt"

# What must be empty before a JSON restore: a restore never merges into living data.
INHALTSMODELLE = [
    "concept.Konzept",
    "measures.Akteur",
    "measures.Massnahme",
    "measures.Sachstand",
    "monitoring.Indikator",
    "monitoring.Messwert",
]


def ist_postgres():
    return connection.vendor == "postgresql"


def dateiname(ziel, endung):
    stempel = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(ziel) / f"integrationsportal-{stempel}{endung}"


@contextlib.contextmanager
def nur_fuer_eigentuemer(verzeichnis):
    """Backups hold password hashes and personal data: folder 0700, every file written 0600.

    The umask covers files that dumpdata and pg_dump open themselves; it is restored after.
    """
    verzeichnis = Path(verzeichnis)
    verzeichnis.mkdir(parents=True, exist_ok=True, mode=0o700)
    verzeichnis.chmod(verzeichnis.stat().st_mode & 0o700)
    alte_maske = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(alte_maske)


def json_sichern(pfad):
    """Write the portable dump (gzip-compressed when ``pfad`` ends in ``.gz``), mode 0600."""
    pfad = Path(pfad)
    with nur_fuer_eigentuemer(pfad.parent):
        _json_schreiben(pfad)
    pfad.chmod(0o600)
    return pfad


def _json_schreiben(pfad):
    teilpfad = pfad.with_name(pfad.name + ".teil")
    # dumpdata decides on compression by the file name, so write plain JSON and compress here:
    # the half-written file keeps a name no restore would pick up.
    serializers.register_serializer(EXAKT, "integration_portal.serializer_exakt")
    call_command(
        "dumpdata",
        format=EXAKT,
        exclude=AUSGESCHLOSSEN,
        natural_foreign=True,
        natural_primary=True,
        indent=None,
        output=str(teilpfad),
        verbosity=0,
    )
    _nur_bestehende_rechte(teilpfad)
    if pfad.suffix == ".gz":
        with open(teilpfad, "rb") as roh, gzip.open(pfad, "wb") as gepackt:
            shutil.copyfileobj(roh, gepackt)
        teilpfad.unlink()
    else:
        teilpfad.replace(pfad)


def _besteht(schluessel):
    """Is the natural key ``[codename, app_label, model]`` a permission of an existing model?"""
    from django.apps import apps

    try:
        apps.get_model(schluessel[1], schluessel[2])
    except (LookupError, IndexError):
        return False
    return True


def _nur_bestehende_rechte(pfad):
    """Leave out the rights of models that no longer exist.

    A model that a later migration removed (e.g. measures 0001 → 0007) leaves its content type
    and permissions in the database, and a group may still hold them; a fresh database has no
    such content type, so the whole dump would fail to load.
    """
    daten = json.loads(Path(pfad).read_text(encoding="utf-8"))
    for eintrag in daten:
        if eintrag["model"] not in ("auth.group", "auth.user"):
            continue
        felder = eintrag["fields"]
        for feld in ("permissions", "user_permissions"):
            if feld in felder:
                felder[feld] = [schluessel for schluessel in felder[feld] if _besteht(schluessel)]
    Path(pfad).write_text(json.dumps(daten, ensure_ascii=False), encoding="utf-8")


def pg_umgebung():
    """libpq's environment for the default database (password not on the command line)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for schluessel, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if db.get(schluessel):
            env[variable] = str(db[schluessel])
    return env


def pg_sichern(pfad):
    pfad = Path(pfad)
    with nur_fuer_eigentuemer(pfad.parent):
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(pfad)],
            env=pg_umgebung(),
            check=True,
        )
    pfad.chmod(0o600)
    return pfad


def pg_wiederherstellen(pfad):
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            pg_umgebung()["PGDATABASE"],
            str(pfad),
        ],
        env=pg_umgebung(),
        check=True,
    )


def belegte_modelle():
    from django.apps import apps

    belegt = [name for name in INHALTSMODELLE if apps.get_model(name).objects.exists()]
    if get_user_model().objects.exists():
        belegt.append("auth.User")
    return belegt


def _historie_auslassen(sender, instance, raw=False, **kwargs):
    if raw:
        # simple_history skips an instance with this attribute, also for its m2m changes.
        instance.skip_history_when_saving = True


@contextmanager
def ohne_neue_historie():
    """While a dump loads (``raw`` saves only), simple_history records nothing new."""
    pre_save.connect(_historie_auslassen, dispatch_uid="backup_ohne_neue_historie")
    try:
        yield
    finally:
        pre_save.disconnect(dispatch_uid="backup_ohne_neue_historie")


def json_wiederherstellen(pfad):
    """Load a JSON dump into a migrated, empty database, all or nothing."""
    # The dump holds the history as it was; loading must not add to it (simple_history would
    # record the restored Akteur members as a change).
    with ohne_neue_historie(), transaction.atomic():
        call_command("loaddata", str(pfad), verbosity=0)

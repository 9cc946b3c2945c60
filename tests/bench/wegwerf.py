"""A throwaway database for one benchmark, with the real concept (and its figures) loaded."""

import contextlib
import io
import sys
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection


@contextlib.contextmanager
def wegwerf_datenbank(praefix, konzept=True):
    """Create a test database (an SQLite file, closer to how the portal runs), yield its name.

    With ``konzept`` the 2020 concept and, if they load, the monitoring figures are in it.
    """
    alte_db = connection.settings_dict["NAME"]
    ordner = tempfile.TemporaryDirectory(prefix=praefix)
    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
            Path(ordner.name) / "db.sqlite3"
        )
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if konzept:
            call_command("load_konzept", verbosity=0, stdout=io.StringIO())
            try:
                call_command("load_monitoring", stdout=io.StringIO(), stderr=io.StringIO())
            except Exception as fehler:  # noqa: BLE001 - the benchmarks run without the figures
                print(f"load_monitoring übersprungen: {fehler}", file=sys.stderr)
        yield test_db
    finally:
        connection.creation.destroy_test_db(alte_db, verbosity=0)
        ordner.cleanup()

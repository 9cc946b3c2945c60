"""`make bench` "monitoring" (tests/bench/monitoring.py) end to end in small, so that it cannot rot.

600 values instead of 100,000, one render per page, on a scratch SQLite file (or PostgreSQL when
``DATABASE_URL`` says so, with the COPY baseline). It checks that every part of the run prints
its row – import, re-import, baseline or why not, the indicator page with the 1× comparison of
its queries, the Datenlage page or "nicht vorhanden", the machine's load. Figures are never
asserted, except that the indicator page's queries do not grow with the data.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASIS = Path(__file__).resolve().parents[2]
ZAHL = r"\d+(?:\.\d+)?"
DAUER = rf"{ZAHL} s \(CPU\s+{ZAHL} s\)"  # wall time and this process's CPU


def _umgebung():
    """On PostgreSQL the bench's throw-away database must not be this test run's own
    ``test_<name>`` (both are made by ``create_test_db``): it runs on ``<name>_bench``."""
    umgebung = dict(os.environ)
    if url := umgebung.get("DATABASE_URL"):
        teile = urlsplit(url)
        if teile.scheme.startswith("postgres"):
            umgebung["DATABASE_URL"] = urlunsplit(teile._replace(path=f"{teile.path}_bench"))
    return umgebung


def test_die_kleine_fassung_druckt_import_basis_seiten_und_last():
    befehl = [sys.executable, "-m", "tests.bench.monitoring", "--anzahl", "600", "-n", "1"]
    lauf = subprocess.run(
        befehl, cwd=BASIS, capture_output=True, text=True, timeout=600, env=_umgebung()
    )
    ausgabe = lauf.stdout
    assert lauf.returncode == 0, ausgabe + lauf.stderr

    assert re.search(rf"Maschine: \d+ Kerne, Last {ZAHL} \(1 min\)", ausgabe), ausgabe
    assert re.search(rf"  Import \(neu\)\s+{DAUER}  600 neu, 0 geändert", ausgabe), ausgabe
    assert re.search(rf"  erneuter Import\s+{DAUER}  0 neu, 0 geändert, 600 unverändert", ausgabe)
    assert re.search(rf"  Import \(10 % geändert\)\s+{DAUER}  0 neu, 60 geändert", ausgabe)
    assert re.search(
        rf"  COPY-Basis\s+({ZAHL} s .* = {ZAHL}×|nicht gemessen \(COPY gibt es nur)", ausgabe
    ), ausgabe
    for titel in ("Gesamtreihe", r"nach Stadtbereich \(8 Reihen\)"):
        zeile = re.search(
            rf"  {titel}\s+200\s+(\d+) Abfragen  p50\s+{ZAHL} ms .*\(1×-Daten: (\d+) Abfragen",
            ausgabe,
        )
        assert zeile, ausgabe
        assert zeile[1] == zeile[2], "the page's queries must not grow with the data"
    assert re.search(
        rf"  Datenlage\s+(200\s+\d+ Abfragen  p50\s+{ZAHL} ms|nicht vorhanden)", ausgabe
    ), ausgabe
    assert re.search(r"  CSV des Indikators\s+200 ", ausgabe), ausgabe

"""`make bench` "datei" (tests/bench/datei.py) end to end in small, so that it cannot rot silently.

Two pages (one HTML, one JSON), three requests each, 1× data only, on a scratch SQLite file,
without Redis, without the monitoring figures, with quickly collected static files – but the
real gunicorn, the real WhiteNoise and the real fresh-worker phase. It checks that every page
gets its row with a ratio and that the file served is the product's bytes (same size, same
type; otherwise the bench prints "Hinweise"). The figures themselves are never asserted.
"""

import re
import subprocess
import sys
from pathlib import Path

BASIS = Path(__file__).resolve().parents[2]
PORT = 8339  # one gunicorn at a time, stopped before the next starts
SEITEN = ["Übersicht", "API Maßnahmen"]


def test_die_kleine_fassung_druckt_je_seite_produkt_datei_und_verhaeltnis():
    befehl = [
        *(sys.executable, "-m", "tests.bench.datei", "--sqlite", "--ohne-redis"),
        "--ohne-kennzahlen",
        *("--statisch-schnell", "--nur-einfach", "-n", "3", "--kalt", "2", "--frisch", "1"),
        *("--port", str(PORT)),
    ]
    for name in SEITEN:
        befehl += ["--seite", name]
    # Bounded, so that a hanging gunicorn fails the test instead of the whole run.
    lauf = subprocess.run(befehl, cwd=BASIS, capture_output=True, text=True, timeout=300)
    ausgabe = lauf.stdout
    assert lauf.returncode == 0, ausgabe + lauf.stderr

    zahl = r"\d+(?:\.\d+)?"
    for name in SEITEN:
        zeilen = [z for z in ausgabe.splitlines() if re.match(rf"  {name}\s+{zahl}\s", z)]
        assert len(zeilen) == 1, ausgabe
        # KB, N, product p50 and p95, file p50 and p95, ratio; the worker's CPU for product and
        # file, ratio; cold median and max; the two aims.
        assert re.fullmatch(
            rf"  {name}\s+"
            + rf"{zahl}\s+" * 6
            + rf"{zahl}×\s+{zahl}\s+{zahl}\s+{zahl}×\s+{zahl}\s+{zahl}\s+(ja|nein)\s+(ja|nein)",
            zeilen[0],
        ), zeilen[0]
        assert re.search(rf"\s3\s+{zahl}", zeilen[0]), "N = 3 requests"
    assert "Datenbank: SQLite" in ausgabe
    assert re.search(rf"  / \(.*\)\s+{zahl} ms \(im Worker {zahl} ms", ausgabe), ausgabe
    assert re.search(rf"  /massnahmen/ nach einer Änderung\s+{zahl} ms", ausgabe), ausgabe
    assert "Hinweise" not in ausgabe, ausgabe

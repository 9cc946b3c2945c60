"""Benchmark "datei": every anonymous page and API list beside the same bytes served as a file.

Called by ``tests/bench/__main__.py`` (``make bench``, ``make bench BENCH=datei``); runs itself
as ``python -m tests.bench.datei [--help]`` in a process of its own, because it configures
Django (production profile, its own database) before Django starts.

On the production profile: gunicorn with ``integration_portal/gunicorn_conf.py``, one worker
(so a time is the time of one request), PostgreSQL (a throwaway database ``ip_bench_datei`` on
127.0.0.1:5432; a scratch SQLite file when that server is not reachable) and Redis db 7 when
reachable. Data: the 2020 concept with its monitoring figures and an approved Sachstand per
measure (tests/bench/pages.py), then the same tenfold.

1. A first gunicorn answers every anonymous page and API list of ``pages.seiten()`` once over
   HTTP; the bodies are written into a folder.
2. A second gunicorn, started after that, serves the product and those files (WhiteNoise,
   ``WHITENOISE_ROOT``, tests/bench/einstellungen_datei.py) from the same worker.
3. Warm: per page, after 3 warm-ups, up to N requests to the product and N to its file,
   alternating, over one http.client connection: p50, p95 and their ratio. Cold: per page,
   k times { ``Massnahme.save()`` in this process (a new Datenstand); one request }.
4. First request of a fresh worker: gunicorn with ``GUNICORN_MAX_REQUESTS=1`` and no jitter,
   so that every request meets a freshly forked worker (waited for until it is idle).

The aims of issue 16 are printed beside the figures and never asserted (figures vary with the
machine and its load; the test tests/ops/test_bench_datei.py checks only that the table comes).
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from tests.load.loadtest import (
    BASIS,
    HOST,
    LOGS,
    gunicorn_starten,
    maschine,
    perzentil,
    redis_erreichbar,
    stoppen,
    umgebung,
    warten_bis_gesund,
)

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PG_DB = "ip_bench_datei"
REDIS = "redis://127.0.0.1:6379/7"
PORT = 8331
# Collected once with the production storage (hashed and compressed, about a minute), reused
# while the static sources stay the same (var/ is not in git).
STATIC_CACHE = BASIS / "var" / "bench-datei" / "static"
AUFWAERMEN = 3
# Issue 16, "Done when" (printed, never asserted).
ZIEL_WARM = 5.0
ZIEL_KALT = {"1×": 25.0, "10×": 30.0}
ZIEL_FRISCH = 50.0

ACCEPT_SEITE = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_API = "application/json"


def run():
    """Entry of ``python -m tests.bench``: this benchmark in a process of its own."""
    subprocess.run([sys.executable, "-m", "tests.bench.datei"], cwd=BASIS, check=True)


def argumente(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.datei", description=__doc__.splitlines()[0]
    )
    parser.add_argument("-n", type=int, default=200, help="Anfragen je Seite warm (200)")
    parser.add_argument(
        "--budget",
        type=float,
        default=3.0,
        help="höchstens so viele Sekunden je Seite warm (mindestens 20 Anfragen; 3.0)",
    )
    parser.add_argument("--kalt", type=int, default=7, help="Änderungen je Seite (7)")
    parser.add_argument("--frisch", type=int, default=10, help="frische Worker je Pfad (10)")
    parser.add_argument(
        "--seite", action="append", default=[], help="nur diese Seite (Name wie in pages.py)"
    )
    parser.add_argument("--nur-einfach", action="store_true", help="ohne 10× Daten")
    parser.add_argument(
        "--ohne-kennzahlen", action="store_true", help="ohne load_monitoring (für den Test)"
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite statt PostgreSQL")
    parser.add_argument("--ohne-redis", action="store_true", help="lokaler Cache je Prozess")
    parser.add_argument(
        "--statisch-schnell",
        action="store_true",
        help="statische Dateien ohne gzip/brotli in einen Wegwerf-Ordner (für den Test)",
    )
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--worker", type=int, default=1, help="gunicorn-Worker (1)")
    return parser.parse_args(argv)


# --- HTTP -------------------------------------------------------------------------------------


class Verbindung:
    """One http.client connection asking for keep-alive; reopened when the server closes it."""

    def __init__(self, port):
        self.http = http.client.HTTPConnection(HOST, port, timeout=120)
        self.antworten = 0
        self.geschlossen = 0  # answers after which the server closed the connection

    def get(self, pfad):
        accept = ACCEPT_API if pfad.startswith("/api/") or pfad.endswith(".json") else ACCEPT_SEITE
        start = time.perf_counter()
        self.http.request("GET", pfad, headers={"Accept": accept})
        antwort = self.http.getresponse()
        inhalt = antwort.read()
        dauer = (time.perf_counter() - start) * 1000
        self.antworten += 1
        self.geschlossen += antwort.will_close
        return antwort.status, antwort.getheader("Content-Type", ""), inhalt, dauer

    def schliessen(self):
        self.http.close()


@dataclass
class Seite:
    name: str
    url: str
    datei: str = ""  # the path WhiteNoise serves the saved bytes under
    status: int = 0
    typ: str = ""
    groesse: int = 0
    warm: dict = field(default_factory=dict)  # "1×" / "10×": (product ms list, file ms list)
    cpu: dict = field(default_factory=dict)  # "1×" / "10×": (product, file) worker CPU ms
    kalt: dict = field(default_factory=dict)  # "1×" / "10×": ms list
    hinweise: list = field(default_factory=list)


# --- the portal -------------------------------------------------------------------------------


class Portal:
    """gunicorn with the production profile on one port, started and stopped as needed."""

    def __init__(self, env, port):
        self.env, self.port = env, port
        self.prozess = None
        self.nummer = 0

    def starten(self, **extra):
        self.stoppen()
        self.nummer += 1
        self.prozess = gunicorn_starten({**self.env, **extra}, self.port, f"datei-{self.nummer}")
        try:
            warten_bis_gesund([self.port], frist=180)
        except RuntimeError:
            self.stoppen()
            log = LOGS / f"gunicorn-datei-{self.nummer}.log"
            sys.exit(f"gunicorn startet nicht; {log}:\n{log.read_text()[-3000:]}")
        return self.prozess

    def stoppen(self):
        if self.prozess is not None:
            stoppen([self.prozess])
            self.prozess = None


def datenbank_anlegen(sqlite, ordner):
    """``(DATABASE_URL, description, PostgreSQL?)``: ip_bench_datei anew, else an SQLite file."""
    grund = "--sqlite"
    if not sqlite:
        import psycopg2

        try:
            with contextlib.closing(
                psycopg2.connect(dbname="postgres", connect_timeout=3, **PG)
            ) as verbindung:
                verbindung.autocommit = True
                with verbindung.cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                    cursor.execute(f"CREATE DATABASE {PG_DB}")
                    cursor.execute("SHOW server_version")
                    version = cursor.fetchone()[0]
            url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{PG_DB}"
            text = f"PostgreSQL {version} auf {PG['host']}:{PG['port']}, Wegwerf-Datenbank {PG_DB}"
            return url, text, True
        except psycopg2.OperationalError as fehler:
            grund = f"PostgreSQL nicht erreichbar: {str(fehler).strip().splitlines()[0]}"
    datei = Path(ordner) / "db.sqlite3"
    return f"sqlite:///{datei}", f"SQLite, Wegwerf-Datei {datei} ({grund})", False


def datenbank_entsorgen():
    import psycopg2

    with contextlib.closing(psycopg2.connect(dbname="postgres", **PG)) as verbindung:
        verbindung.autocommit = True
        with verbindung.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def statische_dateien(schnell):
    """collectstatic into STATIC_ROOT; the cache folder only when its sources changed."""
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    ziel = Path(os.environ["STATIC_ROOT"])
    if schnell:
        call_command("collectstatic", "--noinput", verbosity=0)
        return "ohne gzip/brotli, frisch gesammelt (--statisch-schnell)"
    import hashlib

    from django.conf import settings

    quellen = sorted(
        f"{pfad}\0{(s := os.stat(storage.path(pfad))).st_size}\0{s.st_mtime_ns}"
        for finder in get_finders()
        for pfad, storage in finder.list(["CVS", ".*", "*~"])
    )
    quellen.append(settings.STORAGES["staticfiles"]["BACKEND"])
    stempel = hashlib.sha256("\n".join(quellen).encode()).hexdigest()
    stempel_datei = ziel / ".bench-stempel"
    if stempel_datei.exists() and stempel_datei.read_text() == stempel:
        return f"wie in Produktion, aus {ziel} (unverändert seit dem letzten Lauf)"
    start = time.monotonic()
    ziel.mkdir(parents=True, exist_ok=True)
    stempel_datei.unlink(missing_ok=True)
    call_command("collectstatic", "--noinput", "--clear", verbosity=0)
    stempel_datei.write_text(stempel)
    return f"wie in Produktion, nach {ziel} gesammelt ({time.monotonic() - start:.0f} s)"


def einrichten(schnell, ohne_kennzahlen):
    """Schema, static files, the 2020 concept and figures, a Sachstand per measure."""
    from django.core.management import call_command

    from tests.bench.pages import beispieldaten

    call_command("migrate", "--noinput", verbosity=0, stdout=io.StringIO())
    statisch = statische_dateien(schnell)
    call_command("load_konzept", verbosity=0, stdout=io.StringIO())
    if not ohne_kennzahlen:
        try:
            call_command("load_monitoring", stdout=io.StringIO(), stderr=io.StringIO())
        except Exception as fehler:  # noqa: BLE001 - the benchmark runs without the figures
            print(f"  (load_monitoring übersprungen: {fehler})")
    return beispieldaten(), statisch


# --- measuring --------------------------------------------------------------------------------


def bytes_holen(port, seiten, stufe, wurzel):
    """Every page once from the product; its body goes into the folder WhiteNoise will serve."""
    ordner = Path(wurzel) / "_datei" / f"{stufe.rstrip('×')}x"
    ordner.mkdir(parents=True, exist_ok=True)
    verbindung = Verbindung(port)
    for nummer, seite in enumerate(seiten):
        status, typ, inhalt, _dauer = verbindung.get(seite.url)
        endung = "json" if "json" in typ else "html"
        (ordner / f"{nummer}.{endung}").write_bytes(inhalt)
        seite.datei = f"/_datei/{ordner.name}/{nummer}.{endung}"
        seite.status, seite.typ, seite.groesse = status, typ, len(inhalt)
        if status != 200:
            seite.hinweise.append(f"Status {status} bei {stufe}")
    verbindung.schliessen()


def warm_messen(port, master, seite, stufe, n, budget):
    """Product and file alternately: p50/p95 of each over the same connection and worker.

    Also the worker's CPU time per request (its scheduler clock, /proc/<pid>/schedstat), which
    the other processes on a busy machine do not inflate: the mean over the alternating loop,
    minus that of as many file requests after it. The database's and Redis' own CPU is not in it.
    """
    verbindung = Verbindung(port)
    for _ in range(AUFWAERMEN):
        verbindung.get(seite.url)
        status, typ, inhalt, _dauer = verbindung.get(seite.datei)
    if status != 200 or len(inhalt) != seite.groesse:
        seite.hinweise.append(f"Datei {seite.datei}: Status {status}, {len(inhalt)} Bytes")
    if typ.split(";")[0] != seite.typ.split(";")[0]:
        seite.hinweise.append(f"Content-Type Datei {typ!r}, Produkt {seite.typ!r}")
    produkt, datei, fehler = [], [], 0
    mindestens = min(n, 20)
    ende = time.monotonic() + budget
    worker, cpu_vorher = _worker_cpu(master)
    while len(produkt) < n and (len(produkt) < mindestens or time.monotonic() < ende):
        status_p, _typ, _inhalt, dauer_p = verbindung.get(seite.url)
        status_d, _typ, _inhalt, dauer_d = verbindung.get(seite.datei)
        produkt.append(dauer_p)
        datei.append(dauer_d)
        fehler += status_p != 200 or status_d != 200
    worker_paar, cpu_paar = _worker_cpu(master)
    for _ in produkt:
        verbindung.get(seite.datei)
    worker_datei, cpu_datei = _worker_cpu(master)
    if worker is not None and worker == worker_paar == worker_datei:
        je_datei = (cpu_datei - cpu_paar) / len(produkt) / 1e6
        seite.cpu[stufe] = ((cpu_paar - cpu_vorher) / len(produkt) / 1e6 - je_datei, je_datei)
    if fehler:
        seite.hinweise.append(f"{fehler} Antworten ≠ 200 bei {stufe}")
    seite.warm[stufe] = (produkt, datei)
    verbindung.schliessen()
    return verbindung.antworten, verbindung.geschlossen


def kalt_messen(port, seite, stufe, k, massnahme):
    """k times: a new Datenstand (one ORM save, committed), then one request of the page."""
    from concept.datenstand import datenstand

    verbindung = Verbindung(port)
    zeiten, gleich = [], 0
    for _ in range(k):
        vorher = datenstand()
        massnahme.save()
        gleich += datenstand() == vorher
        status, _typ, _inhalt, dauer = verbindung.get(seite.url)
        zeiten.append(dauer)
        if status != 200:
            seite.hinweise.append(f"kalt: Status {status}")
    if gleich:
        seite.hinweise.append(f"{gleich}× blieb der Datenstand nach save() gleich")
    seite.kalt[stufe] = zeiten
    verbindung.schliessen()


def _prozess(pid):
    """``(state, CPU ticks)`` of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    felder = text[text.rindex(")") + 2 :].split()
    return felder[0], int(felder[11]) + int(felder[12])


def _worker_cpu(master):
    """``(pid, CPU ns)`` of the one worker, ``(None, None)`` with several or none."""
    kinder = _kinder(master)
    if len(kinder) != 1:
        return None, None
    try:
        return kinder[0], int(Path(f"/proc/{kinder[0]}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None, None


def _kinder(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    # Kernels without CONFIG_PROC_CHILDREN: every process's parent from its stat line.
    kinder = []
    for eintrag in os.listdir("/proc"):
        if eintrag.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                text = Path(f"/proc/{eintrag}/stat").read_text()
                if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
                    kinder.append(int(eintrag))
    return kinder


def bereiter_worker(master, benutzt, frist=120):
    """The pid of a worker not yet used once it is idle: sleeping, no CPU for 0.3 s.

    So that the request measures the worker's first request, not the wait for it to boot.
    """
    ende = time.monotonic() + frist
    ruhig_seit, letzter = {}, {}
    while time.monotonic() < ende:
        for pid in _kinder(master):
            if pid in benutzt:
                continue
            zustand = _prozess(pid)
            if zustand is None:
                continue
            if zustand[0] != "S" or letzter.get(pid) != zustand[1]:
                ruhig_seit[pid] = time.monotonic()
                letzter[pid] = zustand[1]
            elif time.monotonic() - ruhig_seit[pid] >= 0.3:
                return pid
        time.sleep(0.02)
    raise RuntimeError("kein frischer gunicorn-Worker bereit")


def frisch_messen(portal, k, massnahme, protokoll):
    """Median of k first requests of fresh workers: ``/`` (as cached) and ``/massnahmen/``
    after a change; client time and the worker's own (access log, whole ms)."""
    prozess = portal.starten(
        GUNICORN_MAX_REQUESTS="1",
        GUNICORN_MAX_REQUESTS_JITTER="0",
        GUNICORN_ACCESSLOG=str(protokoll),
    )
    benutzt = set()
    client = {"/": [], "/massnahmen/": []}
    for pfad, zeiten in client.items():
        for _ in range(k):
            if pfad != "/":
                massnahme.save()
            pid = bereiter_worker(prozess.pid, benutzt)
            verbindung = Verbindung(portal.port)
            status, _typ, _inhalt, dauer = verbindung.get(pfad)
            verbindung.schliessen()
            benutzt.add(pid)
            zeiten.append(dauer if status == 200 else float("nan"))
    # A worker writes its access line just after it has sent the answer: wait for the last.
    ende = time.monotonic() + 10
    while True:
        server = {pfad: [] for pfad in client}
        for zeile in protokoll.read_text().splitlines():
            with contextlib.suppress(ValueError):
                eintrag = json.loads(zeile)
                if eintrag.get("pfad") in server and eintrag.get("status") == 200:
                    server[eintrag["pfad"]].append(float(eintrag["dauer_ms"]))
        if sum(map(len, server.values())) >= 2 * k or time.monotonic() > ende:
            break
        time.sleep(0.05)
    portal.stoppen()
    return client, server


# --- printing ---------------------------------------------------------------------------------


def ms(wert):
    return f"{wert:.2f}" if wert < 10 else f"{wert:.1f}"


def mal(wert):
    return f"{wert:.1f}×" if wert < 10 else f"{wert:.0f}×"


def ja_nein(gut):
    return "ja" if gut else "nein"


def tabelle_drucken(seiten, stufe, anzahl, n, budget, k):
    kalt_ziel = ZIEL_KALT[stufe]
    print(
        f"\n{stufe} Daten ({anzahl} Maßnahmen). Warm: p50/p95 in ms nach {AUFWAERMEN} zum "
        f"Aufwärmen, N Anfragen je Seite und ebenso viele an die Datei, abwechselnd (N ≤ {n}, "
        f"nach {budget:g} s Schluss); Ziel Produkt ≤ {ZIEL_WARM:.0f}× Datei. CPU: ms des "
        f"Workers je Anfrage (Mittel; ohne die der Datenbank). Kalt: {k}× direkt nach "
        f"Massnahme.save(), Median/Max in ms; Ziel ≤ {kalt_ziel:.0f} ms."
    )
    print(
        f"  {'Seite':<24} {'KB':>5} {'N':>4} {'Produkt p50':>11} {'p95':>6} "
        f"{'Datei p50':>9} {'p95':>6} {'Verh.':>5}  {'CPU Prod.':>9} {'Datei':>5} {'Verh.':>5}  "
        f"{'kalt Med.':>9} {'Max':>6}  {'warm≤5×':>7} {'kalt≤' + str(int(kalt_ziel)):>7}"
    )
    erreicht_warm = erreicht_kalt = 0
    for seite in seiten:
        produkt, datei = seite.warm[stufe]
        p50, d50 = statistics.median(produkt), statistics.median(datei)
        verhaeltnis = p50 / d50
        kalt = seite.kalt.get(stufe) or [float("nan")]
        kalt_median = statistics.median(kalt)
        erreicht_warm += verhaeltnis <= ZIEL_WARM
        erreicht_kalt += kalt_median <= kalt_ziel
        if stufe in seite.cpu:
            cpu_p, cpu_d = seite.cpu[stufe]
            cpu = f"{ms(cpu_p):>9} {ms(cpu_d):>5} {mal(cpu_p / cpu_d):>5}"
        else:
            cpu = f"{'–':>9} {'–':>5} {'–':>5}"
        print(
            f"  {seite.name:<24} {seite.groesse / 1024:>5.1f} {len(produkt):>4} {ms(p50):>11} "
            f"{ms(perzentil(produkt, 95)):>6} {ms(d50):>9} {ms(perzentil(datei, 95)):>6} "
            f"{mal(verhaeltnis):>5}  {cpu}  {ms(kalt_median):>9} {ms(max(kalt)):>6}  "
            f"{ja_nein(verhaeltnis <= ZIEL_WARM):>7} {ja_nein(kalt_median <= kalt_ziel):>7}"
        )
    print(
        f"  Ziele bei {stufe}: warm ≤ {ZIEL_WARM:.0f}× Datei auf {erreicht_warm} von "
        f"{len(seiten)} Seiten, kalt ≤ {kalt_ziel:.0f} ms auf {erreicht_kalt} von {len(seiten)}"
    )


def frisch_drucken(seiten, client, server, k, mit_redis):
    warm = {s.url: statistics.median(s.warm["1×"][0]) for s in seiten}
    print(
        f"\nErste Anfrage eines frischen Workers (GUNICORN_MAX_REQUESTS=1, ohne Jitter; jede "
        f"Anfrage erst, wenn der neue Worker ruht; Median aus {k}, 1× Daten; Ziel ≤ "
        f"{ZIEL_FRISCH:.0f} ms):"
    )
    beschreibung = {
        # Shown before at this Datenstand: a cache shared by the workers (Redis) may have it.
        "/": "/ (Datenstand unverändert)" if mit_redis else "/ (ohne Redis: Cache je Worker)",
        "/massnahmen/": "/massnahmen/ nach einer Änderung",
    }
    for pfad, zeiten in client.items():
        median = statistics.median(zeiten)
        im_worker = statistics.median(server[pfad]) if server[pfad] else float("nan")
        vergleich = f"warm p50 {ms(warm[pfad])} ms" if pfad in warm else "warm nicht gemessen"
        print(
            f"  {beschreibung[pfad]:<36} {ms(median):>7} ms (im Worker {im_worker:.0f} ms; "
            f"{vergleich}; Ziel {ja_nein(median <= ZIEL_FRISCH)})"
        )


# --- the run ----------------------------------------------------------------------------------


def main(argv=None):
    args = argumente(argv)
    beginn = time.monotonic()
    LOGS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-datei-") as ordner:
        ordner = Path(ordner)
        db_url, db_text, postgres = datenbank_anlegen(args.sqlite, ordner)
        try:
            return _messen(args, ordner, db_url, db_text, beginn)
        finally:
            if postgres:
                from django.db import connections

                connections.close_all()
                datenbank_entsorgen()


def _messen(args, ordner, db_url, db_text, beginn):
    redis_url = None if args.ohne_redis or not redis_erreichbar(REDIS) else REDIS
    # Without a shared cache more workers would not share what one of them cached.
    worker = args.worker if redis_url else 1
    env = umgebung(
        SimpleNamespace(url=lambda: db_url), SimpleNamespace(worker=worker, redis=redis_url)
    )
    wurzel = ordner / "dateien"
    wurzel.mkdir()
    env.update(
        DJANGO_SETTINGS_MODULE="tests.bench.einstellungen_datei",
        BENCH_WHITENOISE_ROOT=str(wurzel),
        BERICHT_ROOT=str(ordner / "berichte"),
        STATIC_ROOT=str(ordner / "static" if args.statisch_schnell else STATIC_CACHE),
    )
    if args.statisch_schnell:
        env["BENCH_STATIC_UNKOMPRIMIERT"] = "1"
    # This process writes (save, the tenfold data) with the same settings, database and cache
    # as the gunicorn it measures.
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()

    from measures.models import Massnahme
    from tests.bench.pages import seiten as alle_seiten
    from tests.bench.pages import verzehnfachen

    print(
        'Benchmark "datei": Seiten und API-Listen neben denselben Bytes als Datei '
        "(WhiteNoise im selben gunicorn-Worker)"
    )
    print(f"  Maschine: {maschine()}; Last (1 min) zu Beginn {os.getloadavg()[0]:.1f}")
    print(f"  Datenbank: {db_text}")
    print(
        "  Cache: "
        + (f"Redis {redis_url} (zu Beginn geleert)" if redis_url else "lokaler Speicher je Prozess")
    )
    start = time.monotonic()
    daten, statisch = einrichten(args.statisch_schnell, args.ohne_kennzahlen)
    print(f"  Statische Dateien: {statisch}")
    print(
        f"  Eingerichtet (migrate, Konzept{'' if args.ohne_kennzahlen else ', Kennzahlen'}) in "
        f"{time.monotonic() - start:.0f} s"
    )
    seiten = [Seite(name, url) for name, url, wer in alle_seiten(daten) if wer is None]
    if args.seite:
        unbekannt = set(args.seite) - {s.name for s in seiten}
        if unbekannt:
            sys.exit(f"Unbekannte Seite: {', '.join(sorted(unbekannt))}")
        seiten = [s for s in seiten if s.name in args.seite]
    print(
        f"  gunicorn: integration_portal/gunicorn_conf.py, {worker} Worker, Einstellungen "
        "tests.bench.einstellungen_datei (settings_production + WHITENOISE_ROOT), "
        f"{HOST}:{args.port}"
    )
    print(
        "  Bytes: jede Seite einmal über HTTP von einem ersten gunicorn geholt; ein zweiter, "
        "danach gestartet, liefert Produkt und Datei (/_datei/…); Anfragen ohne Cookies"
    )
    massnahme = Massnahme.objects.order_by("pk").first()
    portal = Portal(env, args.port)
    try:
        stufen = ["1×"] if args.nur_einfach else ["1×", "10×"]
        anzahl = {}
        for stufe in stufen:
            if stufe == "10×":
                start = time.monotonic()
                verzehnfachen()
                massnahme.save()  # whatever the bulk inserts did: a new Datenstand
                print(f"\n  (10× Daten angelegt in {time.monotonic() - start:.0f} s)")
            anzahl[stufe] = Massnahme.objects.count()
            portal.starten()
            bytes_holen(args.port, seiten, stufe, wurzel)
            # Now WhiteNoise lists the files. Steady state: no recycled worker in the middle of
            # a measurement (the last part measures what a recycled worker costs).
            master = portal.starten(GUNICORN_MAX_REQUESTS="0").pid
            antworten = geschlossen = 0
            for seite in seiten:
                a, g = warm_messen(args.port, master, seite, stufe, args.n, args.budget)
                antworten, geschlossen = antworten + a, geschlossen + g
            for seite in seiten:
                kalt_messen(args.port, seite, stufe, args.kalt, massnahme)
            tabelle_drucken(seiten, stufe, anzahl[stufe], args.n, args.budget, args.kalt)
            if stufe == "1×":
                print(
                    "  Verbindungen: "
                    + (
                        f"keep-alive angefragt, der Server schloss sie nach {geschlossen} von "
                        f"{antworten} Antworten (sync-Worker von gunicorn: kein keep-alive), "
                        f"also verbindet {'jede' if geschlossen == antworten else 'fast jede'} "
                        "Anfrage neu, beim Produkt wie bei der Datei"
                        if geschlossen
                        else f"keep-alive ({antworten} Antworten)"
                    )
                )
                if args.frisch:
                    # The fresh workers should find "/" cached at this Datenstand.
                    Verbindung(args.port).get("/")
                    client, server = frisch_messen(
                        portal, args.frisch, massnahme, ordner / "zugriffe.log"
                    )
                    frisch_drucken(seiten, client, server, args.frisch, bool(redis_url))
        hinweise = [(s.name, h) for s in seiten for h in s.hinweise]
        if hinweise:
            print("\nHinweise:")
            for name, hinweis in hinweise:
                print(f"  {name}: {hinweis}")
    finally:
        portal.stoppen()
        if redis_url:
            import redis

            redis.Redis.from_url(redis_url).flushdb()
    dauer = time.monotonic() - beginn
    print(
        f"\nDauer des Benchmarks: {dauer // 60:.0f} min {dauer % 60:.0f} s; Last (1 min) am Ende "
        f"{os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

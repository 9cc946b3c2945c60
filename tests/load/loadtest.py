"""`make loadtest`: two gunicorn instances on a throwaway PostgreSQL, 50 users for 60 s, then the
same while PostgreSQL restarts; prints requests per second, p50/p95/p99 and errors, and checks
that every acknowledged Sachstand is in the database exactly once. Then the same instances
behind a real nginx (Debian's; tests/load/hinter_nginx.py): lockout per client, the API rate
with forged headers, normal pages while six anonymous clients hammer report URLs asking for
reports not yet made (closed rounds, today at a new Datenstand); p95 of normal pages < 300 ms.

Reports are rendered by a real ``manage.py db_worker`` beside the gunicorn instances (issue
15): a request serves a stored file or enqueues it and answers 202 "wird erstellt".

Everything runs on this machine and talks to loopback only: a PostgreSQL server of its own
(initdb into a temporary directory, so the machine's cluster and other users' databases are
never touched or restarted), two gunicorn instances with the production profile, and the
simulated users as Python threads using ``http.client``. The run is bounded in time: setup,
two phases of ``--dauer`` seconds, and the check. Logs of the servers go to ``var/loadtest/``,
the figures also to ``var/loadtest/ergebnis.json``.

Usage: ``python -m tests.load.loadtest [--nutzer 50] [--dauer 60] [--ausfall 5]
[--port-basis 8160] [--proxy-dauer 30] [--ohne-proxy]``.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tests.load import cpu, hinter_nginx
from tests.nginx import nginx_programm

BASIS = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
LOGS = BASIS / "var" / "loadtest"
HOST = "127.0.0.1"
# Asked directly while PostgreSQL is down.
PROBEN = ["/", "/massnahmen/?status=in_umsetzung", "/api/v1/massnahmen/", "/healthz"]


# --- a PostgreSQL server of our own ----------------------------------------------------------


def pg_bin():
    try:
        return Path(subprocess.check_output(["pg_config", "--bindir"], text=True).strip())
    except (OSError, subprocess.CalledProcessError):
        kandidaten = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not kandidaten:
            sys.exit("PostgreSQL-Programme nicht gefunden (apt-get install postgresql)")
        return kandidaten[-1]


class Postgres:
    """A throwaway server: initdb in a temporary directory, trust auth, loopback only."""

    def __init__(self, port):
        self.port = port
        self.bin = pg_bin()
        self.verzeichnis = Path(tempfile.mkdtemp(prefix="portal-loadtest-pg-"))
        self.daten = self.verzeichnis / "daten"
        self.log = LOGS / "postgresql.log"
        # PostgreSQL refuses to run as root: then it runs as the system's postgres user.
        self.als = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.als:
            shutil.chown(self.verzeichnis, "postgres")
            LOGS.mkdir(parents=True, exist_ok=True)
            self.log.touch()
            shutil.chown(self.log, "postgres")

    def _pg_ctl(self, *args):
        optionen = f"-p {self.port} -k {self.verzeichnis} -c listen_addresses={HOST}"
        subprocess.run(
            [
                *self.als,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.daten),
                "-o",
                optionen,
                "-l",
                str(self.log),
                *args,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def anlegen(self):
        subprocess.run(
            [
                *self.als,
                str(self.bin / "initdb"),
                "-D",
                str(self.daten),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.starten()
        subprocess.run(
            [
                str(self.bin / "createdb"),
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "portal",
            ],
            check=True,
        )

    def starten(self):
        self._pg_ctl("-w", "start")

    def stoppen(self):
        self._pg_ctl("-m", "fast", "-w", "stop")

    def url(self):
        return f"postgres://postgres@{HOST}:{self.port}/portal"

    def abfrage(self, sql):
        ausgabe = subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "portal",
                "-At",
                "-F",
                "\t",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [zeile.split("\t") for zeile in ausgabe.splitlines() if zeile]

    def entsorgen(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stoppen()
        shutil.rmtree(self.verzeichnis, ignore_errors=True)


_PORTS = []  # --port-basis: fixed ports base, base+1, … instead of free ones


def freier_port():
    if _PORTS:
        return _PORTS.pop(0)
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- the portal: setup, two gunicorn instances and the task worker ---------------------------


def umgebung(pg, args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="integration_portal.settings_production",
        DATABASE_URL=pg.url(),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        # Loopback has no TLS proxy in front; everything else stays as in production.
        SECURE_SSL_REDIRECT="false",
        # All simulated users share one address; the real limits are per client address
        # (phase 3 behind nginx gives each client its own and restores them).
        API_ANON_RATE="1000000/minute",
        BERICHT_ANONYM_NEU="1000000",
        LOG_LEVEL="WARNING",
        GUNICORN_ACCESSLOG="",
        CACHE_KEY_PREFIX=f"loadtest-{uuid.uuid4().hex[:8]}",
        # The stored reports of this run only (gunicorn serves, the worker writes).
        BERICHT_ROOT=str(LOGS / "berichte"),
    )
    # Callers without a profile (tests/bench/datei.py) run the production default.
    env.update(profil_umgebung(getattr(args, "profil", "")))
    if args.worker:
        env["WEB_CONCURRENCY"] = str(args.worker)
    if args.redis and redis_erreichbar(args.redis):
        env["REDIS_URL"] = args.redis
    else:
        env.pop("REDIS_URL", None)
    return env


def profil_umgebung(profil):
    """gunicorn's settings for a profile: "" (gunicorn_conf.py's defaults), "sync", "sync:5",
    "gthread", "gthread:3x4" (3 workers of 4 threads)."""
    art, _, groesse = profil.partition(":")
    if not art:
        return {}
    if art not in ("sync", "gthread"):
        sys.exit(f"unbekanntes Profil {profil!r} (sync[:N] oder gthread[:NxT])")
    env = {"GUNICORN_WORKER_CLASS": art}
    if groesse:
        worker, _, threads = groesse.partition("x")
        env["WEB_CONCURRENCY"] = worker
        if threads:
            env["GUNICORN_THREADS"] = threads
    return env


def profil_text(env):
    """How the instances run, as gunicorn_conf.py reads ``env``."""
    art = env.get("GUNICORN_WORKER_CLASS", "gthread")
    kerne = os.cpu_count() or 1
    if art == "gthread":
        worker = env.get("WEB_CONCURRENCY", str(kerne + 1))
        return f"gthread, {worker} Worker × {env.get('GUNICORN_THREADS', '4')} Threads"
    return f"sync, {env.get('WEB_CONCURRENCY', str(2 * kerne + 1))} Worker"


def redis_erreichbar(url):
    try:
        hostport = url.split("//", 1)[1].split("/", 1)[0]
        host, _, port = hostport.partition(":")
        with socket.create_connection((host, int(port or 6379)), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


EINRICHTEN = """
import json
from django.contrib.auth.models import Group, User
from konten.tokens import token_erstellen
from concept.models import Handlungsfeld
from measures.models import Akteur, Massnahme
from monitoring.models import Indikator
from measures.roles import NETZWERKPARTNER

gruppe = Group.objects.get_or_create(name=NETZWERKPARTNER)[0]
akteure = list(
    Akteur.objects.filter(zustaendigkeiten__isnull=False).distinct().order_by("name")[:ANZAHL]
)
partner = []
for i, akteur in enumerate(akteure):
    user = User.objects.create_user(f"lastpartner{i}", password=None)
    user.groups.add(gruppe)
    akteur.mitglieder.add(user)
    kennungen = [m.oeffentliche_kennung for m in Massnahme.objects.filter(
        zustaendigkeiten__akteur=akteur).select_related("teilziel__handlungsfeld")]
    partner.append({"name": user.username, "token": token_erstellen(user)[1],
                    "massnahmen": kennungen})
# The account the proxy phase guesses the password of (and its owner logs in elsewhere).
User.objects.create_user("lastkonto", password=KONTO_PASSWORT)
# Two closed Berichtsrunden: their reports are public, each a rendering of its own.
import datetime
from django.utils import timezone
from measures.choices import RundenStatus
from measures.models import Berichtsrunde, Berichtsstand
runden = []
for jahr in (2024, 2025):
    runde = Berichtsrunde.objects.create(
        titel=f"Berichtsrunde {jahr}", stichtag=datetime.date(jahr, 6, 30),
        faellig_am=datetime.date(jahr, 7, 31), status=RundenStatus.GESCHLOSSEN,
        geschlossen_am=timezone.now())
    Berichtsstand.objects.bulk_create([
        Berichtsstand(berichtsrunde=runde, massnahme=m, status=m.status, ampel=m.ampel,
                      fortschritt=m.fortschritt) for m in Massnahme.objects.all()])
    runden.append({"id": runde.pk, "stichtag": runde.stichtag.isoformat()})
print(json.dumps({
    "konto": "lastkonto",
    "partner": partner,
    "runden": runden,
    "handlungsfelder": list(Handlungsfeld.objects.filter(leitziel__isnull=False)
                            .values_list("nummer", flat=True)),
    "massnahmen": [m.oeffentliche_kennung for m in
                   Massnahme.objects.select_related("teilziel__handlungsfeld")],
    "akteure": list(Akteur.objects.values_list("slug", flat=True)),
    "indikatoren": list(Indikator.objects.filter(oeffentlich=True)
                        .values_list("kennung", flat=True)),
}))
"""


def manage(env, *args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=BASIS, env=env, check=True, **kwargs)


def einrichten(env, partner_anzahl):
    manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    manage(env, "collectstatic", "--noinput", stdout=subprocess.DEVNULL)
    manage(env, "load_konzept", stdout=subprocess.DEVNULL)
    try:
        manage(env, "load_monitoring", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.CalledProcessError:
        print("  (load_monitoring nicht verfügbar: ohne Indikatoren)")
    ausgabe = manage(
        env,
        "shell",
        "-c",
        EINRICHTEN.replace("ANZAHL", str(partner_anzahl)).replace(
            "KONTO_PASSWORT", repr(hinter_nginx.PASSWORT)
        ),
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(ausgabe.strip().splitlines()[-1])


def gunicorn_starten(env, port, nummer):
    log = open(LOGS / f"gunicorn-{nummer}.log", "w")  # noqa: SIM115 - closed with the process
    prozess = subprocess.Popen(
        [GUNICORN, "-c", "integration_portal/gunicorn_conf.py", "integration_portal.wsgi"],
        cwd=BASIS,
        env={**env, "BIND": f"{HOST}:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    prozess.log = log
    return prozess


def db_worker_starten(env):
    """The task worker that renders the reports (and sends mail), as in production."""
    log = open(LOGS / "db_worker.log", "a")  # noqa: SIM115 - closed with the process
    prozess = subprocess.Popen(
        # Nice=10 as in the README's systemd unit: pages first.
        ["nice", "-n", "10", PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=BASIS,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    prozess.log = log
    return prozess


def bericht_abholen(port, pfad, frist=300):
    """GET a report until it is stored (202 "wird erstellt" meanwhile); the final status."""
    ende = time.monotonic() + frist
    while True:
        status, _inhalt, _dauer = anfrage(port, "GET", pfad, timeout=60)
        if status != 202 or time.monotonic() > ende:
            return status
        time.sleep(0.5)


def warten_bis_gesund(ports, frist=60):
    ende = time.monotonic() + frist
    for port in ports:
        while True:
            try:
                status, _body, _dauer = anfrage(port, "GET", "/healthz", timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > ende:
                raise RuntimeError(f"gunicorn auf Port {port} wird nicht gesund")
            time.sleep(0.5)


# --- the simulated users ----------------------------------------------------------------------


def anfrage(port, methode, pfad, body=None, headers=None, timeout=30, quelle_ip=None):
    quelle = (quelle_ip, 0) if quelle_ip else None
    verbindung = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=quelle)
    try:
        start = time.perf_counter()
        verbindung.request(methode, pfad, body=body, headers=headers or {})
        antwort = verbindung.getresponse()
        inhalt = antwort.read()
        return antwort.status, inhalt, time.perf_counter() - start
    finally:
        verbindung.close()


class Verbindungen:
    """One simulated user's HTTP/1.1 connections, one per instance, kept between requests.

    A browser keeps its connection open; a new TCP connection per request cost the generator
    (and the server) a connect/accept each time. When the server does not keep connections
    (``Connection: close``, e.g. gunicorn's sync workers), ``http.client`` opens a new one for
    the next request by itself, so the same code measures both profiles honestly.
    """

    def __init__(self, quelle_ip=None, timeout=30):
        self.quelle = (quelle_ip, 0) if quelle_ip else None
        self.timeout = timeout
        self.offen = {}
        self.wiederholt = 0  # requests resent once because a kept connection was closed

    def anfrage(self, port, methode, pfad, body=None, headers=None):
        verbindung = self.offen.get(port)
        if verbindung is None:
            verbindung = self.offen[port] = http.client.HTTPConnection(
                HOST, port, timeout=self.timeout, source_address=self.quelle
            )
        wiederverwendet = verbindung.sock is not None
        start = time.perf_counter()
        try:
            verbindung.request(methode, pfad, body=body, headers=headers or {})
            antwort = verbindung.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            verbindung.close()
            if not wiederverwendet:
                raise
            # The server closed the kept connection before it read this request (its
            # keep-alive expired, the worker was recycled): nothing of it arrived, so send it
            # once on a new connection, as browsers do. The exactly-once check of the
            # Sachstände (pruefen) would show a double save.
            self.wiederholt += 1
            start = time.perf_counter()
            verbindung.request(methode, pfad, body=body, headers=headers or {})
            antwort = verbindung.getresponse()
        except OSError:
            verbindung.close()
            raise
        inhalt = antwort.read()
        return antwort.status, inhalt, time.perf_counter() - start

    def schliessen(self):
        for verbindung in self.offen.values():
            verbindung.close()


@dataclass
class Messung:
    art: str
    status: int  # 0: no answer (connection error, timeout)
    dauer: float
    zeit: float  # seconds since the phase began, when the request was sent
    sauber: bool = True  # an error page, not a traceback


@dataclass
class Protokoll:
    messungen: list = field(default_factory=list)
    bestaetigt: list = field(default_factory=list)  # markers the server acknowledged (201)
    unbestaetigt: list = field(default_factory=list)  # sent, but no acknowledgement
    wiederholt: int = 0  # resent once on a new connection (Verbindungen.anfrage)
    cpu: dict = field(default_factory=dict)  # CPU seconds of the parts (CpuUhr)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def messen(self, messung):
        with self.lock:
            self.messungen.append(messung)


def sauber(status, inhalt):
    """An error answer is clean when it is our 503 page / JSON and shows no internals."""
    text = inhalt.decode("utf-8", "replace")
    if "Traceback" in text or "OperationalError" in text:
        return False
    if status >= 500:
        return status == 503 and (
            "Vorübergehend nicht verfügbar" in text  # the page
            or '"nicht_verfuegbar"' in text  # the API's JSON
            or '"nicht erreichbar"' in text  # /healthz
        )
    return True


class Nutzer(threading.Thread):
    """One visitor (or partner) clicking through the portal until the phase ends."""

    def __init__(
        self,
        nummer,
        daten,
        ports,
        protokoll,
        ende,
        beginn,
        denkzeit,
        partner=None,
        pdf_anteil=0.05,
        quelle_ip=None,
    ):
        super().__init__(daemon=True)
        self.quelle_ip = quelle_ip  # a loopback address of its own (proxy phase)
        self.verbindungen = Verbindungen(quelle_ip)
        self.zufall = random.Random(nummer)
        self.daten, self.ports, self.protokoll = daten, ports, protokoll
        self.ende, self.beginn, self.denkzeit, self.partner = ende, beginn, denkzeit, partner
        self.nummer = nummer
        # Share of PDF downloads; the other kinds keep their proportions (40:25:30).
        self.pdf_anteil = pdf_anteil
        self.skala = (1 - pdf_anteil) / 0.95

    def pfad(self):
        z, d = self.zufall, self.daten
        wahl = z.random()
        if wahl < 0.40 * self.skala:
            return "seite", z.choice(
                [
                    "/",
                    "/massnahmen/",
                    "/akteure/",
                    "/best-practice/",
                    f"/handlungsfelder/{z.choice(d['handlungsfelder'])}/",
                    f"/massnahmen/{z.choice(d['massnahmen'])}/",
                    f"/akteure/{z.choice(d['akteure'])}/",
                    "/indikatoren/",
                ]
                + ([f"/indikatoren/{z.choice(d['indikatoren'])}/"] if d["indikatoren"] else [])
            )
        if wahl < 0.65 * self.skala:
            return "liste", z.choice(
                [
                    "/massnahmen/?status=in_umsetzung",
                    "/massnahmen/?ampel=kritisch",
                    f"/massnahmen/?handlungsfeld={z.choice(d['handlungsfelder'])}",
                    f"/massnahmen/?akteur={z.choice(d['akteure'])}",
                    "/massnahmen/?seite=extern&page=2",
                ]
            )
        if wahl < 1 - self.pdf_anteil:
            return "api", z.choice(
                [
                    "/api/v1/massnahmen/",
                    "/api/v1/massnahmen/?status=in_umsetzung",
                    f"/api/v1/massnahmen/?handlungsfeld={z.choice(d['handlungsfelder'])}",
                    "/api/v1/handlungsfelder/",
                    f"/api/v1/handlungsfelder/{z.choice(d['handlungsfelder'])}/",
                    "/api/v1/akteure/",
                    "/api/v1/sachstaende/",
                ]
            )
        return "pdf", z.choice(
            [f"/berichte/handlungsfelder/{z.choice(d['handlungsfelder'])}.pdf"] * 4
            + ["/berichte/gesamtbericht.pdf"]
        )

    def melden(self, port):
        marke = f"LT-{uuid.uuid4().hex}"
        body = json.dumps(
            {
                "massnahme": self.zufall.choice(self.partner["massnahmen"]),
                "datum": date.today().isoformat(),
                "status": "in_umsetzung",
                "ampel": self.zufall.choice(["im_plan", "gefaehrdet"]),
                "fortschritt": self.zufall.randint(0, 100),
                "text": f"Lasttest-Sachstand {marke}",
            }
        )
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Token {self.partner['token']}",
        }
        try:
            status, inhalt, dauer = self.verbindungen.anfrage(
                port, "POST", "/api/v1/sachstaende/", body, headers
            )
        except OSError:
            with self.protokoll.lock:
                self.protokoll.unbestaetigt.append(marke)
            raise
        with self.protokoll.lock:
            (self.protokoll.bestaetigt if status == 201 else self.protokoll.unbestaetigt).append(
                marke
            )
        return status, inhalt, dauer

    def run(self):
        n = 0
        while time.monotonic() < self.ende:
            port = self.ports[(self.nummer + n) % len(self.ports)]  # the load balancer
            n += 1
            jetzt = time.monotonic() - self.beginn
            try:
                if self.partner and self.zufall.random() < 0.5:
                    art = "meldung"
                    status, inhalt, dauer = self.melden(port)
                else:
                    art, pfad = self.pfad()
                    status, inhalt, dauer = self.verbindungen.anfrage(port, "GET", pfad)
                self.protokoll.messen(Messung(art, status, dauer, jetzt, sauber(status, inhalt)))
            except OSError:
                self.protokoll.messen(
                    Messung(art, 0, time.monotonic() - self.beginn - jetzt, jetzt)
                )
                time.sleep(0.2)
            if self.denkzeit:
                time.sleep(self.zufall.uniform(0, self.denkzeit))
        self.verbindungen.schliessen()
        with self.protokoll.lock:
            self.protokoll.wiederholt += self.verbindungen.wiederholt


class CpuUhr:
    """CPU seconds of the generator, the gunicorn instances and PostgreSQL during a phase."""

    def __init__(self, gunicorn=(), postgres=None):
        self.gunicorn = gunicorn  # the instances' Popen objects (their masters), kept current
        self.postgres = postgres

    def lesen(self):
        stand = {
            "generator": cpu.generator_sekunden(),
            "gunicorn": cpu.baum_sekunden([p.pid for p in self.gunicorn]),
        }
        pg_master = self.postgres and cpu.postgres_master(self.postgres.daten)
        if pg_master:
            stand["postgres"] = cpu.baum_sekunden([pg_master])
            stand["postgres_pid"] = pg_master
        return stand

    @staticmethod
    def differenz(vorher, nachher):
        # A restarted PostgreSQL (phase 2) is a new process tree: its CPU is not comparable.
        gleich = vorher.get("postgres_pid") == nachher.get("postgres_pid")
        return {
            k: round(nachher[k] - vorher[k], 2)
            for k in vorher
            if k in nachher and k != "postgres_pid" and (k != "postgres" or gleich)
        }


def phase(daten, ports, args, waehrenddessen=None, uhr=None):
    protokoll = Protokoll()
    vorher = uhr.lesen() if uhr else None
    beginn = time.monotonic()
    ende = beginn + args.dauer
    partner = daten["partner"]
    nutzer = [
        Nutzer(
            i,
            daten,
            ports,
            protokoll,
            ende,
            beginn,
            args.denkzeit,
            partner=partner[i % len(partner)] if i < args.partner and partner else None,
            pdf_anteil=args.pdf,
        )
        for i in range(args.nutzer)
    ]
    for n in nutzer:
        n.start()
    if waehrenddessen:
        waehrenddessen(beginn)
    for n in nutzer:
        n.join(timeout=args.dauer + 60)
    protokoll.dauer = time.monotonic() - beginn
    if uhr:
        protokoll.cpu = CpuUhr.differenz(vorher, uhr.lesen())
    protokoll.last = os.getloadavg()[0]
    return protokoll


# --- figures ----------------------------------------------------------------------------------


def perzentil(werte, p):
    if not werte:
        return float("nan")
    werte = sorted(werte)
    return werte[min(len(werte) - 1, round(p / 100 * (len(werte) - 1)))]


def kennzahlen(messungen, dauer):
    dauern = [m.dauer * 1000 for m in messungen]
    fehler = [
        m for m in messungen if m.status == 0 or m.status >= 500 or m.status in (400, 401, 403, 429)
    ]
    return {
        "anfragen": len(messungen),
        "rps": round(len(messungen) / dauer, 1),
        "p50_ms": round(perzentil(dauern, 50), 1),
        "p95_ms": round(perzentil(dauern, 95), 1),
        "p99_ms": round(perzentil(dauern, 99), 1),
        "fehler": len(fehler),
        "fehler_nach_status": {
            str(s): sum(1 for m in fehler if m.status == s)
            for s in sorted({m.status for m in fehler})
        },
        "unsauber": sum(1 for m in messungen if not m.sauber),
    }


def drucken(titel, protokoll):
    gesamt = kennzahlen(protokoll.messungen, protokoll.dauer)
    print(f"\n{titel}")
    print(
        f"  {gesamt['anfragen']} Anfragen in {protokoll.dauer:.0f} s: {gesamt['rps']} pro Sekunde; "
        f"p50 {gesamt['p50_ms']} ms, p95 {gesamt['p95_ms']} ms, p99 {gesamt['p99_ms']} ms; "
        f"Fehler {gesamt['fehler']} {gesamt['fehler_nach_status'] or ''}"
    )
    if protokoll.cpu:
        # Per request, so that two profiles compare even when their rates differ.
        je = {k: 1000 * v / max(1, gesamt["anfragen"]) for k, v in protokoll.cpu.items()}
        gesamt["cpu_s"] = protokoll.cpu
        gesamt["cpu_ms_je_anfrage"] = {k: round(v, 2) for k, v in je.items()}
        print(
            "  CPU: "
            + ", ".join(f"{k} {v:.1f} s ({je[k]:.2f} ms/Anfrage)" for k, v in protokoll.cpu.items())
            + f"; Last (1 min) {getattr(protokoll, 'last', 0):.1f}; "
            f"auf neuer Verbindung wiederholt: {protokoll.wiederholt}"
        )
    print(f"  {'Art':<8} {'Anfr.':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'Fehler':>7}")
    arten = {}
    for art in ["seite", "liste", "api", "pdf", "meldung"]:
        teil = [m for m in protokoll.messungen if m.art == art]
        if teil:
            k = kennzahlen(teil, protokoll.dauer)
            arten[art] = k
            print(
                f"  {art:<8} {k['anfragen']:>6} {k['p50_ms']:>8} {k['p95_ms']:>8} "
                f"{k['p99_ms']:>8} {k['fehler']:>7}"
            )
    return {"gesamt": gesamt, "arten": arten}


def pruefen(pg, protokolle):
    """Every acknowledged submission is in the database exactly once."""
    zeilen = pg.abfrage(
        "SELECT substring(text from 'LT-[0-9a-f]{32}'), count(*) FROM measures_sachstand "
        "WHERE text LIKE 'Lasttest-Sachstand LT-%' GROUP BY 1"
    )
    in_db = {marke: int(anzahl) for marke, anzahl in zeilen}
    bestaetigt = [m for p in protokolle for m in p.bestaetigt]
    unbestaetigt = [m for p in protokolle for m in p.unbestaetigt]
    fehlend = [m for m in bestaetigt if m not in in_db]
    doppelt = {m: n for m, n in in_db.items() if n > 1}
    return {
        "bestaetigt": len(bestaetigt),
        "in_datenbank": len(in_db),
        "bestaetigt_aber_fehlend": len(fehlend),
        "doppelt": len(doppelt),
        # Sent during the outage, no acknowledgement: either saved or not, never both.
        "unbestaetigt": len(unbestaetigt),
        "unbestaetigt_aber_gespeichert": sum(1 for m in unbestaetigt if m in in_db),
    }


def aufwaermen(env, ports):
    """Every worker imports and touches its code before a phase measures (preload does most)."""
    for _ in range(int(env.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1)) * 2):
        for port in ports:
            anfrage(port, "GET", "/massnahmen/", timeout=120)


def vergleichen(env, ports, daten, args, prozesse, uhr):
    """A/B of gunicorn profiles in the same run: ``--ab-runden`` rounds, each profile of
    ``--ab`` once per round for ``--ab-dauer`` s (interleaved, so that the other users of the
    machine weigh on all of them alike); the instances restart for each. Ends with the
    instances of ``env`` (the main profile) running again."""
    profile = [p.strip() for p in args.ab.split(",") if p.strip()]
    runde_args = argparse.Namespace(**{**vars(args), "dauer": args.ab_dauer})
    nummer = 10
    laeufe = {p: [] for p in profile}
    protokolle = []

    def neu_starten(umgebung):
        nonlocal nummer
        stoppen(prozesse)
        prozesse[:] = [gunicorn_starten(umgebung, port, nummer + i) for i, port in enumerate(ports)]
        nummer += len(ports)
        warten_bis_gesund(ports)
        aufwaermen(umgebung, ports)

    print(
        f"\nA/B der gunicorn-Profile: {args.ab_runden} Runden × {len(profile)} Profile × "
        f"{args.ab_dauer} s"
    )
    for runde in range(args.ab_runden):
        for profil in profile:
            umgebung = {k: v for k, v in env.items() if k not in PROFIL_SCHLUESSEL}
            umgebung.update(profil_umgebung(profil))
            neu_starten(umgebung)
            protokoll = phase(daten, ports, runde_args, uhr=uhr)
            protokolle.append(protokoll)
            figuren = drucken(f"Runde {runde + 1}: {profil_text(umgebung)}", protokoll)
            laeufe[profil].append(figuren["gesamt"])
    neu_starten(env)
    print("\nA/B, Median der Runden:")
    print(
        f"  {'Profil':<34} {'Anfr./s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'Fehler':>6} "
        f"{'Gen. ms/A':>9} {'Worker ms/A':>11} {'PG ms/A':>8}"
    )
    zusammen = {}
    for profil, gesamt in laeufe.items():
        umgebung = {**{k: v for k, v in env.items() if k not in PROFIL_SCHLUESSEL}}
        umgebung.update(profil_umgebung(profil))

        def median(schluessel, unter=None, gesamt=gesamt):
            werte = [g[schluessel] if unter is None else g[schluessel][unter] for g in gesamt]
            return round(statistics.median(werte), 2) if werte else float("nan")

        z = {
            "profil": profil_text(umgebung),
            "rps": median("rps"),
            "p50_ms": median("p50_ms"),
            "p95_ms": median("p95_ms"),
            "p99_ms": median("p99_ms"),
            "fehler": sum(g["fehler"] for g in gesamt),
            "generator_ms": median("cpu_ms_je_anfrage", "generator"),
            "gunicorn_ms": median("cpu_ms_je_anfrage", "gunicorn"),
            "postgres_ms": median("cpu_ms_je_anfrage", "postgres")
            if all("postgres" in g["cpu_ms_je_anfrage"] for g in gesamt)
            else float("nan"),
            "runden": gesamt,
        }
        zusammen[profil] = z
        print(
            f"  {z['profil']:<34} {z['rps']:>8} {z['p50_ms']:>7} {z['p95_ms']:>7} "
            f"{z['p99_ms']:>7} {z['fehler']:>6} {z['generator_ms']:>9.2f} "
            f"{z['gunicorn_ms']:>11.2f} {z['postgres_ms']:>8.2f}"
        )
    return zusammen, protokolle


PROFIL_SCHLUESSEL = ("GUNICORN_WORKER_CLASS", "WEB_CONCURRENCY", "GUNICORN_THREADS")


def maschine():
    try:
        modell = next(
            z.split(":", 1)[1].strip()
            for z in Path("/proc/cpuinfo").read_text().splitlines()
            if z.startswith("model name")
        )
    except (OSError, StopIteration):
        modell = platform.processor()
    speicher = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} Kerne ({modell}), {speicher:.0f} GiB RAM, {platform.platform()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nutzer", type=int, default=50)
    parser.add_argument("--partner", type=int, default=10, help="davon melden Sachstände")
    parser.add_argument("--dauer", type=int, default=60, help="Sekunden je Phase")
    parser.add_argument("--ausfall", type=float, default=5, help="Sekunden ohne PostgreSQL")
    parser.add_argument("--ausfall-bei", type=float, default=20, help="Sekunde des Neustarts")
    parser.add_argument(
        "--worker", type=int, default=None, help="gunicorn-Worker je Instanz (2 × Kerne + 1)"
    )
    parser.add_argument(
        "--profil",
        default="",
        help="gunicorn: sync[:N] oder gthread[:NxT]; leer: wie gunicorn_conf.py (Produktion)",
    )
    parser.add_argument(
        "--ab",
        default="",
        help="vor Phase 1 Profile vergleichen, z. B. 'sync:5,gthread' (im Wechsel, je Runde)",
    )
    parser.add_argument("--ab-runden", type=int, default=2)
    parser.add_argument("--ab-dauer", type=int, default=15, help="Sekunden je Profil und Runde")
    parser.add_argument("--pdf", type=float, default=0.05, help="Anteil der PDF-Downloads")
    # Up to 0.05 s between clicks: with the former 0.5 s, 50 users could never ask for more than
    # about 200 pages/s, and the test measured the users, not the server (issue 16: ≥ 500/s).
    parser.add_argument("--denkzeit", type=float, default=0.05, help="max. Pause je Klick (s)")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument(
        "--port-basis", type=int, default=None, help="feste Ports ab hier statt freier Ports"
    )
    parser.add_argument("--proxy-dauer", type=int, default=30, help="Sekunden der Phase 3c")
    parser.add_argument("--proxy-nutzer", type=int, default=10, help="Besucher in Phase 3c")
    parser.add_argument(
        "--proxy-denkzeit", type=float, default=0.5, help="max. Pause je Klick in Phase 3c (s)"
    )
    parser.add_argument("--hammer", type=int, default=6, help="Clients, die Berichte hämmern")
    parser.add_argument("--ohne-proxy", action="store_true", help="Phase 3 (nginx) auslassen")
    args = parser.parse_args()
    if args.port_basis:
        _PORTS.extend(range(args.port_basis, args.port_basis + 4))

    LOGS.mkdir(parents=True, exist_ok=True)
    print(f"Maschine: {maschine()}")
    pg = Postgres(freier_port())
    prozesse, worker = [], []
    uhr = None
    try:
        print("PostgreSQL (eigener Wegwerf-Server) anlegen …")
        pg.anlegen()
        env = umgebung(pg, args)
        print(
            "Portal einrichten (migrate, collectstatic, load_konzept, Partnerkonten) … "
            f"Cache: {'Redis' if 'REDIS_URL' in env else 'lokaler Speicher je Prozess'}"
        )
        daten = einrichten(env, args.partner)
        ports = [freier_port(), freier_port()]
        prozesse[:] = [gunicorn_starten(env, port, i + 1) for i, port in enumerate(ports)]
        uhr = CpuUhr(prozesse, pg)
        worker.append(db_worker_starten(env))
        warten_bis_gesund(ports)
        print(
            f"2 gunicorn-Instanzen ({profil_text(env)} je Instanz) auf "
            f"{HOST}:{ports[0]} und :{ports[1]}; {args.nutzer} Nutzer, davon "
            f"{min(args.partner, args.nutzer)} "
            f"meldende Partner, {args.dauer} s je Phase, Denkzeit 0–{args.denkzeit} s, "
            f"{args.pdf:.0%} PDF-Downloads"
        )
        # Warm up so that phase 1 measures the steady state: every worker imports its code,
        # and the task worker stores each PDF once (both instances serve the same files).
        start = time.monotonic()
        for pfad in ["/berichte/gesamtbericht.pdf"] + [
            f"/berichte/handlungsfelder/{nummer}.pdf" for nummer in daten["handlungsfelder"]
        ]:
            bericht_abholen(ports[0], pfad)
        aufwaermen(env, ports)
        print(
            f"Aufwärmen (alle PDF-Berichte einmal vom Hintergrunddienst erzeugt): "
            f"{time.monotonic() - start:.0f} s"
        )

        ab_protokolle = []
        if args.ab:
            ergebnis_ab, ab_protokolle = vergleichen(env, ports, daten, args, prozesse, uhr)
        normal = phase(daten, ports, args, uhr=uhr)
        ergebnis = {
            "maschine": maschine(),
            "profil": profil_text(env),
            "normal": drucken(f"Phase 1: Normalbetrieb ({profil_text(env)})", normal),
        }
        if args.ab:
            ergebnis["vergleich"] = ergebnis_ab

        ausfall = {}

        def neustart(beginn):
            time.sleep(max(0, args.ausfall_bei - (time.monotonic() - beginn)))
            ausfall["von"] = time.monotonic() - beginn
            pg.stoppen()
            # While the database is down, ask each instance directly (the simulated users may
            # all be waiting in a queue): every answer must be the clean 503.
            ausfall["proben"] = proben = []
            ende = time.monotonic() + args.ausfall
            while time.monotonic() < ende:
                for port in ports:
                    for pfad in PROBEN:
                        try:
                            status, inhalt, _dauer = anfrage(port, "GET", pfad, timeout=10)
                            proben.append((pfad, status, sauber(status, inhalt)))
                        except OSError:
                            proben.append((pfad, 0, False))
                time.sleep(0.5)
            pg.starten()
            ausfall["bis"] = time.monotonic() - beginn

        gestoert = phase(daten, ports, args, waehrenddessen=neustart, uhr=uhr)
        ergebnis["ausfall"] = drucken(
            f"Phase 2: PostgreSQL-Neustart bei {ausfall['von']:.0f} s, "
            f"wieder da bei {ausfall['bis']:.0f} s",
            gestoert,
        )
        # Requests whose time in flight overlapped the outage.
        waehrend = [
            m
            for m in gestoert.messungen
            if m.zeit <= ausfall["bis"] and m.zeit + m.dauer >= ausfall["von"]
        ]
        proben = ausfall["proben"]
        danach = [m for m in gestoert.messungen if m.zeit > ausfall["bis"]]
        erste_ok = min((m.zeit for m in danach if 200 <= m.status < 400), default=float("nan"))
        spaet = [m for m in danach if m.zeit > ausfall["bis"] + 5]
        ergebnis["ausfall"]["verlauf"] = {
            "anfragen_waehrend": len(waehrend),
            "davon_503": sum(1 for m in waehrend if m.status == 503),
            "proben": len(proben),
            "proben_503_sauber": sum(1 for _p, status, ok in proben if status == 503 and ok),
            "unsauber": sum(1 for m in gestoert.messungen if not m.sauber),
            "erste_erfolgreiche_nach_s": round(erste_ok - ausfall["bis"], 2),
            # Recovery: no error answer once the database is back (timeouts of an overloaded
            # server are counted with the load figures, not here).
            "fehler_ab_5s_danach": sum(1 for m in spaet if m.status >= 500),
        }
        v = ergebnis["ausfall"]["verlauf"]
        print(
            f"  während des Ausfalls unterwegs: {v['anfragen_waehrend']} Anfragen, davon "
            f"{v['davon_503']} mit der 503-Seite; unsaubere Fehler (Traceback, 500): "
            f"{v['unsauber']}"
        )
        print(
            f"  direkte Proben während des Ausfalls: {v['proben']}, davon saubere 503: "
            f"{v['proben_503_sauber']} {sorted({(p, s) for p, s, _ok in proben})}"
        )
        print(
            f"  erste erfolgreiche Antwort {v['erste_erfolgreiche_nach_s']} s nach dem Neustart; "
            f"5xx-Antworten ab 5 s danach: {v['fehler_ab_5s_danach']}"
        )
        for port in ports:
            assert anfrage(port, "GET", "/healthz")[0] == 200, f"Port {port} nicht gesund"

        ergebnis["meldungen"] = m = pruefen(pg, [normal, gestoert, *ab_protokolle])
        print(
            f"\nMeldungen: {m['bestaetigt']} bestätigt, {m['in_datenbank']} in der Datenbank; "
            f"bestätigt aber fehlend: {m['bestaetigt_aber_fehlend']}, doppelt: {m['doppelt']}; "
            f"unbestätigt {m['unbestaetigt']} (davon gespeichert "
            f"{m['unbestaetigt_aber_gespeichert']})"
        )
        proxy_gut = True
        if args.ohne_proxy:
            print("\nPhase 3 (hinter nginx) ausgelassen (--ohne-proxy)")
        elif nginx_programm() is None:
            print("\nPhase 3 (hinter nginx) ausgelassen: nginx fehlt (apt-get install nginx-light)")
            proxy_gut = False
        else:
            args.proxy_port = freier_port()
            if worker[0].poll() is not None:  # it may not have outlived the database restart
                print("  (Hintergrunddienst nach dem Datenbank-Neustart neu gestartet)")
                worker[0].log.close()
                worker[0] = db_worker_starten(env)

            def gunicorn_neu(neue_umgebung):
                stoppen(prozesse)
                prozesse[:] = [
                    gunicorn_starten(neue_umgebung, port, i + 3) for i, port in enumerate(ports)
                ]
                warten_bis_gesund(ports)

            ergebnis["proxy"] = hinter_nginx.phase(
                env, ports, daten, args, gunicorn_neu, Nutzer, Protokoll, drucken
            )
            proxy_gut = ergebnis["proxy"]["gut"]
            print("HINTER NGINX: " + ("alle drei Prüfungen bestanden" if proxy_gut else "FEHLER"))
        (LOGS / "ergebnis.json").write_text(json.dumps(ergebnis, indent=2, ensure_ascii=False))
        gut = (
            m["bestaetigt_aber_fehlend"] == 0
            and m["doppelt"] == 0
            and v["unsauber"] == 0
            and v["proben"] > 0
            and v["proben_503_sauber"] == v["proben"]
            and v["fehler_ab_5s_danach"] == 0
        )
        print(
            "\nAUSFALL: "
            + (
                "nichts verloren, nichts doppelt, saubere 503-Seiten, von selbst erholt"
                if gut
                else "FEHLER"
            )
        )
        fehler = ergebnis["normal"]["gesamt"]["fehler"]
        print(f"NORMALBETRIEB: {fehler} Fehler" + (" (siehe Tabelle)" if fehler else ""))
        return 0 if gut and not fehler and proxy_gut else 1
    finally:
        stoppen(prozesse)
        stoppen(worker)
        pg.entsorgen()


def stoppen(prozesse):
    for prozess in prozesse:
        try:
            os.killpg(prozess.pid, signal.SIGTERM)
            prozess.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(prozess.pid, signal.SIGKILL)
        prozess.log.close()


if __name__ == "__main__":
    sys.exit(main())

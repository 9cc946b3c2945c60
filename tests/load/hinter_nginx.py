"""The load test's proxy phase: the portal as in production behind a real nginx (Debian).

Both gunicorn instances restart with ``TRUSTED_PROXY_COUNT=1`` and the production API rate;
nginx (tests/nginx.py) listens on loopback and balances over them. Every simulated client has
its own loopback source address (127.0.x.y; all of 127/8 is loopback), so that nginx sees
distinct clients as it would on the internet. Three checks, each bounded in time:

1. Lockout per client: five wrong passwords for one account from client A (with a forged
   X-Forwarded-For each time) lock A out; the owner on client B still logs in.
2. The anonymous API rate holds with forged headers: one client sends more requests than the
   rate allows, each with a new forged X-Forwarded-For; everything beyond the rate gets 429.
3. Normal pages keep p95 under 300 ms while 6 anonymous clients hammer report URLs without
   any pause, each time a report not yet stored: Akteur- and Handlungsfeld-Berichte of the closed
   rounds, today's Akteur-Berichte (new each time the Datenstand moves), a free Stichtag (403).
   No request renders: they enqueue for the task worker (202) within their quota (429).
"""

import http.client
import multiprocessing
import os
import random
import re
import time
from datetime import date, timedelta
from urllib.parse import urlencode

from tests.nginx import Nginx

HOST = "127.0.0.1"
PASSWORT = "Lasttest-richtig-und-lang-42"
P95_GRENZE_MS = 300


def quelle(nummer):
    """A loopback source address per simulated client (127.0.1.1, 127.0.1.2, …)."""
    return f"127.0.{1 + nummer // 250}.{1 + nummer % 250}"


def anfrage(port, methode, pfad, quelle_ip, body=None, headers=None, timeout=60):
    verbindung = http.client.HTTPConnection(
        HOST, port, timeout=timeout, source_address=(quelle_ip, 0)
    )
    try:
        start = time.perf_counter()
        verbindung.request(methode, pfad, body=body, headers=headers or {})
        antwort = verbindung.getresponse()
        inhalt = antwort.read()
        return antwort.status, inhalt, time.perf_counter() - start, antwort
    finally:
        verbindung.close()


def gefaelscht(zufall):
    return ".".join(str(zufall.randint(1, 254)) for _ in range(4))


def anmelden(port, quelle_ip, benutzer, passwort, zufall):
    """A login through the login form (CSRF token included); the answer's status."""
    kopf = {"X-Forwarded-For": gefaelscht(zufall)}
    status, inhalt, _d, antwort = anfrage(port, "GET", "/konto/login/", quelle_ip, headers=kopf)
    cookie = re.search(r"csrftoken=([^;]+)", antwort.getheader("Set-Cookie") or "")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', inhalt)
    if status != 200 or not cookie or not token:
        return status
    daten = {"csrfmiddlewaretoken": token.group(1).decode(), "username": benutzer}
    daten["password"] = passwort
    status, _i, _d, _a = anfrage(
        port,
        "POST",
        "/konto/login/",
        quelle_ip,
        body=urlencode(daten),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1)}",
            "X-Forwarded-For": gefaelscht(zufall),
        },
    )
    return status


def sperre_pruefen(port, benutzer, fehlversuche=5):
    zufall = random.Random(1)
    angreifer, besitzer = quelle(200), quelle(201)
    falsch = [anmelden(port, angreifer, benutzer, "falsch", zufall) for _ in range(fehlversuche)]
    angreifer_richtig = anmelden(port, angreifer, benutzer, PASSWORT, zufall)
    besitzer_richtig = anmelden(port, besitzer, benutzer, PASSWORT, zufall)
    return {
        "fehlversuche": falsch,
        "angreifer_mit_richtigem_passwort": angreifer_richtig,
        "besitzer_anderer_client": besitzer_richtig,
        "gut": falsch[-1] == 429 and angreifer_richtig == 429 and besitzer_richtig == 302,
    }


def drossel_pruefen(port, rate, anzahl):
    """One client, ``anzahl`` requests in a row, each with a new forged X-Forwarded-For."""
    zufall = random.Random(2)
    client = quelle(202)
    status = []
    for _ in range(anzahl):
        kopf = {"X-Forwarded-For": f"{gefaelscht(zufall)}, {gefaelscht(zufall)}"}
        status.append(anfrage(port, "GET", "/api/v1/handlungsfelder/", client, headers=kopf)[0])
    durch = sum(1 for s in status if s == 200)
    # Another client behind the same nginx is not held back by the first one.
    anderer = anfrage(port, "GET", "/api/v1/handlungsfelder/", quelle(203))[0]
    return {
        "anfragen": anzahl,
        "rate": rate,
        "200": durch,
        "429": sum(1 for s in status if s == 429),
        "andere": sorted({s for s in status if s not in (200, 429)}),
        "anderer_client": anderer,
        "gut": durch <= rate and status[-1] == 429 and anderer == 200,
    }


class Hammer:
    """An anonymous client asking for reports without pause, each time one not yet stored.

    Each runs in a process of its own at idle CPU priority: in production the attacker's CPU is
    not the server's (here both share two cores), and as threads of this process they would
    also hold the GIL the visitors' threads need to take their times (both inflated the
    visitors' p95 here).
    """

    def __init__(self, nummer, port, daten, ende):
        self.nummer, self.port, self.daten, self.ende = nummer, port, daten, ende
        self.zufall = random.Random(100 + nummer)

    def pfad(self, n):
        z, d = self.zufall, self.daten
        runde = z.choice(d["runden"]) if d.get("runden") else None
        if n % 4 == 0 and runde and d["akteure"]:
            return f"/berichte/akteure/{z.choice(d['akteure'])}.pdf?berichtsrunde={runde['id']}"
        if n % 4 == 1 and runde and d["handlungsfelder"]:
            nummer = z.choice(d["handlungsfelder"])
            return f"/berichte/handlungsfelder/{nummer}.pdf?stichtag={runde['stichtag']}"
        if n % 4 == 2 and d["akteure"]:
            return f"/berichte/akteure/{z.choice(d['akteure'])}.pdf"
        # A freely chosen day: anonymous clients get the cheap 403 page.
        tag = date(2021, 1, 1) + timedelta(days=400 * self.nummer + n)
        return f"/berichte/gesamtbericht.pdf?stichtag={tag.isoformat()}"

    def laufen(self, warteschlange):
        # Idle priority where the kernel has it (Linux), else the lowest nice level.
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except (AttributeError, OSError):
            os.nice(19)
        ergebnis = []
        n = 0
        # ``ende`` is this process's monotonic clock: the same clock as the parent's (fork).
        while time.monotonic() < self.ende:
            n += 1
            try:
                status, _i, dauer, _a = anfrage(
                    self.port, "GET", self.pfad(n), quelle(100 + self.nummer)
                )
            except OSError:
                status, dauer = 0, 0.0
            ergebnis.append((status, dauer))
        warteschlange.put(ergebnis)


def _hammer_starten(anzahl, port, daten, ende):
    kontext = multiprocessing.get_context("fork")
    warteschlange = kontext.Queue()
    prozesse = [
        kontext.Process(target=Hammer(i, port, daten, ende).laufen, args=(warteschlange,))
        for i in range(anzahl)
    ]
    for p in prozesse:
        p.start()
    return prozesse, warteschlange


def _hammer_ergebnis(prozesse, warteschlange, frist):
    ergebnis = []
    for _p in prozesse:
        ergebnis.extend(warteschlange.get(timeout=frist))
    for p in prozesse:
        p.join(timeout=10)
    return ergebnis


def hammer_pruefen(port, daten, args, anzahl, titel, Nutzer, Protokoll, drucken):
    """Normal visitors through nginx while ``anzahl`` clients hammer report URLs."""
    protokoll = Protokoll()
    beginn = time.monotonic()
    ende = beginn + args.proxy_dauer
    # Forked before the visitors' threads start.
    hammer, warteschlange = _hammer_starten(anzahl, port, daten, ende)
    nutzer = [
        Nutzer(
            i,
            daten,
            [port],
            protokoll,
            ende,
            beginn,
            # People at a human pace (the former 0.5 s): the API's 600/minute per client is
            # not what this phase measures.
            args.proxy_denkzeit,
            pdf_anteil=0.0,
            quelle_ip=quelle(i),
        )
        for i in range(args.proxy_nutzer)
    ]
    for t in nutzer:
        t.start()
    hammer_ergebnis = _hammer_ergebnis(hammer, warteschlange, args.proxy_dauer + 90)
    for t in nutzer:
        t.join(timeout=args.proxy_dauer + 90)
    protokoll.dauer = time.monotonic() - beginn
    figuren = drucken(titel, protokoll)
    nach_status = {}
    for status, _dauer in hammer_ergebnis:
        nach_status[str(status)] = nach_status.get(str(status), 0) + 1
    dauern = sorted(d * 1000 for _s, d in hammer_ergebnis)
    figuren["hammer"] = {
        "anfragen": len(hammer_ergebnis),
        "nach_status": nach_status,
        "p50_ms": round(dauern[len(dauern) // 2], 1) if dauern else None,
    }
    if anzahl:
        print(
            f"  Berichts-Anfragen der {anzahl} Clients: {len(hammer_ergebnis)}, "
            f"nach Status {nach_status}, p50 {figuren['hammer']['p50_ms']} ms"
        )
    seiten = [m for m in protokoll.messungen if m.art in ("seite", "liste", "api")]
    p95 = sorted(m.dauer for m in seiten)[int(0.95 * (len(seiten) - 1))] * 1000 if seiten else 0
    figuren["p95_normal_ms"] = round(p95, 1)
    figuren["gut"] = bool(seiten) and p95 < P95_GRENZE_MS and figuren["gesamt"]["fehler"] == 0
    return figuren


def phase(env, ports, daten, args, gunicorn_neu, Nutzer, Protokoll, drucken):
    """Run the proxy phase; ``gunicorn_neu(env)`` restarts the instances with ``env``."""
    rate = 600
    proxy_env = {**env, "TRUSTED_PROXY_COUNT": "1", "API_ANON_RATE": f"{rate}/minute"}
    proxy_env.pop("BERICHT_ANONYM_NEU", None)  # the production default per client
    gunicorn_neu(proxy_env)
    if "REDIS_URL" not in env:
        # Without a shared cache every worker process counts for itself: the rate holds per
        # process only, and check 3b cannot pass.
        print("  (ohne Redis: API-Rate und Berichtskontingent zählt jeder Prozess für sich)")
    with Nginx(args.proxy_port, ports, worker=2) as nginx:
        print(
            f"\nPhase 3: hinter nginx ({nginx.programm}) auf {HOST}:{args.proxy_port} → "
            f"gunicorn :{ports[0]} und :{ports[1]}, TRUSTED_PROXY_COUNT=1, "
            f"API-Rate {rate}/Minute je Client"
        )
        ergebnis = {"sperre": sperre_pruefen(args.proxy_port, daten["konto"])}
        s = ergebnis["sperre"]
        print(
            f"  3a Anmeldesperre: 5 falsche Passwörter von Client A (gefälschtes "
            f"X-Forwarded-For) → {s['fehlversuche']}; A mit richtigem Passwort → "
            f"{s['angreifer_mit_richtigem_passwort']}; Besitzer an Client B → "
            f"{s['besitzer_anderer_client']}: {'OK' if s['gut'] else 'FEHLER'}"
        )
        ergebnis["drossel"] = d = drossel_pruefen(args.proxy_port, rate, rate + 100)
        print(
            f"  3b API-Rate: {d['anfragen']} Anfragen eines Clients mit immer neuem gefälschtem "
            f"X-Forwarded-For → {d['200']} × 200, {d['429']} × 429 {d['andere'] or ''}; "
            f"ein anderer Client → {d['anderer_client']}: {'OK' if d['gut'] else 'FEHLER'}"
        )
        # The same visitors first alone (the machine's own pace), then with the hammering.
        werkzeug = (Nutzer, Protokoll, drucken)
        ergebnis["ohne_hammer"] = o = hammer_pruefen(
            args.proxy_port,
            daten,
            args,
            0,
            f"Phase 3c-1: {args.proxy_nutzer} Besucher über nginx, ohne Berichts-Anfragen",
            *werkzeug,
        )
        ergebnis["hammer"] = h = hammer_pruefen(
            args.proxy_port,
            daten,
            args,
            args.hammer,
            f"Phase 3c-2: dieselben Besucher, während {args.hammer} Clients ohne Pause Berichte "
            "mit immer neuem Stichtag anfordern",
            *werkzeug,
        )
        print(
            f"  3c normale Seiten p95 {h['p95_normal_ms']} ms mit, {o['p95_normal_ms']} ms ohne "
            f"die Berichts-Anfragen (Grenze {P95_GRENZE_MS} ms): {'OK' if h['gut'] else 'FEHLER'}"
        )
    ergebnis["gut"] = s["gut"] and d["gut"] and h["gut"]
    return ergebnis

"""Profile of the cold render of the public pages and API lists (issue 16: profile before, after).

``python -m tests.bench.profil [--faktor 1|10|beide] [--wiederholungen N] [--top K]
[--bodies ORDNER] [url …]``

Sets up the data as ``tests/bench/pages.py`` does (the 2020 concept, one approved Sachstand per
measure, then tenfold), clears every configured cache before every render (so each render is
cold, as right after a change), renders each page anonymously N times through Django's test
client and prints per page the median time (renders without the profiler), then the top K
functions by cumulative and by self time of N profiled renders, each marked SQL / ORM /
templates / DRF / other, and the share of the self time per group. pyinstrument is not needed:
cProfile from the standard library measures function by function, which is what the groups need.

Without URLs: every anonymous page of ``pages.seiten``. ``--bodies`` writes each 1× response body
there (to compare the output before and after a change). Not part of ``make bench``: with the
profiler it takes a few minutes.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

GRUPPEN = ("SQL", "ORM", "templates", "DRF", "other")


def gruppe(datei, funktion):
    """Which layer a function belongs to, by the file it is defined in."""
    pfad = datei.replace("\\", "/")
    if (
        "/django/db/backends/" in pfad
        or "/psycopg" in pfad
        or "sqlite3" in pfad
        or "method 'execute'" in funktion
        or "method 'fetch" in funktion
        or "sqlite3.Cursor" in funktion
        or "psycopg" in funktion
    ):
        return "SQL"
    if "/django/db/" in pfad:
        return "ORM"
    if (
        "/django/template/" in pfad
        or "/django/templatetags/" in pfad
        or "/templatetags/" in pfad
        or "/django/utils/html.py" in pfad
        or "/django/utils/safestring.py" in pfad
        or "/django/utils/formats.py" in pfad
        or "/django/forms/" in pfad
    ):
        return "templates"
    if "/rest_framework/" in pfad or "/django_filters/rest_framework/" in pfad:
        return "DRF"
    return "other"


def gruppe_von(schluessel, aufrufer):
    """A built-in (getattr, str.join, …) counts for the layer of its main caller."""
    datei, _zeile, funktion = schluessel
    g = gruppe(datei, funktion)
    if datei == "~" and g == "other" and aufrufer:
        haupt = max(aufrufer.items(), key=lambda eintrag: eintrag[1][3])[0]
        g = gruppe(haupt[0], haupt[2])
    return g


def kurzname(schluessel):
    datei, zeile, funktion = schluessel
    if datei == "~":
        return funktion
    teile = Path(datei).parts
    for anker in ("site-packages", "kalt", "main"):
        if anker in teile:
            teile = teile[teile.index(anker) + 1 :]
            break
    return f"{'/'.join(teile[-3:])}:{zeile}({funktion})"


def cache_leeren():
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()


def zeiten(client, url, n):
    """Median ms of ``n`` cold renders (cache cleared before each): wall clock and this
    process's CPU time (steadier on a shared machine; without PostgreSQL's own work), and the
    last response."""
    wand, cpu = [], []
    antwort = None
    for _ in range(n):
        cache_leeren()
        start, start_cpu = time.perf_counter(), time.process_time()
        antwort = client.get(url, HTTP_ACCEPT="text/html,application/json")
        wand.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return (statistics.median(wand), statistics.median(cpu), min(wand)), antwort


def profil(client, url, n):
    profiler = cProfile.Profile()
    for _ in range(n):
        cache_leeren()
        profiler.enable()
        client.get(url, HTTP_ACCEPT="text/html,application/json")
        profiler.disable()
    return pstats.Stats(profiler).stats


def bericht(stats, n, top, ausgabe):
    """Top functions by cumulative and self time (ms per render) and the self time per group."""
    zeilen = []
    for schluessel, (_cc, anzahl, eigen, kumuliert, aufrufer) in stats.items():
        zeilen.append(
            (kurzname(schluessel), gruppe_von(schluessel, aufrufer), anzahl / n,
             eigen * 1000 / n, kumuliert * 1000 / n)
        )  # fmt: skip
    je_gruppe = dict.fromkeys(GRUPPEN, 0.0)
    for _name, g, _anzahl, eigen, _kum in zeilen:
        je_gruppe[g] += eigen
    gesamt = sum(je_gruppe.values()) or 1
    # The number of calls does not depend on the machine's load: the steadier figure to compare.
    aufrufe = sum(z[2] for z in zeilen)
    ausgabe(
        f"    {aufrufe:,.0f} Funktionsaufrufe je Render; Eigenzeit je Gruppe (ms je Render, mit "
        "Profiler): "
        + ", ".join(f"{g} {ms:.1f} ({ms / gesamt:.0%})" for g, ms in je_gruppe.items())
    )
    # The frames every request passes through (test client, handler, middleware) say nothing.
    render = max(z[4] for z in zeilen)
    for titel, index in (("kumuliert", 4), ("Eigenzeit", 3)):
        ausgabe(f"    Top {top} nach {titel} (ms je Render, Aufrufe je Render):")
        kandidaten = [z for z in zeilen if index == 3 or z[4] < 0.9 * render]
        for name, g, anzahl, eigen, kum in sorted(kandidaten, key=lambda z: -z[index])[:top]:
            wert = kum if index == 4 else eigen
            ausgabe(f"      {wert:>7.2f} {anzahl:>7.0f}  {g:<9} {name[:110]}")


# A CSRF token (and a nonce) differs from render to render; the body files leave them out.
WECHSELND = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")|(nonce=")[^"]*(")')


def body_schreiben(ordner, name, antwort):
    inhalt = WECHSELND.sub(lambda m: (m.group(1) or m.group(3)) + b"-" + (m.group(2) or m.group(4)),
                           antwort.content)  # fmt: skip
    datei = Path(ordner) / (re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_") + ".html")
    datei.write_bytes(inhalt)


def durchlauf(seiten, n, top, ausgabe, bodies=None, mit_profil=True):
    from django.test import Client

    client = Client()
    ergebnis = {}
    for name, url in seiten:
        client.get(url)  # warm: imports, template loading, URL resolver
        median, antwort = zeiten(client, url, n)
        ergebnis[name] = median
        titel = name if name == url else f"{name} {url}"
        ausgabe(
            f"  {titel}: Median {median[0]:.1f} ms, CPU {median[1]:.1f} ms, "
            f"schnellster {median[2]:.1f} ms (Status {antwort.status_code})"
        )
        if bodies:
            body_schreiben(bodies, name, antwort)
        if mit_profil:
            bericht(profil(client, url, n), n, top, ausgabe)
    return ergebnis


def run(urls=(), faktor="beide", n=10, top=15, bodies=None, mit_profil=True, ausgabe=print):
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    from measures.models import Massnahme
    from tests.bench.pages import beispieldaten, seiten, statistik_auffrischen, verzehnfachen
    from tests.bench.wegwerf import wegwerf_datenbank

    ohne_manifest = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    with wegwerf_datenbank("bench-profil-") as test_db, ohne_manifest:
        daten = beispieldaten()
        liste = [(url, url) for url in urls] or [
            (name, url) for name, url, wer in seiten(daten) if wer is None
        ]
        if bodies:
            Path(bodies).mkdir(parents=True, exist_ok=True)
        figuren = {}
        for stufe in ("1", "10"):
            if stufe == "10":
                if faktor == "1":
                    break
                verzehnfachen()
            statistik_auffrischen()
            if faktor in (stufe, "beide"):
                ausgabe(
                    f"{stufe}× = {Massnahme.objects.count()} Maßnahmen, {connection.vendor} "
                    f"({test_db}), {n} kalte Renders je Seite:"
                )
                figuren[stufe] = durchlauf(
                    liste, n, top, ausgabe, bodies if stufe == "1" else None, mit_profil
                )
        ausgabe("Zusammenfassung (Median ms, kalt; CPU: nur dieser Prozess):")
        ausgabe(f"  {'Seite':<30} {'1×':>8} {'CPU 1×':>8} {'10×':>8} {'CPU 10×':>8}")
        for name, _url in liste:
            werte = [
                w for s in ("1", "10") for w in figuren.get(s, {}).get(name, (None, None, None))[:2]
            ]
            ausgabe(
                f"  {name:<30} "
                + " ".join(f"{w:>8.1f}" if w is not None else f"{'–':>8}" for w in werte)
            )


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.bench.profil", description=__doc__)
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--faktor", choices=("1", "10", "beide"), default="beide")
    parser.add_argument("--wiederholungen", "-n", type=int, default=10)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--bodies", help="folder for the 1× response bodies")
    parser.add_argument("--ohne-profil", action="store_true", help="only the median times")
    args = parser.parse_args(argv)

    import warnings

    import django

    # WhiteNoise warns about the missing collectstatic folder; the pages do not need it here.
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()
    run(args.urls, args.faktor, args.wiederholungen, args.top, args.bodies, not args.ohne_profil)


if __name__ == "__main__":
    main(sys.argv[1:])

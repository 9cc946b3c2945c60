"""Finished reports kept in Django's cache until the data they show change.

The key holds the report's parameters, the Datenstand (``concept.datenstand``: one query that
changes with every insert, edit and deletion of what a report shows – Handlungsfeld and Konzept
titles included; only approved Sachstände count, so a submission waiting for review leaves the
cached reports valid) and the templates and the style sheet (their modification times) and
``FORMAT``.

Changes that bypass all of this (``QuerySet.update``) are caught by the timeout
(``BERICHT_CACHE_SEKUNDEN``, default one day).

At most ``BERICHT_PARALLEL`` reports render at once on this machine, whichever worker process
asks (file locks in ``BERICHT_PLATZ_ORDNER``; a lock dies with its process). A request does not
hold its worker long for a slot: after ``BERICHT_WARTEZEIT`` seconds (default 3) it gets the last
rendered copy of the same public report if that is at most ``BERICHT_VERALTET_SEKUNDEN`` old
(default 300; the copy says on its title page when it was made), otherwise ``Ausgelastet``
(the view answers 503 with Retry-After). Anonymous requests wait at most
``BERICHT_WARTEZEIT_ANONYM`` (default 1 s).

An anonymous client (``kontingent``: its address) may have at most ``BERICHT_ANONYM_NEU``
reports rendered per ``BERICHT_ANONYM_FENSTER`` seconds; beyond that it gets a recent copy or
``KontingentErschoepft`` (429). Reports already in the cache never count.
"""

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from functools import cache as einmalig
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from berichte.data import sammeln
from berichte.render import pdf_erzeugen
from concept.datenstand import datenstand

# Raise when the report's layout changes in a way its templates' and CSS's dates do not show.
FORMAT = 2


class Ausgelastet(RuntimeError):
    """Too many reports are being rendered right now; try again shortly."""


class KontingentErschoepft(RuntimeError):
    """This anonymous client had its share of new renderings; ``sekunden`` until the next."""

    def __init__(self, sekunden):
        super().__init__(sekunden)
        self.sekunden = sekunden


class Abgabe(NamedTuple):
    """A report to hand out; ``veraltet``: an older copy, served because no slot was free."""

    dateiname: str
    pdf: bytes
    veraltet: bool = False


_jetzt = time.time  # wall clock: the copies may sit in a cache shared by several hosts


class Rechenplaetze:
    """``BERICHT_PARALLEL`` rendering slots shared by every process and thread on this machine.

    Each slot is an exclusive ``flock`` on its own file. The kernel releases it when the holder
    closes it or dies (even by SIGKILL), so a crashed worker never keeps a slot.
    """

    def _dateien(self):
        ordner = Path(settings.BERICHT_PLATZ_ORDNER)
        ordner.mkdir(parents=True, exist_ok=True)
        return [ordner / f"platz-{i}.lock" for i in range(max(1, settings.BERICHT_PARALLEL))]

    def _versuchen(self):
        for datei in self._dateien():
            fd = os.open(datei, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        return None

    @contextmanager
    def belegen(self, wartezeit):
        """Yields True with a slot held, or False when none freed up within ``wartezeit`` s."""
        ende = time.monotonic() + wartezeit
        fd = self._versuchen()
        while fd is None and time.monotonic() < ende:
            time.sleep(0.05)
            fd = self._versuchen()
        try:
            yield fd is not None
        finally:
            if fd is not None:
                os.close(fd)  # releases the lock


_plaetze = Rechenplaetze()


def _kontingent_schluessel(wer):
    return "bericht-kontingent:" + hashlib.sha1(str(wer).encode()).hexdigest()


def _kontingent_stand(wer):
    """``(renderings, end of the window)`` of ``wer``'s current window, or None."""
    stand = cache.get(_kontingent_schluessel(wer))
    return stand if stand is not None and stand[1] > _jetzt() else None


def _kontingent_pruefen(wer):
    """Raise KontingentErschoepft if ``wer`` had its share of renderings in this window."""
    stand = _kontingent_stand(wer)
    if stand is not None and stand[0] >= settings.BERICHT_ANONYM_NEU:
        raise KontingentErschoepft(max(1, round(stand[1] - _jetzt())))


def _kontingent_zaehlen(wer):
    # The window starts with the first rendering and is not moved by later ones. Counted while
    # holding a rendering slot, so the processes of one machine do not overwrite each other.
    anzahl, ende = _kontingent_stand(wer) or (0, _jetzt() + settings.BERICHT_ANONYM_FENSTER)
    cache.set(_kontingent_schluessel(wer), (anzahl + 1, ende), max(1, round(ende - _jetzt())))


@einmalig
def _vorlagenstand():
    """Templates and style sheet change with deployments; their dates join the key."""
    basis = Path(settings.BASE_DIR)
    dateien = sorted((basis / "templates" / "berichte").glob("*.html"))
    dateien.append(Path(__file__).parent / "static" / "css" / "report.css")
    stempel = "|".join(f"{d.name}:{d.stat().st_mtime_ns}" for d in dateien if d.exists())
    return hashlib.sha1(f"{FORMAT}|{stempel}".encode()).hexdigest()[:8]


def schluessel(auftrag):
    roh = f"{auftrag.schluessel()}|{datenstand()}|{_vorlagenstand()}"
    return "bericht:" + hashlib.sha1(roh.encode()).hexdigest()


def _zuletzt_schluessel(auftrag):
    """Where the key of the last rendered copy of these parameters is kept (any data version)."""
    roh = f"{auftrag.schluessel()}|{_vorlagenstand()}"
    return "bericht-zuletzt:" + hashlib.sha1(roh.encode()).hexdigest()


def _veraltete_kopie(auftrag):
    """The last rendered copy of a public report, if young enough to stand in; else None."""
    frist = getattr(settings, "BERICHT_VERALTET_SEKUNDEN", 300)
    if auftrag.intern or frist <= 0:
        return None
    zeiger = cache.get(_zuletzt_schluessel(auftrag))
    if zeiger is None:
        return None
    key, erstellt = zeiger
    if _jetzt() - erstellt > frist:
        return None
    treffer = cache.get(key)
    return None if treffer is None else Abgabe(*treffer, veraltet=True)


def bericht_pdf(auftrag, kontingent=None):
    """The report as ``Abgabe(dateiname, pdf, veraltet)``, from the cache when data are unchanged.

    ``kontingent``: for an anonymous request, the client's address; its new renderings are
    counted and limited. Raises data.BerichtFehler for an unknown subject,
    render.BerichtAbgebrochen when rendering exceeds its limits, Ausgelastet when no rendering
    slot frees up within ``BERICHT_WARTEZEIT``, KontingentErschoepft when the client had its
    share — the latter two only when no recent copy can stand in.
    """
    key = schluessel(auftrag)
    treffer = cache.get(key)
    if treffer is not None:
        return Abgabe(*treffer)
    if kontingent is not None:
        try:
            _kontingent_pruefen(kontingent)
        except KontingentErschoepft:
            kopie = _veraltete_kopie(auftrag)
            if kopie is None:
                raise
            return kopie
    # Anonymous requests wait shorter for a slot: each waiting one holds a web worker.
    wartezeit = settings.BERICHT_WARTEZEIT
    if kontingent is not None:
        wartezeit = min(wartezeit, settings.BERICHT_WARTEZEIT_ANONYM)
    with _plaetze.belegen(wartezeit) as belegt:
        if not belegt:
            kopie = _veraltete_kopie(auftrag)
            if kopie is None:
                raise Ausgelastet
            return kopie
        # Someone else may have rendered it while this request waited for the slot.
        treffer = cache.get(key)
        if treffer is not None:
            return Abgabe(*treffer)
        if kontingent is not None:
            _kontingent_zaehlen(kontingent)
        bericht, ergebnis = erzeugen_und_ablegen(auftrag, key)
        return Abgabe(bericht.dateiname, ergebnis.pdf)


def erzeugen_und_ablegen(auftrag, key=None, **grenzen):
    """Render the report now and put it into the cache; ``(Bericht, render.Ergebnis)``."""
    key = key or schluessel(auftrag)
    bericht = sammeln(auftrag)
    ergebnis = pdf_erzeugen(bericht, **grenzen)
    dauer = getattr(settings, "BERICHT_CACHE_SEKUNDEN", 24 * 3600)
    cache.set(key, (bericht.dateiname, ergebnis.pdf), dauer)
    # Only a pointer: the copy itself stays under its own key until its timeout.
    cache.set(_zuletzt_schluessel(auftrag), (key, _jetzt()), dauer)
    return bericht, ergebnis


def standardberichte():
    """The reports most asked for: what ``manage.py bericht --vorwaermen`` puts into the cache.

    Today's Gesamtbericht and that of the latest closed Berichtsrunde (public and internal) and
    every Handlungsfeld-Bericht of today.
    """
    from berichte.data import HANDLUNGSFELD, Berichtsauftrag
    from concept.models import Handlungsfeld
    from measures.choices import RundenStatus
    from measures.models import Berichtsrunde

    auftraege = [Berichtsauftrag(), Berichtsauftrag(intern=True)]
    runde = (
        Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN)
        .order_by("-stichtag", "-pk")
        .first()
    )
    if runde is not None:
        auftraege += [
            Berichtsauftrag(berichtsrunde=runde.pk),
            Berichtsauftrag(berichtsrunde=runde.pk, intern=True),
        ]
    nummern = (
        Handlungsfeld.objects.im_aktuellen_konzept()
        .mit_zielen()
        .order_by("sortierung")
        .values_list("nummer", flat=True)
    )
    auftraege += [Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld=n) for n in nummern]
    return auftraege

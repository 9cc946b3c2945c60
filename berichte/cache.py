"""Finished reports kept in Django's cache until the data they show change.

The key holds the report's parameters, the Datenstand (``concept.datenstand``: one query that
changes with every insert, edit and deletion of what a report shows – Handlungsfeld and Konzept
titles included; only approved Sachstände count, so a submission waiting for review leaves the
cached reports valid) and the templates and the style sheet (their modification times) and
``FORMAT``.

Changes that bypass all of this (``QuerySet.update``) are caught by the timeout
(``BERICHT_CACHE_SEKUNDEN``, default one day).

At most ``BERICHT_PARALLEL`` reports render at once per process. A request does not hold its
worker long for a slot: after ``BERICHT_WARTEZEIT`` seconds (default 3) it gets the last
rendered copy of the same public report if that is at most ``BERICHT_VERALTET_SEKUNDEN`` old
(default 300; the copy says on its title page when it was made), otherwise ``Ausgelastet``
(the view answers 503 with Retry-After).
"""

import hashlib
import threading
import time
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


class Abgabe(NamedTuple):
    """A report to hand out; ``veraltet``: an older copy, served because no slot was free."""

    dateiname: str
    pdf: bytes
    veraltet: bool = False


_jetzt = time.time  # wall clock: the copies may sit in a cache shared by several hosts
_plaetze = threading.BoundedSemaphore(getattr(settings, "BERICHT_PARALLEL", 1))


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


def bericht_pdf(auftrag):
    """The report as ``Abgabe(dateiname, pdf, veraltet)``, from the cache when data are unchanged.

    Raises data.BerichtFehler for an unknown subject, render.BerichtAbgebrochen when rendering
    exceeds its limits, Ausgelastet when no rendering slot frees up within
    ``BERICHT_WARTEZEIT`` and no recent copy can stand in.
    """
    key = schluessel(auftrag)
    treffer = cache.get(key)
    if treffer is not None:
        return Abgabe(*treffer)
    if not _plaetze.acquire(timeout=getattr(settings, "BERICHT_WARTEZEIT", 3)):
        kopie = _veraltete_kopie(auftrag)
        if kopie is None:
            raise Ausgelastet
        return kopie
    try:
        # Someone else may have rendered it while this request waited for the slot.
        treffer = cache.get(key)
        if treffer is not None:
            return Abgabe(*treffer)
        bericht, ergebnis = erzeugen_und_ablegen(auftrag, key)
        return Abgabe(bericht.dateiname, ergebnis.pdf)
    finally:
        _plaetze.release()


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

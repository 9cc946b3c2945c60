"""Reports rendered by the task worker into stored files, keyed by what they show.

A request never renders. ``anfordern`` looks up the report's ``Berichtsdatei`` by its key:

- ``fertig`` and the file is there: the view serves it;
- otherwise the row is created (or reset) with status ``wartet`` and the task
  ``berichte.tasks.bericht_erstellen`` is enqueued when the transaction commits — exactly one
  task per key, however many requests ask at once (the unique key refuses a second row);
- a row still ``wartet`` after ``BERICHT_ERNEUT_SEKUNDEN`` (its worker died mid-way) or in
  status ``fehler`` for that long is enqueued again by the next request.

The key (``schluessel``) is the sha256 of the Berichtsauftrag's parameters (today's date
standing in for none), the Datenstand (concept/datenstand.py), the layout version
(``_vorlagenstand``: templates, style sheet, ``LAYOUT``) and the format. New data, a new
template or a new day make a new key, and so a new file; ``manage.py berichte_aufraeumen``
deletes files whose key is no longer current.

Anonymous clients (``kontingent``: their address) may enqueue at most ``BERICHT_ANONYM_NEU``
new renderings per ``BERICHT_ANONYM_FENSTER`` seconds (the one window counter of
integration_portal/maildrossel.py); a key already stored or waiting never counts.
"""

import dataclasses
import datetime
import hashlib
from collections.abc import Callable
from functools import cache as einmalig
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from berichte.data import AKTEUR, HANDLUNGSFELD, Berichtsauftrag, _akteur_finden
from berichte.models import Berichtsdatei, DateiStatus
from concept.datenstand import datenstand
from integration_portal.maildrossel import im_fenster_zaehlen

# Raise when the report's layout changes in a way its templates' and CSS's dates do not show.
LAYOUT = 3


def _pdf(bericht):
    from berichte.render import pdf_erzeugen

    ergebnis = pdf_erzeugen(bericht)
    return ergebnis.pdf, ergebnis.seiten


class Format(NamedTuple):
    """How a format is made and served: ``erzeugen(bericht) -> (bytes, pages or None)``."""

    erzeugen: Callable
    content_type: str
    endung: str


def _docx(bericht):
    from berichte.docx import docx_erzeugen

    return docx_erzeugen(bericht), None


FORMATE = {
    "pdf": Format(_pdf, "application/pdf", "pdf"),
    "docx": Format(
        _docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    ),
}


class KontingentErschoepft(RuntimeError):
    """This anonymous client had its share of new renderings; ``sekunden`` until it may again."""

    def __init__(self, sekunden):
        super().__init__(sekunden)
        self.sekunden = sekunden


@einmalig
def _vorlagenstand():
    """Templates and style sheet change with deployments; their dates join the key."""
    basis = Path(settings.BASE_DIR)
    dateien = sorted((basis / "templates" / "berichte").glob("*.html"))
    dateien.append(Path(__file__).parent / "static" / "css" / "report.css")
    stempel = "|".join(f"{d.name}:{d.stat().st_mtime_ns}" for d in dateien if d.exists())
    return hashlib.sha256(f"{LAYOUT}|{stempel}".encode()).hexdigest()[:16]


def schluessel(auftrag, format="pdf", *, stand=None):
    """What the file shows, as 64 hex digits (Berichtsdatei.schluessel).

    ``stand``: the Datenstand if the caller has it already (the cleanup, for many rows).
    """
    stand = stand or datenstand()
    roh = f"{auftrag.schluessel()}|{stand}|{_vorlagenstand()}|{format}"
    return hashlib.sha256(roh.encode()).hexdigest()


def auftrag_als_json(auftrag):
    daten = dataclasses.asdict(auftrag)
    daten["stichtag"] = auftrag.stichtag.isoformat() if auftrag.stichtag else None
    return daten


def auftrag_aus_json(daten):
    felder = {f.name for f in dataclasses.fields(Berichtsauftrag)}
    werte = {k: v for k, v in daten.items() if k in felder}
    if werte.get("stichtag"):
        werte["stichtag"] = datetime.date.fromisoformat(werte["stichtag"])
    return Berichtsauftrag(**werte)


def gegenstand_pruefen(auftrag):
    """Raise data.BerichtFehler for an unknown Handlungsfeld or Akteur (cheap; before enqueueing).

    The Berichtsrunde is checked by the form (only closed ones); ``sammeln`` checks all again.
    """
    from berichte.data import BerichtFehler
    from concept.models import Handlungsfeld

    if auftrag.art == AKTEUR:
        _akteur_finden(auftrag.akteur)
    elif (
        auftrag.art == HANDLUNGSFELD
        and not Handlungsfeld.objects.im_aktuellen_konzept()
        .filter(nummer=auftrag.handlungsfeld)
        .exists()
    ):
        raise BerichtFehler(
            _("Handlungsfeld %(nummer)s gibt es im Konzept nicht.")
            % {"nummer": auftrag.handlungsfeld}
        )


def datei_vorhanden(datei):
    return bool(datei.datei) and datei.datei.storage.exists(datei.datei.name)


def _erneut_faellig(datei, jetzt):
    """A waiting row whose worker died, a failed one after a pause, a finished one lost its file."""
    if datei.status == DateiStatus.FERTIG:
        return not datei_vorhanden(datei)
    alter = (jetzt - datei.angefordert_am).total_seconds()
    return alter >= settings.BERICHT_ERNEUT_SEKUNDEN


def _kontingent_pruefen(kontingent):
    wer = hashlib.sha256(str(kontingent).encode()).hexdigest()
    fenster = settings.BERICHT_ANONYM_FENSTER
    if not im_fenster_zaehlen(f"bericht-neu:{wer}", settings.BERICHT_ANONYM_NEU, fenster):
        raise KontingentErschoepft(fenster)


def _einreihen(datei_id):
    from berichte.tasks import bericht_erstellen

    transaction.on_commit(lambda: bericht_erstellen.enqueue(datei_id))


def anfordern(auftrag, format="pdf", *, kontingent=None, zusatz=None):
    """The report's Berichtsdatei: finished, or waiting with its rendering enqueued.

    ``kontingent``: an anonymous client's address, whose new renderings are limited
    (KontingentErschoepft). ``zusatz``: extra keys for the stored ``auftrag`` JSON of a new row
    (e.g. ``{"mitteilen": True}``: the Bürgerschaft hears when it is done).
    """
    if format not in FORMATE:
        raise ValueError(f"Unbekanntes Format {format!r}")
    key = schluessel(auftrag, format)
    datei = Berichtsdatei.objects.filter(schluessel=key).first()
    jetzt = timezone.now()
    if datei is not None and not _erneut_faellig(datei, jetzt):
        return datei
    gegenstand_pruefen(auftrag)
    if kontingent is not None:
        _kontingent_pruefen(kontingent)
    if datei is None:
        datei, neu = _anlegen(key, format, {**auftrag_als_json(auftrag), **(zusatz or {})})
    else:
        neu = _zuruecksetzen(datei, jetzt)
    if neu:
        _einreihen(datei.pk)
        if not transaction.get_connection().in_atomic_block:
            datei.refresh_from_db()  # an immediate task backend has rendered it by now
    return datei


def _anlegen(key, format, auftrag_json):
    """``(row, created)``; the unique key lets only one of several concurrent requests create."""
    try:
        with transaction.atomic():
            return Berichtsdatei.objects.create(
                schluessel=key, format=format, auftrag=auftrag_json
            ), True
    except IntegrityError:
        return Berichtsdatei.objects.get(schluessel=key), False


def _zuruecksetzen(datei, jetzt):
    """Back to ``wartet`` for a new attempt; True for the one request whose update took."""
    geaendert = Berichtsdatei.objects.filter(
        pk=datei.pk, status=datei.status, angefordert_am=datei.angefordert_am
    ).update(status=DateiStatus.WARTET, angefordert_am=jetzt, fehler="")
    datei.status, datei.angefordert_am, datei.fehler = DateiStatus.WARTET, jetzt, ""
    return geaendert == 1


def standardberichte():
    """The reports most asked for: what ``manage.py bericht --vorwaermen`` enqueues.

    Today's Gesamtbericht and that of the latest closed Berichtsrunde (public and internal) and
    every Handlungsfeld-Bericht of today.
    """
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
    auftraege += [Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld=n) for n in _nummern()]
    return auftraege


def _nummern():
    from concept.models import Handlungsfeld

    return list(
        Handlungsfeld.objects.im_aktuellen_konzept()
        .mit_zielen()
        .order_by("sortierung")
        .values_list("nummer", flat=True)
    )


def rundenberichte(runde):
    """A closed round's reports: its Gesamtbericht (public and internal), each Handlungsfeld's."""
    from berichte.data import GESAMT

    return [
        Berichtsauftrag(art=GESAMT, berichtsrunde=runde.pk),
        Berichtsauftrag(art=GESAMT, berichtsrunde=runde.pk, intern=True),
    ] + [
        Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld=n, berichtsrunde=runde.pk)
        for n in _nummern()
    ]


def aufraeumen(tage):
    """Delete the files (and rows) whose key is no longer current, ``tage`` days after request.

    A closed Berichtsrunde's first file of each report stays forever (what the council got);
    so does every row whose key is still current. Later renderings of a round's report (after
    new data) go like any other. Returns the number of rows deleted.
    """
    from berichte.data import BerichtFehler

    grenze = timezone.now() - datetime.timedelta(days=tage)
    stand = datenstand()
    geloescht = 0
    alte = Berichtsdatei.objects.filter(angefordert_am__lt=grenze).exclude(
        pk__in=_erste_der_runden()
    )
    for datei in alte.iterator():
        try:
            aktuell = schluessel(auftrag_aus_json(datei.auftrag), datei.format, stand=stand)
        except (BerichtFehler, TypeError, ValueError):
            aktuell = None  # parameters that no longer make a report
        if aktuell == datei.schluessel:
            continue
        if datei.datei:
            datei.datei.storage.delete(datei.datei.name)
        datei.delete()
        geloescht += 1
    _reste_loeschen()
    return geloescht


def _erste_der_runden():
    """The pks of the first row of each closed round's report (per parameters and format)."""
    erste = {}
    runden = Berichtsdatei.objects.exclude(auftrag__berichtsrunde=None).order_by("pk")
    for pk, auftrag, format in runden.values_list("pk", "auftrag", "format"):
        try:
            was = (auftrag_aus_json(auftrag), format)
        except (TypeError, ValueError):
            continue  # parameters that no longer make a report: not kept for the round
        erste.setdefault(was, pk)
    return list(erste.values())


def _reste_loeschen():
    """Temporary files a worker left when it died while writing (older than an hour)."""
    from berichte.models import _bericht_speicher

    wurzel = Path(_bericht_speicher().location)
    grenze = timezone.now().timestamp() - 3600
    reste = [p for p in wurzel.glob("**/.entsteht-*") if p.stat().st_mtime < grenze]
    for rest in reste:
        rest.unlink(missing_ok=True)

"""The public change log: approved Sachstände and status changes of Maßnahmen, newest first.

One service for the Atom feeds (portal/feeds.py) and the API (``/api/v1/aenderungen/``). Both
kinds of entry come from what the database keeps anyway:

- **sachstand** – a Sachstand the Büro approved (``geprueft_am``; older rows approved without
  that stamp count from their submission). Shown with its public text only: never the note to
  the Büro, the review comment or the measure's internal note, never one not yet approved.
- **status** – a history record of a Maßnahme (simple_history) whose status differs from the
  record before it: an edit in the admin, an import. The approval of a Sachstand also writes
  such a record (measures/sachstaende.freigeben); it is told by the approved Sachstand itself,
  so that record is left out here (same measure, same status, written within a minute after
  the approval).

Only measures of the current Konzept. ``aenderungen()`` is one UNION query, sliced or paginated
by the caller; ``laden()`` turns a slice into ``Aenderung`` objects with two more queries.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from measures.choices import Pruefstatus, Status
from measures.models import Akteur, Massnahme, Sachstand, Zustaendigkeit, unterhalb_q

SACHSTAND, STATUS = "sachstand", "status"
# How long after an approval the Maßnahme's history record of it may be written (same
# transaction: milliseconds in practice).
FREIGABE_SPIELRAUM = datetime.timedelta(minutes=1)
# Values of ``?seit=`` outside these years are typing errors (and overflow the time zones).
FRUEHESTES_JAHR, SPAETESTES_JAHR = 1900, 9998

Historie = Massnahme.history.model
# The columns of both halves of the UNION, in this order.
SPALTEN = ("art", "zeitpunkt", "eintrag", "massnahme_id", "status", "status_vorher", "sachstand_id")


def _vorheriger_status(massnahme_id, vor):
    """Subquery: the status of the Maßnahme's last history record before ``vor``."""
    return Subquery(
        Historie.objects.filter(id=massnahme_id, history_date__lt=vor)
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )


def _massnahmen(handlungsfeld=None, akteur=None):
    """The measures whose changes are shown: current Konzept, narrowed to a Handlungsfeld or to
    the measures an Akteur or one of its subunits is responsible for."""
    massnahmen = Massnahme.objects.im_aktuellen_konzept()
    if handlungsfeld is not None:
        massnahmen = massnahmen.filter(teilziel__handlungsfeld=handlungsfeld)
    if akteur is not None:
        akteure = Akteur.objects.filter(Q(pk=akteur.pk) | unterhalb_q([akteur.pk]))
        massnahmen = massnahmen.filter(
            pk__in=Zustaendigkeit.objects.filter(akteur__in=akteure).values("massnahme_id")
        )
    return massnahmen.values("pk")


def _freigaben(massnahmen, seit):
    zeilen = (
        Sachstand.objects.filter(pruefstatus=Pruefstatus.FREIGEGEBEN, massnahme__in=massnahmen)
        .annotate(zeitpunkt=Coalesce("geprueft_am", "eingereicht_am"))
        .annotate(
            art=Value(SACHSTAND, output_field=models.CharField()),
            eintrag=F("pk"),
            status_vorher=_vorheriger_status(OuterRef("massnahme_id"), OuterRef("zeitpunkt")),
            sachstand_id=Cast("pk", models.IntegerField()),
        )
    )
    if seit is not None:
        zeilen = zeilen.filter(zeitpunkt__gte=seit)
    return zeilen.order_by().values(*SPALTEN)


def _statuswechsel(massnahmen, seit):
    von_freigabe = Sachstand.objects.filter(
        pruefstatus=Pruefstatus.FREIGEGEBEN,
        massnahme_id=OuterRef("id"),
        status=OuterRef("status"),
        geprueft_am__lte=OuterRef("history_date"),
        geprueft_am__gte=OuterRef("history_date") - FREIGABE_SPIELRAUM,
    )
    zeilen = (
        Historie.objects.filter(id__in=massnahmen)
        .annotate(
            zeitpunkt=F("history_date"),
            art=Value(STATUS, output_field=models.CharField()),
            eintrag=F("history_id"),
            massnahme_id=F("id"),
            status_vorher=_vorheriger_status(OuterRef("id"), OuterRef("history_date")),
            sachstand_id=Value(None, output_field=models.IntegerField()),
        )
        .filter(status_vorher__isnull=False)
        .exclude(status=F("status_vorher"))
        .exclude(Exists(von_freigabe))
    )
    if seit is not None:
        zeilen = zeilen.filter(history_date__gte=seit)
    return zeilen.order_by().values(*SPALTEN)


def aenderungen(seit=None, handlungsfeld=None, akteur=None):
    """The change log as rows (dicts), newest first: one query when sliced or counted.

    ``seit``: an aware datetime, only changes at or after it. ``handlungsfeld``/``akteur``:
    only the changes of their measures (an Akteur's include those of its subunits).
    """
    massnahmen = _massnahmen(handlungsfeld, akteur)
    return (
        _freigaben(massnahmen, seit)
        .union(_statuswechsel(massnahmen, seit), all=True)
        .order_by("-zeitpunkt", "art", "-eintrag")
    )


def eintrag(kennung):
    """One entry by its id (``sachstand-12``, ``status-345``: ``Aenderung.kennung``), or None.

    Only what the log shows: an unapproved Sachstand, a history record without a status
    change or a measure of an older Konzept is no entry.
    """
    art, _strich, nummer = (kennung or "").partition("-")
    if not nummer.isdigit() or len(nummer) > 18:
        return None
    massnahmen = _massnahmen()
    if art == SACHSTAND:
        zeilen = _freigaben(massnahmen, None).filter(pk=int(nummer))
    elif art == STATUS:
        zeilen = _statuswechsel(massnahmen, None).filter(history_id=int(nummer))
    else:
        return None
    geladen = laden(zeilen[:1])
    return geladen[0] if geladen else None


@dataclass
class Aenderung:
    """One entry of the change log, ready for a feed or the API."""

    art: str  # SACHSTAND or STATUS
    eintrag: int  # Sachstand pk or history id: with ``art`` a stable identity
    zeitpunkt: datetime.datetime
    massnahme: Massnahme
    status: str
    status_vorher: str | None
    sachstand: Sachstand | None

    @property
    def kennung(self):
        """Stable across pages and days: kind and row, e.g. ``sachstand-12``."""
        return f"{self.art}-{self.eintrag}"

    @property
    def status_geaendert(self):
        return self.status_vorher is not None and self.status_vorher != self.status

    @property
    def status_anzeige(self):
        return _status_wort(self.status)

    @property
    def status_vorher_anzeige(self):
        return _status_wort(self.status_vorher) if self.status_vorher else ""

    @property
    def akteur(self):
        """Who the entry is from: the reporting Akteur; None for the Büro's own changes."""
        return self.sachstand.akteur if self.sachstand else None


def _status_wort(wert):
    # Old history records may hold a status the choices no longer know: shown as stored.
    return Status(wert).label if wert in Status.values else wert


def laden(zeilen):
    """``Aenderung`` objects for rows of ``aenderungen()`` (a slice or page): two queries."""
    zeilen = list(zeilen)
    massnahmen = Massnahme.objects.select_related("teilziel__handlungsfeld").in_bulk(
        {z["massnahme_id"] for z in zeilen}
    )
    # Only the public fields: the note to the Büro and the review stay in the database.
    sachstaende = (
        Sachstand.objects.select_related("akteur")
        .only("datum", "status", "ampel", "fortschritt", "text", "massnahme_id", "akteur")
        .in_bulk({z["sachstand_id"] for z in zeilen if z["sachstand_id"]})
    )
    return [
        Aenderung(
            art=z["art"],
            eintrag=z["eintrag"],
            zeitpunkt=z["zeitpunkt"],
            massnahme=massnahmen[z["massnahme_id"]],
            status=z["status"],
            status_vorher=z["status_vorher"],
            sachstand=sachstaende.get(z["sachstand_id"]),
        )
        for z in zeilen
    ]


def seit_lesen(wert):
    """``?seit=``: an ISO date (from the start of that day, Europe/Berlin) or date and time
    (without a zone: Europe/Berlin); None if empty. Raises ValidationError in German."""
    wert = (wert or "").strip()
    if not wert:
        return None
    fehler = ValidationError(
        _(
            "„%(wert)s“ ist kein Zeitpunkt; bitte geben Sie „seit“ als Datum (JJJJ-MM-TT) oder "
            "als Datum mit Uhrzeit (JJJJ-MM-TTTHH:MM[:SS][+HH:MM]) an."
        )
        % {"wert": wert[:40]},
        code="ungueltig",
    )
    try:
        zeitpunkt = parse_datetime(wert)
        if zeitpunkt is None:
            tag = parse_date(wert)
            if tag is None:
                raise fehler
            zeitpunkt = datetime.datetime.combine(tag, datetime.time.min)
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        raise fehler from None
    if not FRUEHESTES_JAHR <= zeitpunkt.year <= SPAETESTES_JAHR:
        raise ValidationError(
            _("„seit“ muss zwischen den Jahren %(von)s und %(bis)s liegen.")
            % {"von": FRUEHESTES_JAHR, "bis": SPAETESTES_JAHR},
            code="bereich",
        )
    if timezone.is_naive(zeitpunkt):
        zeitpunkt = timezone.make_aware(zeitpunkt)
    return zeitpunkt

"""The Datenlage of the monitoring (Open SDG's reporting status): which indicators have current
data, which are outdated, which are planned without data.

The one place of these rules: the page ``/indikatoren/datenlage/``, the reminders to the data
owners (``monitoring/lieferungen.py``) and reports call it.

- *Vorschlag*: from the starter catalogue, not yet agreed with the Statistikstelle
  (``Indikator.vorschlag``) – planned, whatever values it may already carry.
- *ohne Daten*: no Messwert at all.
- *veraltet*: the newest value (of any breakdown) is older than the release rhythm plus
  ``NACHLAUF_MONATE`` – statistics appear months after their reference date, so a value for
  31.12.2024 of a yearly series is still current in the autumn of 2025, but not in 2026.
  Without a rhythm (or „unregelmäßig“) ``OHNE_RHYTHMUS_MONATE`` apply.
- *aktuell*: otherwise.

A delivery is *fällig* on ``naechste_lieferung`` and *überfällig* ``UEBERFAELLIG_NACH_TAGEN``
days later. A new value stored from half a rhythm before the due date on counts as the
delivery (``geliefert``); the daily run then moves the date on by the rhythm
(``naechster_termin``) instead of reminding.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from concept.models import Handlungsfeld
from monitoring import geheimhaltung
from monitoring.choices import Rhythmus
from monitoring.models import Indikator, Lieferungserinnerung, Messwert

# Months between two releases of each rhythm; "unregelmäßig" has none.
RHYTHMUS_MONATE = {
    Rhythmus.JAEHRLICH: 12,
    Rhythmus.HALBJAEHRLICH: 6,
    Rhythmus.VIERTELJAEHRLICH: 3,
    Rhythmus.MONATLICH: 1,
}
# Time a source needs after its reference date to publish (the Statistisches Amt M-V and the
# BA publish yearly figures about six months after the year's end).
NACHLAUF_MONATE = 6
# An indicator without a regular rhythm counts as outdated after two years.
OHNE_RHYTHMUS_MONATE = 24
# The second reminder: this many days after the due date.
UEBERFAELLIG_NACH_TAGEN = 14


class Zustand(models.TextChoices):
    AKTUELL = "aktuell", _("aktuell")
    VERALTET = "veraltet", _("veraltet")
    OHNE_DATEN = "ohne_daten", _("ohne Daten")
    VORSCHLAG = "vorschlag", _("Vorschlag")


def monate_spaeter(datum, monate):
    """``datum`` plus ``monate`` calendar months, the day clipped to the month's end."""
    index = datum.year * 12 + datum.month - 1 + monate
    jahr, monat = divmod(index, 12)
    monat += 1
    return date(jahr, monat, min(datum.day, calendar.monthrange(jahr, monat)[1]))


def alter_in_monaten(datum, heute):
    """Whole calendar months from ``datum`` to ``heute`` (0 for a date in the future)."""
    monate = (heute.year - datum.year) * 12 + heute.month - datum.month
    if heute.day < datum.day:
        monate -= 1
    return max(monate, 0)


def alter_text(monate):
    """„1 Jahr, 3 Monate“, „5 Monate“, „unter 1 Monat“."""
    jahre, rest = divmod(monate, 12)
    teile = []
    if jahre:
        teile.append(ngettext("%(n)d Jahr", "%(n)d Jahre", jahre) % {"n": jahre})
    if rest:
        teile.append(ngettext("%(n)d Monat", "%(n)d Monate", rest) % {"n": rest})
    return ", ".join(teile) if teile else str(_("unter 1 Monat"))


def frist_monate(rhythmus):
    """How old the newest value may be before the indicator counts as outdated."""
    if rhythmus in RHYTHMUS_MONATE:
        return RHYTHMUS_MONATE[rhythmus] + NACHLAUF_MONATE
    return OHNE_RHYTHMUS_MONATE


def zustand(indikator, letzte_lieferung, heute):
    """The Zustand of ``indikator`` whose newest value (any breakdown) is dated
    ``letzte_lieferung`` (``None``: no value)."""
    if indikator.vorschlag:
        return Zustand.VORSCHLAG
    if letzte_lieferung is None:
        return Zustand.OHNE_DATEN
    if alter_in_monaten(letzte_lieferung, heute) > frist_monate(indikator.rhythmus):
        return Zustand.VERALTET
    return Zustand.AKTUELL


def faellige_stufen(naechste_lieferung, heute):
    """The reminder steps due on ``heute`` for a delivery due on ``naechste_lieferung``."""
    if naechste_lieferung is None or heute < naechste_lieferung:
        return []
    stufen = [Lieferungserinnerung.Stufe.FAELLIG]
    if heute >= naechste_lieferung + timedelta(days=UEBERFAELLIG_NACH_TAGEN):
        stufen.append(Lieferungserinnerung.Stufe.UEBERFAELLIG)
    return stufen


def naechster_termin(naechste_lieferung, rhythmus, heute):
    """The due date after a delivery: moved on by the rhythm until it lies after ``heute``;
    ``None`` without a regular rhythm (the Büro sets the next date by hand)."""
    monate = RHYTHMUS_MONATE.get(rhythmus)
    if monate is None or naechste_lieferung is None:
        return None
    termin = naechste_lieferung
    while termin <= heute:
        termin = monate_spaeter(termin, monate)
    return termin


def lieferfenster_beginn(naechste_lieferung, rhythmus):
    """From when a new value counts as the delivery due on ``naechste_lieferung``: half a
    rhythm before it (a source may publish early), never reaching back to the delivery
    before; without a regular rhythm only from the due date on."""
    monate = RHYTHMUS_MONATE.get(rhythmus)
    if monate is None:
        return naechste_lieferung
    if monate == 1:
        return naechste_lieferung - timedelta(days=14)
    return monate_spaeter(naechste_lieferung, -(monate // 2))


def geliefert(indikator, neuester_eingang):
    """Has the delivery due for ``indikator`` arrived? ``neuester_eingang``: the date a new
    value was last stored for it (``neueste_eingaenge``), ``None`` if never."""
    if indikator.naechste_lieferung is None or neuester_eingang is None:
        return False
    return neuester_eingang >= lieferfenster_beginn(
        indikator.naechste_lieferung, indikator.rhythmus
    )


def neueste_eingaenge(indikator_ids):
    """``{indikator_id: date}``: when a new value was last stored (1 query).

    Read from the history ("+" rows), so every way in counts – admin, CSV import, API, an
    approved Leistungsmeldung – while a later correction of an old value does not.
    """
    zeilen = (
        Messwert.history.filter(indikator_id__in=indikator_ids, history_type="+")
        .values("indikator_id")
        .annotate(neuester=Max("history_date"))
        .values_list("indikator_id", "neuester")
    )
    return {pk: timezone.localdate(moment) for pk, moment in zeilen}


def mit_datenlage(indikatoren):
    """Annotate ``letzte_lieferung``: the date of the newest value of any breakdown."""
    neueste = Messwert.objects.filter(indikator=OuterRef("pk")).order_by("-datum")
    return indikatoren.mit_letztem_wert().annotate(
        letzte_lieferung=Subquery(neueste.values("datum")[:1])
    )


@dataclass
class Zeile:
    """One indicator on the Datenlage page."""

    indikator: Indikator
    zustand: str
    alter_monate: int | None
    lieferung_ueberfaellig: bool

    @property
    def zustand_text(self):
        return Zustand(self.zustand).label

    @property
    def alter(self):
        return "" if self.alter_monate is None else alter_text(self.alter_monate)


@dataclass
class Zaehler:
    aktuell: int = 0
    veraltet: int = 0
    ohne_daten: int = 0
    vorschlag: int = 0

    def zaehlen(self, zustand_):
        setattr(self, zustand_, getattr(self, zustand_) + 1)

    @property
    def gesamt(self):
        return self.aktuell + self.veraltet + self.ohne_daten + self.vorschlag


@dataclass
class Gruppe:
    """A Handlungsfeld (``None``: indicators linked to none) with its indicators."""

    handlungsfeld: Handlungsfeld | None
    zeilen: list = field(default_factory=list)
    zaehler: Zaehler = field(default_factory=Zaehler)


@dataclass
class Datenlage:
    gruppen: list
    zaehler: Zaehler  # each indicator once, however many Handlungsfelder it serves
    heute: date

    @property
    def blinde_handlungsfelder(self):
        """Handlungsfelder without any indicator with current data."""
        return [g for g in self.gruppen if g.handlungsfeld and not g.zaehler.aktuell]


def zeile(indikator, heute):
    """The Zeile of an indicator annotated by ``mit_datenlage``."""
    letzte = indikator.letzte_lieferung
    return Zeile(
        indikator=indikator,
        zustand=zustand(indikator, letzte, heute),
        alter_monate=None if letzte is None else alter_in_monaten(letzte, heute),
        lieferung_ueberfaellig=bool(
            indikator.naechste_lieferung
            and heute >= indikator.naechste_lieferung + timedelta(days=UEBERFAELLIG_NACH_TAGEN)
        ),
    )


def datenlage(user, heute=None):
    """The Datenlage of every indicator ``user`` may see, per Handlungsfeld of the current
    Konzept – those without indicators too – and indicators linked to none last.

    Three queries (Handlungsfelder, indicators, their links) whatever the amount of data.
    """
    heute = heute or timezone.localdate()
    handlungsfelder = list(Handlungsfeld.objects.im_aktuellen_konzept().order_by("sortierung"))
    indikatoren = mit_datenlage(
        Indikator.objects.sichtbar_fuer(user).select_related("verantwortlich")
    ).prefetch_related(
        Prefetch(
            "handlungsfelder",
            queryset=Handlungsfeld.objects.im_aktuellen_konzept().only("pk"),
        )
    )
    gruppen = {hf.pk: Gruppe(hf) for hf in handlungsfelder}
    ohne = Gruppe(None)
    gesamt = Zaehler()
    # A suppressed latest total shows as the symbol, never as its value (geheimhaltung.py).
    for indikator in geheimhaltung.letzte_werte_pruefen(indikatoren):
        z = zeile(indikator, heute)
        gesamt.zaehlen(z.zustand)
        ziele = [gruppen[hf.pk] for hf in indikator.handlungsfelder.all() if hf.pk in gruppen]
        for gruppe in ziele or [ohne]:
            gruppe.zeilen.append(z)
            gruppe.zaehler.zaehlen(z.zustand)
    liste = list(gruppen.values())
    if ohne.zeilen:
        liste.append(ohne)
    return Datenlage(gruppen=liste, zaehler=gesamt, heute=heute)

"""What a progress report shows, collected in a fixed number of queries.

A report describes the measures at a Stichtag, from one of two sources:

- **a Stichtag without a Berichtsrunde**: the measures as they stood at the end of that day,
  rebuilt from history (``measures.zeitreise.stand_am``; today: today's rows, rolled up by
  ``measures.rollup``), and the approved Sachstände dated up to the Stichtag;
- **a closed Berichtsrunde**: only the Berichtsstand snapshots written when the round closed
  (wording, Zuständigkeiten, Sachstand, status, Ampel, progress, target date, lateness); an old
  snapshot without the full state is filled up from history at the round's Stichtag.

"Changes" compare that state with the snapshots of the previous closed Berichtsrunde (Stichtag
before the report's). The number of queries does not depend on the number of Handlungsfelder,
measures or Akteure (about a dozen; an Akteur-Bericht four more for the whole Teilziele beside its
own measures).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from berichte import abkuerzungen
from berichte.einschaetzungen import Einschaetzungen, fuer_bericht
from berichte.veraenderungen import Veraenderungen, gruppieren
from concept.deutsch import deutsch_sortieren, kurztitel
from concept.models import Handlungsfeld, Konzept, Teilziel
from measures import rollup
from measures.choices import Ampel, RundenStatus, Status
from measures.models import Akteur, Berichtsrunde, Berichtsstand, Massnahme
from measures.rollup import fortschritt_baum
from measures.zeitreise import (
    MassnahmeStand,
    aus_berichtsstand,
    gezeigte_sachstaende,
    ist_heute,
    stand_am,
)
from monitoring.charts import bericht_grafiken

GESAMT = "gesamt"
HANDLUNGSFELD = "handlungsfeld"
AKTEUR = "akteur"
ARTEN = (GESAMT, HANDLUNGSFELD, AKTEUR)


class BerichtFehler(ValueError):
    """The report cannot be made as asked (unknown Handlungsfeld, open Berichtsrunde …)."""


@dataclass(frozen=True)
class Berichtsauftrag:
    """Which report: kind, subject, Stichtag or Berichtsrunde, public or internal."""

    art: str = GESAMT
    handlungsfeld: str | None = None  # its number, e.g. "5.2"
    akteur: str | None = None  # slug, name or short name
    stichtag: datetime.date | None = None
    berichtsrunde: int | None = None
    # Internal reports add the measures' internal notes (permissions.darf_internen_bericht_sehen).
    intern: bool = False

    def __post_init__(self):
        if self.art not in ARTEN:
            raise BerichtFehler(_("Unbekannte Berichtsart „%(art)s“.") % {"art": self.art})
        if self.art == HANDLUNGSFELD and not self.handlungsfeld:
            raise BerichtFehler(_("Für einen Handlungsfeld-Bericht fehlt die Nummer."))
        if self.art == AKTEUR and not self.akteur:
            raise BerichtFehler(_("Für einen Akteur-Bericht fehlt der Akteur."))
        if self.stichtag and self.berichtsrunde:
            raise BerichtFehler(_("Bitte entweder einen Stichtag oder eine Berichtsrunde angeben."))

    def schluessel(self):
        """The parameters as a short string (for cache keys); today's date stands in for none."""
        tag = self.stichtag or (None if self.berichtsrunde else timezone.localdate())
        return ":".join(
            str(teil or "-")
            for teil in (
                self.art,
                self.handlungsfeld,
                self.akteur,
                tag,
                self.berichtsrunde,
                "intern" if self.intern else "oeffentlich",
            )
        )


@dataclass
class Zeile:
    """One Maßnahme as the report shows it (state at the Stichtag)."""

    massnahme: Massnahme
    status: str | None
    ampel: str | None
    fortschritt: int | None
    federfuehrend: list = field(default_factory=list)
    beteiligt: list = field(default_factory=list)
    sachstand_text: str = ""
    sachstand_datum: datetime.date | None = None
    sachstand_akteur: str = ""
    interne_notiz: str = ""
    # The wording, target date, lateness and milestones at the Stichtag (not today's).
    text: str = ""
    zieldatum: datetime.date | None = None
    ueberfaellig: bool = False
    meilensteine: list = field(default_factory=list)

    @property
    def kurztitel(self):
        """The measure named in lists: its first sentence, shortened (concept.deutsch)."""
        return kurztitel(self.text or self.massnahme.text)

    @property
    def kurztitel_anhang(self):
        """Shorter, for the long table of changes (rows of two or three lines, not four)."""
        return kurztitel(self.text or self.massnahme.text, KURZTITEL_ANHANG)

    @property
    def gezaehlt(self):
        return self.status is not None and self.status != Status.ENTFALLEN

    @property
    def status_label(self):
        return Status(self.status).label if self.status else _("kein Berichtsstand")

    @property
    def ampel_label(self):
        return Ampel(self.ampel).label if self.ampel else "–"


@dataclass
class TeilzielBlock:
    teilziel: Teilziel
    fortschritt: float | None
    zeilen: list
    # Akteur-Bericht: ``fortschritt`` is the Akteur's measures, this the whole Teilziel's.
    fortschritt_gesamt: float | None = None


@dataclass
class HandlungsfeldBlock:
    handlungsfeld: Handlungsfeld
    fortschritt: float | None
    teilziele: list
    indikatoren: list = field(default_factory=list)
    einschaetzung: object = None  # the Büro's approved Einschaetzung, if any
    ampel_mix: list = field(default_factory=list)  # [(Ampel, n)]

    @property
    def zeilen(self):
        return [zeile for block in self.teilziele for zeile in block.zeilen]


@dataclass
class Aenderung:
    """A measure whose status, Ampel or progress differs from the previous Berichtsrunde."""

    zeile: Zeile
    status_vorher: str
    ampel_vorher: str
    fortschritt_vorher: int

    @property
    def status_geaendert(self):
        return self.status_vorher != self.zeile.status

    @property
    def ampel_geaendert(self):
        return self.ampel_vorher != self.zeile.ampel

    @property
    def zuwachs(self):
        return (self.zeile.fortschritt or 0) - self.fortschritt_vorher

    @property
    def status_vorher_label(self):
        return Status(self.status_vorher).label

    @property
    def ampel_vorher_label(self):
        return Ampel(self.ampel_vorher).label


@dataclass
class Bewegung:
    """How far a Handlungsfeld's progress moved since the comparison round."""

    handlungsfeld: Handlungsfeld
    fortschritt: float
    fortschritt_vorher: float

    @property
    def zuwachs(self):
        return self.fortschritt - self.fortschritt_vorher


@dataclass
class Balken:
    """One Handlungsfeld's bar in the summary: progress, number of measures, Ampel mix."""

    handlungsfeld: Handlungsfeld
    fortschritt: float | None
    anzahl: int
    ampel_mix: list  # [(Ampel, n)]


@dataclass
class Blick:
    """What the page „Auf einen Blick“ shows besides overall progress and its change."""

    kritisch: list  # Zeilen with Ampel kritisch
    ueberfaellig: list  # Zeilen that are überfällig
    bewegt: list  # [Bewegung], the BEWEGT_MAX largest moves, largest first
    einschaetzung: object = None  # the Büro's overall Einschaetzung, if approved

    @property
    def kritisch_geteilt(self):
        return _geteilt(self.kritisch)

    @property
    def ueberfaellig_geteilt(self):
        return _geteilt(self.ueberfaellig)

    @property
    def legende_status(self):
        return list(Status)

    @property
    def legende_ampel(self):
        return list(Ampel)


# „Auf einen Blick“: how many Handlungsfelder that moved most, how many measures per list with
# their titles (the rest by reference only, so that the page stays one page).
BEWEGT_MAX = 3
BLICK_MIT_TITEL = 10
KURZTITEL_ANHANG = 80
# A table of contents from this many entries on: a report with five or fewer has none.
INHALT_MIN_EINTRAEGE = 6


def _geteilt(zeilen):
    """``(with title, by reference only)`` of a list on the page „Auf einen Blick“."""
    return zeilen[:BLICK_MIT_TITEL], zeilen[BLICK_MIT_TITEL:]


@dataclass
class Bericht:
    auftrag: Berichtsauftrag
    konzept: Konzept
    stichtag: datetime.date
    berichtsrunde: Berichtsrunde | None
    vergleichsrunde: Berichtsrunde | None
    titel: str
    untertitel: str
    fortschritt: float | None
    fortschritt_vorher: float | None
    nach_status: list
    nach_ampel: list
    handlungsfelder: list
    uebersicht: list  # [(Handlungsfeld, Fortschritt or None, Anzahl Maßnahmen)] for the bars
    aenderungen: list
    akteure: list  # [(Akteur, [(Zeile, federführend)])]
    abkuerzungen: list
    akteur: Akteur | None = None
    erstellt_am: datetime.datetime = field(default_factory=timezone.localtime)
    blick: Blick | None = None
    balken: list = field(default_factory=list)  # [Balken], one per row of ``uebersicht``
    veraenderungen: Veraenderungen | None = None
    einschaetzungen: Einschaetzungen = field(default_factory=Einschaetzungen)

    @property
    def anzahl_inhaltseintraege(self):
        """Entries of the table of contents: Auf einen Blick, Zusammenfassung, sections, annexes."""
        anhang_veraenderungen = 1 if self.veraenderungen else 0
        return 2 + len(self.handlungsfelder) + anhang_veraenderungen + 2

    @property
    def mit_inhaltsverzeichnis(self):
        return self.anzahl_inhaltseintraege >= INHALT_MIN_EINTRAEGE

    @property
    def anzahl_massnahmen(self):
        return sum(n for _status, n in self.nach_status)

    @property
    def zuwachs(self):
        if self.fortschritt is None or self.fortschritt_vorher is None:
            return None
        return self.fortschritt - self.fortschritt_vorher

    @property
    def dateiname(self):
        """What and when, e.g. ``Fortschrittsbericht_Integrationskonzept_2025-06-30.pdf``."""
        if self.auftrag.art == HANDLUNGSFELD:
            was = f"Handlungsfeld_{self.auftrag.handlungsfeld}"
        elif self.auftrag.art == AKTEUR:
            was = f"Akteur_{self.akteur.slug}"
        else:
            was = "Integrationskonzept"
        intern = "_intern" if self.auftrag.intern else ""
        return f"Fortschrittsbericht_{was}_{self.stichtag.isoformat()}{intern}.pdf"


def mittel_der_mittel(zeilen):
    """The roll-up rule of ``measures.rollup`` applied to rows already in memory.

    Used for snapshot states (Berichtsstand) and for an Akteur's subset, which the live
    annotations cannot express: Teilziel = mean of its counted measures, Handlungsfeld = mean
    of its Teilziele, whole = mean of the Handlungsfelder; entfallen does not count.
    Returns ``(je_teilziel, je_handlungsfeld, gesamt)``.
    """
    return rollup.mittel_der_mittel(
        (z.massnahme.teilziel_id, z.massnahme.teilziel.handlungsfeld_id, z.status, z.fortschritt)
        for z in zeilen
    )


def _zaehlung(zeilen, choices):
    """``[(Choice, n), …]`` of the report's rows in the order of ``choices``, zeros left out.

    Counted from the rows (the state at the Stichtag), not from today's table; a measure
    without a Berichtsstand counts in neither.
    """
    feld = "status" if choices is Status else "ampel"
    anzahl = defaultdict(int)
    for zeile in zeilen:
        if zeile.status is not None:
            anzahl[getattr(zeile, feld)] += 1
    return [(choices(wert), anzahl[wert]) for wert in choices.values if anzahl.get(wert)]


def _aktuelles_konzept():
    konzept = Konzept.objects.nur_aktuell().first()
    if konzept is None:
        raise BerichtFehler(_("Es ist noch kein Konzept geladen."))
    return konzept


def _akteur_finden(angabe):
    akteur = (
        Akteur.objects.filter(Q(slug=angabe) | Q(name__iexact=angabe) | Q(kurzname__iexact=angabe))
        .order_by("name")
        .first()
    )
    if akteur is None:
        raise BerichtFehler(_("Akteur „%(akteur)s“ ist unbekannt.") % {"akteur": angabe})
    return akteur


def _runden(auftrag):
    """The report's Berichtsrunde (if any) and the closed round to compare with (1 query)."""
    geschlossen = list(
        Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN).order_by("-stichtag", "-pk")
    )
    if auftrag.berichtsrunde is None:
        stichtag = auftrag.stichtag or timezone.localdate()
        # Before the Stichtag: a round of the same day knew (almost) the same state.
        vergleich = next((r for r in geschlossen if r.stichtag < stichtag), None)
        return None, vergleich, stichtag
    runde = next((r for r in geschlossen if r.pk == auftrag.berichtsrunde), None)
    if runde is None:
        raise BerichtFehler(
            _("Berichtsrunde %(id)s gibt es nicht oder sie ist noch nicht geschlossen.")
            % {"id": auftrag.berichtsrunde}
        )
    vergleich = next(
        (r for r in geschlossen if r.stichtag < runde.stichtag and r.pk != runde.pk), None
    )
    return runde, vergleich, runde.stichtag


@dataclass
class _Stand:
    """A measure's state in a report: the values, the rest of its state, its Sachstand.

    ``werte`` is ``(status, ampel, fortschritt)`` or ``(None, None, None)`` for a measure a
    round has no Berichtsstand of; ``sachstand`` ``(text, datum, akteur)`` from a snapshot, or
    None: then the report shows the approved Sachstand up to the Stichtag.
    """

    werte: tuple
    stand: MassnahmeStand
    sachstand: tuple | None = None


def _snapshot_werte(runde, massnahmen):
    """``{massnahme_id: (status, ampel, fortschritt)}`` of a round's snapshots (1 query)."""
    if runde is None:
        return {}
    return {
        s["massnahme_id"]: (s["status"], s["ampel"], s["fortschritt"])
        for s in Berichtsstand.objects.filter(
            berichtsrunde=runde, massnahme__in=massnahmen.values("pk")
        ).values("massnahme_id", "status", "ampel", "fortschritt")
    }


def _stand_je_massnahme(runde, massnahmen, stichtag):
    """``{massnahme_id: _Stand}`` at the report's moment (a fixed number of queries).

    Without a round: the state at the end of the Stichtag (a measure that did not exist yet is
    absent). With a closed round: its snapshots only; for one written before snapshots were
    complete (``vollstaendig`` False) and for a measure without one, the rest comes from
    history at the round's Stichtag, and from today's rows where history does not reach back.
    """
    if runde is None:
        return {
            pk: _Stand(werte=(st.status, st.ampel, st.fortschritt), stand=st)
            for pk, st in stand_am(massnahmen, stichtag).items()
        }
    snapshots = {
        b.massnahme_id: b
        for b in Berichtsstand.objects.filter(
            berichtsrunde=runde, massnahme__in=massnahmen.values("pk")
        )
    }
    pks = set(massnahmen.order_by().values_list("pk", flat=True))
    zu_ergaenzen = {pk for pk in pks if pk not in snapshots or not snapshots[pk].vollstaendig}
    ergaenzung = {}
    if zu_ergaenzen:
        # Usually all or none of a round's snapshots are old: then no list of pks is sent.
        auswahl = massnahmen if zu_ergaenzen == pks else massnahmen.filter(pk__in=zu_ergaenzen)
        ergaenzung = stand_am(auswahl, runde.stichtag)
        if zu_ergaenzen - ergaenzung.keys():
            heute = stand_am(auswahl.filter(pk__in=zu_ergaenzen - ergaenzung.keys()))
            ergaenzung.update(heute)
    ergebnis = {}
    for pk in pks:
        b = snapshots.get(pk)
        if b is not None and b.vollstaendig:
            ergebnis[pk] = _Stand(
                werte=(b.status, b.ampel, b.fortschritt),
                stand=aus_berichtsstand(b),
                sachstand=(b.sachstand_text, b.sachstand_datum, b.sachstand_akteur),
            )
        elif pk in ergaenzung:
            werte = (b.status, b.ampel, b.fortschritt) if b else (None, None, None)
            ergebnis[pk] = _Stand(werte=werte, stand=ergaenzung[pk])
    return ergebnis


def _massnahmen_mit_sachstand(massnahmen, stichtag):
    """The measures with their latest approved Sachstand up to the Stichtag (as annotations)."""
    freigegeben = gezeigte_sachstaende(stichtag).filter(massnahme=OuterRef("pk"))
    return (
        massnahmen.select_related("teilziel__handlungsfeld")
        .annotate(
            sachstand_text=Subquery(freigegeben.values("text")[:1]),
            sachstand_datum=Subquery(freigegeben.values("datum")[:1]),
            sachstand_akteur=Subquery(freigegeben.values("akteur__name")[:1]),
        )
        .in_konzeptreihenfolge()
    )


def _titel(auftrag, handlungsfeld, akteur):
    if auftrag.art == HANDLUNGSFELD:
        return _("Fortschrittsbericht Handlungsfeld %(nummer)s") % {
            "nummer": handlungsfeld.nummer
        }, handlungsfeld.titel
    if auftrag.art == AKTEUR:
        return _("Fortschrittsbericht: Maßnahmen eines Akteurs"), akteur.name
    return _("Fortschrittsbericht"), _("Gesamtbericht zum Integrationskonzept")


def sammeln(auftrag, indikatoren=None):
    """Collect a report. ``indikatoren(handlungsfelder)`` supplies charts (default: monitoring).

    Raises BerichtFehler when the subject is unknown or the Berichtsrunde is not closed.
    """
    runde, vergleichsrunde, stichtag = _runden(auftrag)
    # The live roll-up describes today's full set; a past state, snapshots and an Akteur's
    # subset are rolled up from the rows (see mittel_der_mittel).
    live_rollup = runde is None and auftrag.art != AKTEUR and ist_heute(auftrag.stichtag)
    konzept = _aktuelles_konzept()
    akteur = _akteur_finden(auftrag.akteur) if auftrag.art == AKTEUR else None
    handlungsfelder, teilziele = _plan(konzept, auftrag)

    massnahmen = Massnahme.objects.filter(teilziel__handlungsfeld__in=handlungsfelder)
    zeilen = _zeilen(massnahmen, runde, stichtag, auftrag.intern)
    if akteur is not None:
        # Responsible at the Stichtag (or in the round's snapshot), not today.
        zeilen = [z for z in zeilen if akteur.pk in {a.pk for a in z.federfuehrend + z.beteiligt}]
        # Named as it was then (a renamed Akteur), like its rows and the annex.
        damals = next(
            (a for z in zeilen for a in z.federfuehrend + z.beteiligt if a.pk == akteur.pk), None
        )
        if damals is not None:
            akteur.name, akteur.kurzname = damals.name, damals.kurzname

    if live_rollup:
        if auftrag.art == GESAMT:
            baum = fortschritt_baum(konzept=konzept)
            gesamt = baum.konzepte.get(konzept.pk)
        else:
            baum = fortschritt_baum(handlungsfeld=handlungsfelder[0])
            gesamt = baum.handlungsfelder.get(handlungsfelder[0].pk)
        tz_fortschritt, hf_fortschritt = baum.teilziele, baum.handlungsfelder
    else:
        tz_fortschritt, hf_fortschritt, gesamt = mittel_der_mittel(zeilen)
    bloecke, uebersicht = _gliederung(
        handlungsfelder, teilziele, zeilen, tz_fortschritt, hf_fortschritt, auftrag, akteur
    )
    einschaetzungen = fuer_bericht(runde, stichtag, intern=auftrag.intern)
    _abschnitte_ergaenzen(bloecke, einschaetzungen)
    if akteur is not None:
        _teilziele_gesamt_eintragen(bloecke, massnahmen, runde, stichtag)

    aenderungen, fortschritt_vorher = _vergleich(zeilen, vergleichsrunde, massnahmen)
    hf_vorher = _vorher_je_handlungsfeld(zeilen, vergleichsrunde, massnahmen)

    if akteur is None:
        grafiken = (indikatoren or partial(bericht_grafiken, stichtag=stichtag))(
            [blk.handlungsfeld for blk in bloecke]
        )
        for block in bloecke:
            block.indikatoren = grafiken.get(block.handlungsfeld.pk, [])

    titel, untertitel = _titel(auftrag, handlungsfelder[0], akteur)
    return Bericht(
        auftrag=auftrag,
        konzept=konzept,
        stichtag=stichtag,
        berichtsrunde=runde,
        vergleichsrunde=vergleichsrunde,
        titel=titel,
        untertitel=untertitel,
        fortschritt=gesamt,
        fortschritt_vorher=fortschritt_vorher,
        nach_status=_zaehlung(zeilen, Status),
        nach_ampel=_zaehlung(zeilen, Ampel),
        handlungsfelder=bloecke,
        uebersicht=uebersicht,
        aenderungen=aenderungen,
        akteure=_akteure_anhang(zeilen, akteur),
        abkuerzungen=abkuerzungen.gefundene(_texte(bloecke, zeilen)),
        akteur=akteur,
        blick=_auf_einen_blick(zeilen, uebersicht, hf_vorher, einschaetzungen.gesamt),
        balken=_balken(uebersicht, zeilen),
        veraenderungen=gruppieren(aenderungen),
        einschaetzungen=einschaetzungen,
    )


def _plan(konzept, auftrag):
    """The report's Handlungsfelder and their Teilziele (2 queries)."""
    handlungsfelder = (
        Handlungsfeld.objects.filter(konzept=konzept)
        .select_related("leitziel", "kapitel")
        .order_by("sortierung")
    )
    if auftrag.art == HANDLUNGSFELD:
        handlungsfelder = handlungsfelder.filter(nummer=auftrag.handlungsfeld)
    handlungsfelder = list(handlungsfelder)
    if not handlungsfelder:
        raise BerichtFehler(
            _("Handlungsfeld %(nummer)s gibt es im Konzept nicht.")
            % {"nummer": auftrag.handlungsfeld}
        )
    teilziele = Teilziel.objects.filter(handlungsfeld__in=handlungsfelder).order_by(
        "handlungsfeld__sortierung", "nummer"
    )
    return handlungsfelder, list(teilziele)


def _zeilen(massnahmen, runde, stichtag, intern):
    """One Zeile per measure in concept order, in its state at the Stichtag or in the round."""
    staende = _stand_je_massnahme(runde, massnahmen, stichtag)
    zeilen = []
    for m in _massnahmen_mit_sachstand(massnahmen, stichtag):
        eintrag = staende.get(m.pk)
        if eintrag is None:  # did not exist yet at the Stichtag
            continue
        stand = eintrag.stand
        sachstand = eintrag.sachstand or (m.sachstand_text, m.sachstand_datum, m.sachstand_akteur)
        zeilen.append(
            Zeile(
                massnahme=m,
                status=eintrag.werte[0],
                ampel=eintrag.werte[1],
                fortschritt=eintrag.werte[2],
                federfuehrend=stand.federfuehrend,
                beteiligt=stand.beteiligt,
                sachstand_text=sachstand[0] or "",
                sachstand_datum=sachstand[1],
                sachstand_akteur=sachstand[2] or "",
                interne_notiz=m.interne_notiz if intern else "",
                text=stand.text,
                zieldatum=stand.zieldatum,
                ueberfaellig=stand.ueberfaellig,
                meilensteine=list(stand.meilensteine),
            )
        )
    return zeilen


def _gliederung(
    handlungsfelder, teilziele, zeilen, tz_fortschritt, hf_fortschritt, auftrag, akteur
):
    """The sections (HandlungsfeldBlock) and the summary's rows (one bar per Handlungsfeld).

    Sections for the Handlungsfelder with goals (and for the one a Handlungsfeld-Bericht asks
    for); those without goals appear in the summary only. An Akteur-Bericht shows only the
    Handlungsfelder and Teilziele in which the Akteur has measures.
    """
    zeilen_je_tz = defaultdict(list)
    anzahl_je_hf = defaultdict(int)
    for zeile in zeilen:
        zeilen_je_tz[zeile.massnahme.teilziel_id].append(zeile)
        anzahl_je_hf[zeile.massnahme.teilziel.handlungsfeld_id] += 1
    tz_je_hf = defaultdict(list)
    for tz in teilziele:
        if akteur is None or zeilen_je_tz.get(tz.pk):
            tz_je_hf[tz.handlungsfeld_id].append(
                TeilzielBlock(tz, tz_fortschritt.get(tz.pk), zeilen_je_tz.get(tz.pk, []))
            )
    bloecke = [
        HandlungsfeldBlock(hf, hf_fortschritt.get(hf.pk), tz_je_hf[hf.pk])
        for hf in handlungsfelder
        if tz_je_hf.get(hf.pk)
        or (akteur is None and (_hat_leitziel(hf) or auftrag.art == HANDLUNGSFELD))
    ]
    uebersicht = [
        (hf, hf_fortschritt.get(hf.pk), anzahl_je_hf.get(hf.pk, 0))
        for hf in handlungsfelder
        if akteur is None or anzahl_je_hf.get(hf.pk)
    ]
    return bloecke, uebersicht


def _vergleich(zeilen, vergleichsrunde, massnahmen):
    """Measures whose state differs from the previous round, and that round's progress."""
    if vergleichsrunde is None:
        return [], None
    vorher = _snapshot_werte(vergleichsrunde, massnahmen)
    aenderungen = [
        Aenderung(zeile, *vorher[zeile.massnahme.pk])
        for zeile in zeilen
        if zeile.massnahme.pk in vorher
        and zeile.status is not None
        and vorher[zeile.massnahme.pk] != (zeile.status, zeile.ampel, zeile.fortschritt)
    ]
    vorher_zeilen = [
        Zeile(zeile.massnahme, *vorher[zeile.massnahme.pk])
        for zeile in zeilen
        if zeile.massnahme.pk in vorher
    ]
    return aenderungen, mittel_der_mittel(vorher_zeilen)[2]


def _hat_leitziel(hf):
    try:
        return hf.leitziel is not None
    except Handlungsfeld.leitziel.RelatedObjectDoesNotExist:
        return False


def _akteure_anhang(zeilen, nur_akteur):
    """Akteure (all of the report, or only the Akteur-Bericht's one) with their measures."""
    je_akteur = {}
    for zeile in zeilen:
        for akteur, ffd in [(a, True) for a in zeile.federfuehrend] + [
            (a, False) for a in zeile.beteiligt
        ]:
            if nur_akteur is not None and akteur.pk != nur_akteur.pk:
                continue
            je_akteur.setdefault(akteur.pk, (akteur, []))[1].append((zeile, ffd))
    return sorted(je_akteur.values(), key=lambda paar: deutsch_sortieren(paar[0].name))


def _texte(bloecke, zeilen):
    for block in bloecke:
        hf = block.handlungsfeld
        yield hf.titel
        if _hat_leitziel(hf):
            yield hf.leitziel.text
        for tz in block.teilziele:
            yield tz.teilziel.text
    for zeile in zeilen:
        yield zeile.text
        yield zeile.sachstand_text
        yield zeile.interne_notiz
        for akteur in zeile.federfuehrend + zeile.beteiligt:
            yield akteur.name


def _ampel_mix(zeilen):
    """``[(Ampel, n)]`` of the rows that have an Ampel, in the order of the choices."""
    anzahl = Counter(zeile.ampel for zeile in zeilen if zeile.ampel)
    return [(ampel, anzahl[ampel.value]) for ampel in Ampel if anzahl.get(ampel.value)]


def _abschnitte_ergaenzen(bloecke, einschaetzungen):
    """Each section's Ampel mix and the Büro's approved assessment of its Handlungsfeld."""
    for block in bloecke:
        block.ampel_mix = _ampel_mix(block.zeilen)
        block.einschaetzung = einschaetzungen.je_handlungsfeld.get(block.handlungsfeld.pk)


def _teilziele_gesamt_eintragen(bloecke, massnahmen, runde, stichtag):
    """Akteur-Bericht: each Teilziel's progress over all its measures, beside the Akteur's.

    The rows of every measure of those Teilziele, rolled up by the same rule as the Akteur's
    subset (``mittel_der_mittel``), so a Teilziel stands here as in the Gesamtbericht.
    """
    alle = Massnahme.objects.filter(teilziel__in=massnahmen.values("teilziel"))
    je_teilziel = mittel_der_mittel(_zeilen(alle, runde, stichtag, intern=False))[0]
    for block in bloecke:
        for tz_block in block.teilziele:
            tz_block.fortschritt_gesamt = je_teilziel.get(tz_block.teilziel.pk)


def _vorher_je_handlungsfeld(zeilen, vergleichsrunde, massnahmen):
    """``{handlungsfeld_pk: progress}`` in the comparison round, rolled up as in ``_vergleich``."""
    if vergleichsrunde is None:
        return {}
    vorher = _snapshot_werte(vergleichsrunde, massnahmen)
    vorher_zeilen = [
        Zeile(zeile.massnahme, *vorher[zeile.massnahme.pk])
        for zeile in zeilen
        if zeile.massnahme.pk in vorher
    ]
    return mittel_der_mittel(vorher_zeilen)[1]


def _bewegungen(uebersicht, hf_vorher):
    """The Handlungsfelder whose progress moved most (either way), largest move first."""
    bewegungen = [
        Bewegung(hf, fortschritt, hf_vorher[hf.pk])
        for hf, fortschritt, _anzahl in uebersicht
        if fortschritt is not None and hf_vorher.get(hf.pk) is not None
    ]
    bewegt = [b for b in bewegungen if round(b.zuwachs, 1) != 0]
    bewegt.sort(key=lambda b: -abs(b.zuwachs))
    return bewegt[:BEWEGT_MAX]


def _auf_einen_blick(zeilen, uebersicht, hf_vorher, einschaetzung):
    return Blick(
        kritisch=[z for z in zeilen if z.ampel == Ampel.KRITISCH and z.gezaehlt],
        ueberfaellig=[z for z in zeilen if z.ueberfaellig],
        bewegt=_bewegungen(uebersicht, hf_vorher),
        einschaetzung=einschaetzung,
    )


def _balken(uebersicht, zeilen):
    zeilen_je_hf = defaultdict(list)
    for zeile in zeilen:
        zeilen_je_hf[zeile.massnahme.teilziel.handlungsfeld_id].append(zeile)
    return [
        Balken(hf, fortschritt, anzahl, _ampel_mix(zeilen_je_hf.get(hf.pk, [])))
        for hf, fortschritt, anzahl in uebersicht
    ]

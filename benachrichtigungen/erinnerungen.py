"""The reminder chain of open Berichtsanfragen, as Kausal Watch does it (issue 14).

For each unanswered Anfrage of an open round, relative to the round's ``faellig_am``:
−7 and +1 a reminder to the Akteur's reporting contacts (−3 "closes soon" to them too), +7 to
its coordinator (or the nearest parent's), +14 into the Büro's digest (tagesuebersicht.py).
A step is taken once per Anfrage (``Schritt``), also when a day was missed; each person gets
one mail listing all that is due for them, never two within ``ABSTAND_TAGE`` days, nothing they
switched off. Queries do not grow with the number of Anfragen: a few reads, one insert of the
steps, one insert per mail.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from benachrichtigungen import abbestellen, mails
from benachrichtigungen.choices import (
    ABSTAND_TAGE,
    AN_MELDENDE,
    ANLASS_ERINNERUNG,
    TAG_DER_STUFE,
    Art,
    Stufe,
)
from benachrichtigungen.empfaenger import koordination, meldende
from benachrichtigungen.links import link_fuer
from benachrichtigungen.models import Abbestellung, Schritt
from measures.berichtsrunden import offene_anfragen
from measures.choices import RundenStatus
from measures.models import Berichtsanfrage, Berichtsrunde
from versand.models import Mail

FRUEHESTE_STUFE = min(TAG_DER_STUFE.values())


@dataclass
class Ergebnis:
    schritte: int = 0
    mails: int = 0


@dataclass
class Abschnitt:
    """What one person owes (or coordinates) for one Akteur: its open Anfragen and a link."""

    akteur: object
    runde: object
    anfragen: list
    link: str
    stichtag: object  # the day of the run

    @property
    def tage_ueberfaellig(self):
        return (self.stichtag - self.runde.faellig_am).days


@dataclass
class Post:
    """One mail to one address."""

    adresse: str
    name: str
    melden: list = field(default_factory=list)
    koordinieren: list = field(default_factory=list)

    def arten(self):
        return [art for art, _name, abschnitte in _teile(self) if abschnitte]


def faellige_stufen(tage, erledigt):
    """The steps due ``tage`` days after faellig_am that were not taken yet (in order)."""
    return [s for s in Stufe if TAG_DER_STUFE[s] <= tage and s not in erledigt]


def tagesbeginn(datum):
    return timezone.make_aware(datetime.combine(datum, time.min))


# The chain's own reminders and the manual round reminder (measures/rundenmails.py).
ERINNERUNGS_ANLAESSE = [ANLASS_ERINNERUNG, "berichtsrunde_erinnerung"]


def kuerzlich_erinnert(adressen, datum):
    """Addresses that got a reminder on one of the last ``ABSTAND_TAGE`` days (or later).

    Counted in calendar days, so a run a few seconds earlier than the last one is no exception.
    A reminder the Büro sent by hand (the round's button or ``berichtsrunde_erinnern``) counts
    too: the chain does not mail the same person again two days later.
    """
    grenze = tagesbeginn(datum - timedelta(days=ABSTAND_TAGE - 1))
    return set(
        Mail.objects.filter(anlass__in=ERINNERUNGS_ANLAESSE, erstellt_am__gte=grenze)
        .annotate(adresse=Lower("empfaenger"))
        .filter(adresse__in={abbestellen.schluessel(a) for a in adressen})
        .values_list("adresse", flat=True)
    )


def laufen(datum):
    """Take every step due on ``datum`` in every open round; returns what was done."""
    ergebnis = Ergebnis()
    ende = datum - timedelta(days=FRUEHESTE_STUFE)  # rounds due later need nothing yet
    for runde in Berichtsrunde.objects.filter(status=RundenStatus.OFFEN, faellig_am__lte=ende):
        with transaction.atomic():
            # Locked: two runs at once wait for each other instead of both writing.
            runde = Berichtsrunde.objects.select_for_update().get(pk=runde.pk)
            schritte, anzahl = _runde(runde, datum)
            ergebnis.schritte += schritte
            ergebnis.mails += anzahl
    return ergebnis


def _runde(runde, datum):
    tage = (datum - runde.faellig_am).days
    erledigt = defaultdict(set)
    for anfrage_id, stufe in Schritt.objects.filter(anfrage__berichtsrunde=runde).values_list(
        "anfrage_id", "stufe"
    ):
        erledigt[anfrage_id].add(stufe)
    an_meldende, an_koordination, faellig = defaultdict(list), defaultdict(list), []
    for anfrage in (
        offene_anfragen(runde)
        .select_related("akteur", "massnahme__teilziel__handlungsfeld")
        .order_by(
            "akteur__name",
            "massnahme__teilziel__handlungsfeld__sortierung",
            "massnahme__teilziel__nummer",
            "massnahme__kennung",
            "pk",
        )
    ):
        stufen = faellige_stufen(tage, erledigt[anfrage.pk])
        if not stufen:
            continue
        faellig.append((anfrage, stufen))
        if any(s in AN_MELDENDE for s in stufen):
            an_meldende[anfrage.akteur].append(anfrage)
        if Stufe.KOORDINATION in stufen:
            an_koordination[anfrage.akteur].append(anfrage)
    if not faellig:
        return 0, 0
    posten = _posten(runde, datum, an_meldende, an_koordination)
    versandt, hinweise = _filtern(posten, datum)
    _schritte_speichern(faellig, datum, versandt, hinweise)
    for post in versandt.values():
        _senden(post, runde)
    erinnert = [a.pk for post in versandt.values() for ab in post.melden for a in ab.anfragen]
    Berichtsanfrage.objects.filter(pk__in=erinnert).update(erinnert_am=timezone.now())
    return len(faellig), len(versandt)


def _posten(runde, datum, an_meldende, an_koordination):
    """``{address: Post}``: every person due a mail with what belongs in it."""
    posten = {}

    def hinzu(person, abschnitte_von, akteur, anfragen):
        schluessel = abbestellen.schluessel(person.adresse)
        post = posten.setdefault(schluessel, Post(person.adresse, person.anzeigename))
        abschnitt = Abschnitt(akteur, runde, anfragen, link_fuer(person, runde), datum)
        abschnitte_von(post).append(abschnitt)

    personen = meldende([a.pk for a in an_meldende])
    for akteur, anfragen in an_meldende.items():
        for person in personen.get(akteur.pk, []):
            hinzu(person, lambda p: p.melden, akteur, anfragen)
    koordinierende = koordination([a.pk for a in an_koordination])
    for akteur, anfragen in an_koordination.items():
        for person in koordinierende.get(akteur.pk, []):
            hinzu(person, lambda p: p.koordinieren, akteur, anfragen)
    return posten


def _teile(post):
    """(kind, name, sections) of a Post: what it reminds of, and what it escalates."""
    return (
        (Art.ERINNERUNG, "melden", post.melden),
        (Art.ESKALATION, "koordinieren", post.koordinieren),
    )


def _filtern(posten, datum):
    """Drop what people switched off and those written to lately; say why, per Akteur and part."""
    aus = Abbestellung.objects.fuer(posten)
    kuerzlich = kuerzlich_erinnert([p.adresse for p in posten.values()], datum)
    versandt, hinweise = {}, defaultdict(list)  # (akteur_id, part) → notes
    for schluessel, post in posten.items():
        zu_kurz = schluessel in kuerzlich
        for art, name, abschnitte in _teile(post):
            if (schluessel, art) in aus:
                grund = _("%s: abbestellt") % post.adresse
            elif zu_kurz:
                grund = _("%(adresse)s: innerhalb von %(tage)d Tagen schon erinnert") % {
                    "adresse": post.adresse,
                    "tage": ABSTAND_TAGE,
                }
            else:
                continue
            for abschnitt in abschnitte:
                hinweise[abschnitt.akteur.pk, name].append(grund)
            abschnitte.clear()
        if post.arten():
            versandt[schluessel] = post
    return versandt, hinweise


def _schritte_speichern(faellig, datum, versandt, hinweise):
    an = defaultdict(list)  # (akteur_id, part) → addresses written to
    for post in versandt.values():
        for _art, name, abschnitte in _teile(post):
            for abschnitt in abschnitte:
                an[abschnitt.akteur.pk, name].append(post.adresse)
    zeilen = []
    for anfrage, stufen in faellig:
        for stufe in stufen:
            if stufe == Stufe.BUERO:
                empfaenger, hinweis = _("Tagesübersicht des Büros"), ""
            else:
                teil = (
                    anfrage.akteur_id,
                    "koordinieren" if stufe == Stufe.KOORDINATION else "melden",
                )
                empfaenger = ", ".join(an[teil])
                hinweis = "; ".join(hinweise[teil])
                if not empfaenger and not hinweis:
                    hinweis = (
                        _("keine Koordination erreichbar")
                        if stufe == Stufe.KOORDINATION
                        else _("niemand erreichbar")
                    )
            zeilen.append(
                Schritt(
                    anfrage=anfrage,
                    stufe=stufe,
                    datum=datum,
                    empfaenger=empfaenger,
                    hinweis=hinweis,
                )
            )
    Schritt.objects.bulk_create(zeilen, batch_size=500)


def _senden(post, runde):
    kontext = {"post": post, "runde": runde}
    mails.schreiben(
        post.adresse,
        post.arten(),
        "erinnerung",
        kontext,
        anlass=ANLASS_ERINNERUNG,
        bezug=f"berichtsrunde:{runde.pk}",
    )

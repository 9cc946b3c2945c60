"""The Büro's daily digest: what is new since the last one, and where things stand.

Sent only when something happened since the last digest: new submissions, Anfragen that became
overdue, Akteure that reached +14 days (erinnerungen.py), measures that became überfällig (target
date or a milestone missed: ``MassnahmeQuerySet.ueberfaellig``), each with what it missed.
The standing figures (all overdue Anfragen and measures, Akteure nobody can be reached at) come
along in that mail; alone they send nothing, or the Büro would read the same mail every day.
One mail per recipient; a fixed number of queries whatever the amount of data.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone

from benachrichtigungen import abbestellen, mails
from benachrichtigungen.choices import ANLASS_TAGESUEBERSICHT, Art, Stufe
from benachrichtigungen.erinnerungen import tagesbeginn
from benachrichtigungen.models import Abbestellung, Schritt, Tageslauf
from integration_portal.links import absolute_url
from measures.berichtsrunden import antwort_vorhanden, anzufragende_zustaendigkeiten
from measures.choices import RundenStatus
from measures.models import (
    Akteur,
    Ansprechperson,
    Berichtsanfrage,
    Massnahme,
    Meilenstein,
    Sachstand,
)
from measures.permissions import buero_konten_mit_adresse
from measures.verzug import ist_ueberfaellig

# A digest lists this many lines per part; the admin has the rest.
HOECHSTENS = 30


@dataclass
class Liste:
    """Up to ``HOECHSTENS`` entries of a part and how many there are in all."""

    eintraege: list
    anzahl: int

    @property
    def weitere(self):
        return self.anzahl - len(self.eintraege)


def _liste(queryset):
    # Always counted, so that the digest's queries are the same however much there is.
    return Liste(list(queryset[:HOECHSTENS]), queryset.count())


@dataclass
class Inhalt:
    seit: object  # the moment of the last digest
    neue_sachstaende: Liste
    neu_ueberfaellig: Liste  # per Akteur: {"name", "anzahl"}
    eskaliert: Liste  # per Akteur at +14 since the last digest
    neue_ueberfaellige_massnahmen: Liste
    ueberfaellige_anfragen: int
    ueberfaellige_massnahmen: int
    unerreichbar: Liste

    @property
    def etwas_geschehen(self):
        return any(
            teil.anzahl
            for teil in (
                self.neue_sachstaende,
                self.neu_ueberfaellig,
                self.eskaliert,
                self.neue_ueberfaellige_massnahmen,
            )
        )


def _offen_ueberfaellig(datum):
    return (
        Berichtsanfrage.objects.filter(
            berichtsrunde__status=RundenStatus.OFFEN, berichtsrunde__faellig_am__lt=datum
        )
        .annotate(beantwortet=antwort_vorhanden())
        .filter(beantwortet=False)
    )


def _neu_ueberfaellig(massnahmen, datum, seit_datum):
    """Late at ``datum`` but not yet at the last digest's day, each with what it missed:
    ``ziel_verpasst`` and ``verpasste`` (its milestones due and not done)."""
    vorher = Massnahme.objects.ueberfaellig(seit_datum).values("pk")
    liste = _liste(
        massnahmen.exclude(pk__in=vorher)
        .select_related("teilziel__handlungsfeld")
        .prefetch_related(
            Prefetch(
                "meilensteine",
                queryset=Meilenstein.objects.offen_faellig(datum).order_by("faellig_am", "pk"),
                to_attr="verpasste",
            )
        )
        .in_konzeptreihenfolge()
    )
    for m in liste.eintraege:
        # Late by its target date alone: the rule of measures/verzug.py without milestones.
        m.ziel_verpasst = ist_ueberfaellig(m.status, m.zieldatum, [], datum)
    return liste


def inhalt(datum):
    """What the digest of ``datum`` says (everything counted in the database)."""
    letzter = Tageslauf.objects.filter(datum__lt=datum).order_by("-datum").first()
    seit = letzter.gelaufen_am if letzter else tagesbeginn(datum - timedelta(days=1))
    seit_datum = letzter.datum if letzter else datum - timedelta(days=1)
    ueberfaellig = _offen_ueberfaellig(datum)
    massnahmen = Massnahme.objects.im_aktuellen_konzept().ueberfaellig(datum)
    gefragt = anzufragende_zustaendigkeiten().values("akteur_id")
    erreichbar = Ansprechperson.objects.erreichbar().values("akteur_id")
    return Inhalt(
        seit=seit,
        neue_sachstaende=_liste(
            Sachstand.objects.filter(eingereicht_am__gt=seit)
            .select_related("akteur", "massnahme__teilziel__handlungsfeld")
            .order_by("eingereicht_am", "pk")
        ),
        # Overdue from the day after faellig_am: new if that day came since the last digest.
        neu_ueberfaellig=_liste(
            ueberfaellig.filter(berichtsrunde__faellig_am__gte=seit_datum)
            .values("akteur__name")
            .annotate(anzahl=Count("pk"))
            .order_by("akteur__name")
        ),
        eskaliert=_liste(
            Schritt.objects.filter(stufe=Stufe.BUERO, datum__gt=seit_datum, datum__lte=datum)
            .values("anfrage__akteur__name")
            .annotate(anzahl=Count("pk"))
            .order_by("anfrage__akteur__name")
        ),
        neue_ueberfaellige_massnahmen=_neu_ueberfaellig(massnahmen, datum, seit_datum),
        ueberfaellige_anfragen=ueberfaellig.count(),
        ueberfaellige_massnahmen=massnahmen.count(),
        unerreichbar=_liste(
            Akteur.objects.filter(pk__in=gefragt)
            .exclude(pk__in=erreichbar)
            .order_by("name")
            .values_list("name", flat=True)
        ),
    )


def empfaenger():
    """Addresses of the Büro: active staff and members of its group, one per address."""
    adressen = {}
    for adresse in buero_konten_mit_adresse().order_by("pk").values_list("email", flat=True):
        adressen.setdefault(abbestellen.schluessel(adresse), adresse)
    aus = Abbestellung.objects.fuer(adressen)
    return [a for s, a in adressen.items() if (s, Art.TAGESUEBERSICHT) not in aus]


def senden(datum):
    """Send the digest of ``datum`` once (a second run that day does nothing); mails sent."""
    with transaction.atomic():
        if Tageslauf.objects.select_for_update().filter(datum=datum).exists():
            return 0
        lauf = Tageslauf.objects.create(datum=datum, gelaufen_am=timezone.now())
        teile = inhalt(datum)
        if not teile.etwas_geschehen:
            return 0
        kontext = {
            "inhalt": teile,
            "datum": datum,
            "admin": absolute_url(reverse("admin:index")),
            "sachstaende": absolute_url(reverse("admin:measures_sachstand_changelist")),
        }
        adressen = empfaenger()
        for adresse in adressen:
            mails.schreiben(
                adresse,
                [Art.TAGESUEBERSICHT],
                "tagesuebersicht",
                kontext,
                anlass=ANLASS_TAGESUEBERSICHT,
                bezug=f"tag:{datum.isoformat()}",
            )
        lauf.empfaenger = len(adressen)
        lauf.save(update_fields=["empfaenger"])
        return len(adressen)

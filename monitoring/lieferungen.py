"""Reminders to the data owners (issue 18): the daily run for due and overdue deliveries.

An Indikator's ``naechste_lieferung`` is the day its Datenhalter (``verantwortlich``, an Akteur
such as the Kommunale Statistikstelle) should deliver new values. The daily run
(``manage.py datenlieferungen_erinnern`` or the task ``monitoring.tasks``):

1. moves the due date on by the rhythm where the delivery has arrived (a new value since
   ``datenlage.lieferfenster_beginn``) – nobody is reminded of what they have delivered;
2. reminds the Akteur's reachable Ansprechpersonen on the due date (*fällig*) and
   ``datenlage.UEBERFAELLIG_NACH_TAGEN`` days later (*überfällig*), one mail per person listing
   all that is due from them; a missed day is caught up, both steps at once make one mail;
3. sends the Büro one overview of what was reminded, and of every indicator whose owner is
   missing or cannot be reached – those are the Büro's to chase.

Each step is recorded as a ``Lieferungserinnerung`` (unique per indicator, due date and step),
so a second run on the same day, or any later day, sends nothing twice.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from integration_portal.links import absolute_url
from measures.models import Ansprechperson
from measures.permissions import buero_konten_mit_adresse
from monitoring import datenlage
from monitoring.models import Indikator, Lieferungserinnerung
from versand.mail import einreihen

ANLASS = "datenlieferung_erinnerung"
ANLASS_BUERO = "datenlieferung_uebersicht"
Stufe = Lieferungserinnerung.Stufe


@dataclass
class Faellig:
    """One indicator whose delivery is due, the step it reached and who was told."""

    indikator: Indikator
    stufe: str  # the highest new step: what the mail says
    stufen: list  # every new step, each recorded
    empfaenger: list = field(default_factory=list)

    @property
    def ueberfaellig(self):
        return self.stufe == Stufe.UEBERFAELLIG

    @property
    def link(self):
        # Internal indicators have no public page: the owner gets the name, not a dead link.
        return absolute_url(self.indikator.get_absolute_url()) if self.indikator.oeffentlich else ""

    @property
    def ohne_empfaenger_grund(self):
        if self.indikator.verantwortlich_id is None:
            return _("kein Datenhalter eingetragen")
        return _("keine erreichbare Ansprechperson beim Datenhalter")


@dataclass
class Ergebnis:
    fortgeschrieben: int = 0  # due dates moved on after a delivery
    erinnerungen: int = 0  # indicators with a new step
    mails: int = 0  # mails to data owners
    buero_mails: int = 0
    faellige: list = field(default_factory=list)


def termine_fortschreiben(heute):
    """Move the due date on where the delivery has arrived; returns how many."""
    faellig = list(
        Indikator.objects.select_for_update().filter(naechste_lieferung__lte=heute).order_by("pk")
    )
    eingaenge = datenlage.neueste_eingaenge([i.pk for i in faellig])
    anzahl = 0
    for indikator in faellig:
        if datenlage.geliefert(indikator, eingaenge.get(indikator.pk)):
            indikator.naechste_lieferung = datenlage.naechster_termin(
                indikator.naechste_lieferung, indikator.rhythmus, heute
            )
            indikator.save(update_fields=["naechste_lieferung"])
            anzahl += 1
    return anzahl


def _faellige(heute):
    """The indicators with a step due on ``heute`` that was not taken yet (locked)."""
    indikatoren = list(
        Indikator.objects.select_for_update(of=("self",))
        .filter(naechste_lieferung__lte=heute)
        .select_related("verantwortlich")
        .order_by("verantwortlich__name", "sortierung", "name", "pk")
    )
    erledigt = set(
        Lieferungserinnerung.objects.filter(indikator__in=indikatoren).values_list(
            "indikator_id", "faellig_am", "stufe"
        )
    )
    faellige = []
    for indikator in indikatoren:
        stufen = [
            s
            for s in datenlage.faellige_stufen(indikator.naechste_lieferung, heute)
            if (indikator.pk, indikator.naechste_lieferung, s) not in erledigt
        ]
        if stufen:
            faellige.append(Faellig(indikator, stufen[-1], stufen))
    return faellige


def _personen(akteur_ids):
    """``{akteur_id: [Ansprechperson]}``: who a mail reaches (``erreichbar``, the one rule)."""
    personen = defaultdict(list)
    for person in (
        Ansprechperson.objects.erreichbar()
        .filter(akteur_id__in=akteur_ids)
        .select_related("user")
        .order_by("akteur_id", "pk")
    ):
        personen[person.akteur_id].append(person)
    return personen


def laufen(heute):
    """The daily run for ``heute``; returns what was done."""
    ergebnis = Ergebnis()
    with transaction.atomic():
        ergebnis.fortgeschrieben = termine_fortschreiben(heute)
        faellige = _faellige(heute)
        if not faellige:
            return ergebnis
        Lieferungserinnerung.objects.bulk_create(
            [
                Lieferungserinnerung(
                    indikator=f.indikator, faellig_am=f.indikator.naechste_lieferung, stufe=s
                )
                for f in faellige
                for s in f.stufen
            ]
        )
        personen = _personen({f.indikator.verantwortlich_id for f in faellige} - {None})
        post = {}  # address (lower case) → (person, [Faellig])
        for faellig in faellige:
            for person in personen.get(faellig.indikator.verantwortlich_id, []):
                schluessel = person.adresse.strip().lower()
                post.setdefault(schluessel, (person, []))[1].append(faellig)
                faellig.empfaenger.append(person.adresse)
        for person, liste in post.values():
            _schreiben(person.adresse, "lieferung", {"person": person, "faellige": liste}, heute)
        ergebnis.mails = len(post)
        ergebnis.erinnerungen = len(faellige)
        ergebnis.faellige = faellige
        ergebnis.buero_mails = _buero_informieren(faellige, heute)
    return ergebnis


def _buero_informieren(faellige, heute):
    adressen = list(
        dict.fromkeys(buero_konten_mit_adresse().order_by("pk").values_list("email", flat=True))
    )
    kontext = {
        "faellige": faellige,
        "unerreichbar": [f for f in faellige if not f.empfaenger],
        "admin": absolute_url(reverse("admin:monitoring_indikator_changelist")),
    }
    for adresse in adressen:
        _schreiben(adresse, "lieferung_buero", kontext, heute, anlass=ANLASS_BUERO)
    return len(adressen)


def _schreiben(adresse, vorlage, kontext, heute, *, anlass=ANLASS):
    kontext = {**kontext, "heute": heute, "tage": datenlage.UEBERFAELLIG_NACH_TAGEN}
    # Recipients' language is not known: mails go out in the portal's main language.
    with translation.override(settings.LANGUAGE_CODE):
        betreff = render_to_string(f"monitoring/mail/{vorlage}_betreff.txt", kontext)
        text = render_to_string(f"monitoring/mail/{vorlage}.txt", kontext)
    einreihen(
        adresse,
        betreff,
        text,
        anlass=anlass,
        bezug=f"tag:{heute.isoformat()}",
        antwort_an=settings.FEEDBACK_EMAIL,
    )

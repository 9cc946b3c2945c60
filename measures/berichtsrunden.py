"""Berichtsrunden: open a round, remind who has not answered, close it and keep what it knew.

Opening asks every Akteur responsible for an unfinished Maßnahme for a Sachstand (one
Berichtsanfrage per Zuständigkeit) and e-mails the Akteur's members. An Anfrage counts as
answered once the Akteur has submitted a Sachstand in the round that was not sent back.
Closing writes a Berichtsstand of every Maßnahme, so that reports can compare rounds; after
that the round's Sachstände are fixed (``Sachstand.ist_fixiert``).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, FloatField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Lower, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from measures import rundenmails, signale, zeitreise
from measures.choices import Pruefstatus, RundenStatus, Status
from measures.models import (
    Akteur,
    Ansprechperson,
    Berichtsanfrage,
    Berichtsrunde,
    Berichtsstand,
    Massnahme,
    Sachstand,
    Zustaendigkeit,
)

# A Sachstand answers its Anfrage unless it was sent back (then a corrected one is due).
ANTWORT_STATUS = [Pruefstatus.EINGEREICHT, Pruefstatus.FREIGEGEBEN]


@dataclass
class Versand:
    """What a step did: how many Anfragen it touched and how many e-mails went out."""

    anfragen: int
    mails: int


def antwort_vorhanden():
    """``Exists`` for annotating Berichtsanfragen: has the Akteur answered this Anfrage?"""
    return Exists(
        Sachstand.objects.filter(
            berichtsrunde=OuterRef("berichtsrunde"),
            massnahme=OuterRef("massnahme"),
            akteur=OuterRef("akteur"),
            pruefstatus__in=ANTWORT_STATUS,
        )
    )


def anfragen_mit_antwort(runde):
    return Berichtsanfrage.objects.filter(berichtsrunde=runde).annotate(
        beantwortet=antwort_vorhanden()
    )


def offene_anfragen(runde):
    """The round's Anfragen nobody has answered yet."""
    return anfragen_mit_antwort(runde).filter(beantwortet=False)


def _quote():
    # Percent in the database; ``anfragen`` is never 0 in a group that exists.
    return Cast(F("antworten"), FloatField()) * 100 / Cast(F("anfragen"), FloatField())


def _zaehlen(queryset):
    return queryset.annotate(
        anfragen=Count("pk"), antworten=Count("pk", filter=Q(beantwortet=True))
    ).annotate(quote=_quote())


def ruecklauf_gesamt(runde):
    """``{"anfragen": n, "antworten": m, "quote": percent or None}`` for the whole round."""
    werte = anfragen_mit_antwort(runde).aggregate(
        anfragen=Count("pk"), antworten=Count("pk", filter=Q(beantwortet=True))
    )
    werte["quote"] = werte["antworten"] * 100 / werte["anfragen"] if werte["anfragen"] else None
    return werte


def ruecklauf_nach_handlungsfeld(runde):
    """Response rate per Handlungsfeld, in the concept's order (one query)."""
    return _zaehlen(
        anfragen_mit_antwort(runde).values(
            nummer=F("massnahme__teilziel__handlungsfeld__nummer"),
            titel=F("massnahme__teilziel__handlungsfeld__titel"),
            sortierung=F("massnahme__teilziel__handlungsfeld__sortierung"),
        )
    ).order_by("sortierung", "nummer")


def ruecklauf_nach_akteur(runde):
    """Response rate per Akteur, least answered first, with the last reminder (one query)."""
    return (
        _zaehlen(
            anfragen_mit_antwort(runde).values(
                akteur_pk=F("akteur__pk"), name=F("akteur__name"), slug=F("akteur__slug")
            )
        )
        .annotate(zuletzt_erinnert=Max("erinnert_am"))
        .order_by("quote", "name")
    )


def runden_mit_ruecklauf(queryset=None):
    """Berichtsrunden annotated with ``anzahl_anfragen`` and ``anzahl_antworten`` (for lists)."""

    def anzahl(anfragen):
        return Coalesce(
            Subquery(
                anfragen.order_by().values("berichtsrunde").annotate(n=Count("pk")).values("n")[:1]
            ),
            0,
        )

    je_runde = Berichtsanfrage.objects.filter(berichtsrunde=OuterRef("pk"))
    queryset = Berichtsrunde.objects.all() if queryset is None else queryset
    return queryset.annotate(
        anzahl_anfragen=anzahl(je_runde),
        anzahl_antworten=anzahl(je_runde.filter(antwort_vorhanden())),
    )


def _ist(runde, status, meldung):
    if runde.status != status:
        raise ValidationError(meldung)


def oeffnen_pruefen(runde):
    """ValidationError unless ``runde`` may open now (planned, and no other round open)."""
    _ist(runde, RundenStatus.GEPLANT, _("Nur eine geplante Berichtsrunde kann geöffnet werden."))
    if Berichtsrunde.objects.filter(status=RundenStatus.OFFEN).exists():
        raise ValidationError(
            _("Es ist bereits eine Berichtsrunde offen; bitte schließen Sie sie zuerst.")
        )


def anzufragende_zustaendigkeiten():
    """The Zuständigkeiten a round opened now asks: of unfinished measures of the current Konzept.

    Only the current edition is being carried out; an older one loaded for comparison is asked
    nothing.
    """
    return Zustaendigkeit.objects.im_aktuellen_konzept().exclude(
        massnahme__status__in=Status.abgeschlossen()
    )


def erreichbare_mitgliedschaften(akteure):
    """The Ansprechpersonen of ``akteure`` a round's e-mail reaches, with or without account.

    ``Ansprechperson.objects.erreichbar()`` is the rule; this only narrows it to the Akteure.
    """
    return Ansprechperson.objects.erreichbar().filter(akteur__in=akteure)


def _gruende(pruefung, runde):
    try:
        pruefung(runde)
    except ValidationError as fehler:
        return fehler.messages
    return []


@dataclass
class OeffnenVorschau:
    """What opening ``runde`` would do, for the question before it is done."""

    runde: Berichtsrunde
    hinderungsgruende: list  # why it cannot open now (empty: it can)
    anfragen: int
    akteure: int
    mails: int  # one per address (versand sends one mail per address)
    adressen: int  # distinct addresses (two accounts may share one)
    # Asked Akteure without any reachable Ansprechperson (Akteur with ``anzahl_anfragen``): they
    # learn nothing of the round until the Büro adds a contact.
    unerreichbar: list
    anfragen_unerreichbar: int  # the Anfragen of those Akteure
    # Asked Akteure reached only through contacts without account (with ``einzuladen``): the
    # round's mail brings them a personal link; an invitation gives them an account.
    nur_ohne_konto: list
    # Every reachable contact without account (with ``akteur``), also in Akteure that have
    # accounts: the round reaches them only through their personal link.
    ohne_konto: list

    @property
    def akteure_ohne_konto(self):
        # The name of version 1 (names of the unreachable Akteure), kept for old callers.
        return [a.name for a in self.unerreichbar]


def _adresse():
    # Where a contact's mail goes (Ansprechperson.adresse), as an expression for counting.
    return Lower(Coalesce(NullIf("email", Value("")), "user__email"))


def vorschau_oeffnen(runde):
    """Counts and lists for the question before opening; queries do not grow with the data."""
    zustaendigkeiten = anzufragende_zustaendigkeiten()
    akteur_ids = zustaendigkeiten.values("akteur_id")
    erreichbar = erreichbare_mitgliedschaften(akteur_ids)
    adressen = erreichbar.annotate(adresse=_adresse()).values("adresse").distinct().count()
    unerreichbar = list(
        Akteur.objects.filter(pk__in=akteur_ids)
        .exclude(pk__in=erreichbar.values("akteur_id"))
        .annotate(
            anzahl_anfragen=Count(
                "zustaendigkeiten", filter=Q(zustaendigkeiten__in=zustaendigkeiten)
            )
        )
        .order_by("name")
    )
    mit_konto = erreichbar.filter(user__isnull=False, user__is_active=True)
    nur_ohne_konto = list(
        Akteur.objects.filter(pk__in=erreichbar.values("akteur_id"))
        .exclude(pk__in=mit_konto.values("akteur_id"))
        .annotate(
            einzuladen=Count(
                "ansprechpersonen",
                filter=Q(ansprechpersonen__in=erreichbar.filter(user__isnull=True)),
            )
        )
        .order_by("name")
    )
    return OeffnenVorschau(
        runde=runde,
        hinderungsgruende=_gruende(oeffnen_pruefen, runde),
        anfragen=zustaendigkeiten.count(),
        akteure=Akteur.objects.filter(pk__in=akteur_ids).count(),
        mails=adressen,
        adressen=adressen,
        unerreichbar=unerreichbar,
        anfragen_unerreichbar=sum(a.anzahl_anfragen for a in unerreichbar),
        nur_ohne_konto=nur_ohne_konto,
        ohne_konto=list(
            erreichbar.filter(user__isnull=True)
            .select_related("akteur")
            .order_by("akteur__name", "name", "email")
        ),
    )


def oeffnen(runde, *, mails=True):
    """Open a planned round: ask each responsible Akteur of each unfinished Maßnahme; e-mail them.

    Unfinished: of the current Konzept and neither umgesetzt nor entfallen.

    Refused while another round is open, so that a Sachstand always knows its round.
    """
    with transaction.atomic():
        aufgerufen, runde = runde, Berichtsrunde.objects.select_for_update().get(pk=runde.pk)
        oeffnen_pruefen(runde)
        zustaendigkeiten = anzufragende_zustaendigkeiten().values_list("massnahme_id", "akteur_id")
        Berichtsanfrage.objects.bulk_create(
            [
                Berichtsanfrage(berichtsrunde=runde, massnahme_id=m, akteur_id=a)
                for m, a in zustaendigkeiten
            ],
            batch_size=500,
        )
        runde.status = RundenStatus.OFFEN
        runde.geoeffnet_am = timezone.now()
        runde._change_reason = _("geöffnet")
        runde.save()
        aufgerufen.status, aufgerufen.geoeffnet_am = runde.status, runde.geoeffnet_am
        signale.berichtsrunde_geoeffnet.send(sender=Berichtsrunde, runde=runde)
    anfragen = Berichtsanfrage.objects.filter(berichtsrunde=runde)
    # Mails go out after the commit: a failing mail server must not undo the opened round
    # (a reminder can be sent later), and a rolled-back round must not have sent mails.
    anzahl = _benachrichtigen(runde, anfragen, "berichtsrunde_geoeffnet") if mails else 0
    return Versand(anfragen=anfragen.count(), mails=anzahl)


def erinnern(runde):
    """Remind the members of every Akteur with unanswered Anfragen; note when."""
    runde.refresh_from_db(fields=["status"])
    _ist(runde, RundenStatus.OFFEN, _("Erinnern kann man nur in einer offenen Berichtsrunde."))
    offen = list(offene_anfragen(runde).values_list("pk", flat=True))
    Berichtsanfrage.objects.filter(pk__in=offen).update(erinnert_am=timezone.now())
    anzahl = _benachrichtigen(
        runde, Berichtsanfrage.objects.filter(pk__in=offen), "berichtsrunde_erinnerung"
    )
    return Versand(anfragen=len(offen), mails=anzahl)


def schliessen_pruefen(runde):
    """ValidationError unless ``runde`` may close now (open, nothing waiting for review)."""
    _ist(runde, RundenStatus.OFFEN, _("Nur eine offene Berichtsrunde kann geschlossen werden."))
    wartend = runde.sachstaende.filter(pruefstatus=Pruefstatus.EINGEREICHT).count()
    if wartend:
        raise ValidationError(
            _(
                "%(anzahl)d Sachstand/Sachstände dieser Runde warten noch auf Prüfung; bitte "
                "zuerst freigeben oder zurückgeben."
            )
            % {"anzahl": wartend}
        )


def festzuhaltende_massnahmen():
    """The current Konzept's measures whose state closing a round keeps as its Berichtsstand."""
    return Massnahme.objects.im_aktuellen_konzept().order_by()


@dataclass
class SchliessenVorschau:
    """What closing ``runde`` would do and leave behind, for the question before it is done."""

    runde: Berichtsrunde
    hinderungsgruende: list
    anfragen: int
    unbeantwortet: int
    tage_bis_faellig: int  # negative: overdue by that many days
    massnahmen: int  # whose state is kept as the round's Berichtsstand

    @property
    def ueberfaellig_seit(self):
        return -self.tage_bis_faellig


def vorschau_schliessen(runde):
    gesamt = ruecklauf_gesamt(runde)
    return SchliessenVorschau(
        runde=runde,
        hinderungsgruende=_gruende(schliessen_pruefen, runde),
        anfragen=gesamt["anfragen"],
        unbeantwortet=gesamt["anfragen"] - gesamt["antworten"],
        tage_bis_faellig=(runde.faellig_am - timezone.localdate()).days,
        massnahmen=festzuhaltende_massnahmen().count(),
    )


@transaction.atomic
def schliessen(runde):
    """Close an open round: snapshot every Maßnahme in full as a Berichtsstand; its Sachstände
    are fixed. Sends ``berichtsrunde_geschlossen`` at the end (receivers wait for the commit).

    Refused while Sachstände of the round still wait for review: closing fixes them, and an
    unreviewed statement must not be frozen half-way.
    """
    aufgerufen, runde = runde, Berichtsrunde.objects.select_for_update().get(pk=runde.pk)
    schliessen_pruefen(runde)
    Berichtsstand.objects.bulk_create(berichtsstaende(runde), batch_size=500)
    runde.status = RundenStatus.GESCHLOSSEN
    runde.geschlossen_am = timezone.now()
    runde._change_reason = _("geschlossen")
    runde.save()
    aufgerufen.status, aufgerufen.geschlossen_am = runde.status, runde.geschlossen_am
    signale.berichtsrunde_geschlossen.send(sender=Berichtsrunde, runde=runde)
    return runde


def berichtsstaende(runde):
    """The full state of every measure to keep, unsaved (five queries for all of them).

    Wording, target date, lateness at the round's Stichtag, Zuständigkeiten with ffd. and the
    Akteur's name, Meilensteine, status, Ampel, progress and the approved Sachstand a report
    at the Stichtag shows (its text, date and Akteur copied).
    """
    massnahmen = festzuhaltende_massnahmen()
    staende = zeitreise.stand_jetzt(massnahmen, runde.stichtag)
    gezeigt = zeitreise.gezeigte_sachstaende(runde.stichtag).filter(massnahme=OuterRef("pk"))
    sachstand_je_massnahme = dict(
        massnahmen.annotate(sachstand_pk=Subquery(gezeigt.values("pk")[:1]))
        .filter(sachstand_pk__isnull=False)
        .values_list("pk", "sachstand_pk")
    )
    sachstaende = Sachstand.objects.select_related("akteur").in_bulk(
        sachstand_je_massnahme.values()
    )
    ergebnis = []
    for pk, stand in staende.items():
        sachstand = sachstaende.get(sachstand_je_massnahme.get(pk))
        ergebnis.append(
            Berichtsstand(
                berichtsrunde=runde,
                massnahme_id=pk,
                **zeitreise.als_berichtsstand_felder(stand),
                sachstand=sachstand,
                sachstand_text=sachstand.text if sachstand else "",
                sachstand_datum=sachstand.datum if sachstand else None,
                sachstand_akteur=sachstand.akteur.name if sachstand else "",
            )
        )
    return ergebnis


def _benachrichtigen(runde, anfragen, anlass):
    """One e-mail per address (of everyone reachable in the Akteure asked), listing what each
    of their Akteure owes, with the round form's link or the contact's personal link.

    Returns the number of Mails stored (measures/rundenmails.py; queries do not grow with the
    Anfragen or persons).
    """
    return rundenmails.versenden(runde, anfragen, anlass)


def link_erneut_senden(adresse):
    """Mail fresh round links to ``adresse`` if it is a reachable contact asked in the open round.

    Returns the number of Mails stored (0 when the address is unknown; the page that asks says
    the same either way).
    """
    runde = Berichtsrunde.objects.filter(status=RundenStatus.OFFEN).first()
    if runde is None or not (adresse or "").strip():
        return 0
    return rundenmails.versenden(runde, offene_anfragen(runde), "rundenzugang", adresse=adresse)

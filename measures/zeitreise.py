"""Time travel: the state of measures at the end of a Stichtag, from the history tables.

``stand_am(massnahmen, stichtag)`` rebuilds status, Ampel, progress, wording, target date,
Zuständigkeiten (with the Akteur's name as it was then) and Meilensteine of each measure as
they stood at the END of ``stichtag`` in settings.TIME_ZONE. It reads the latest history row
of each object up to that moment (simple-history's ``as_of`` rule; tests/measures/
test_zeitreise.py holds both to the same answers), drops objects whose latest row is a
deletion, and leaves out measures that did not exist yet. The number of queries is fixed
(four), whatever the number of measures.

A Stichtag of today or none reads today's rows instead (the same answer, cheaper).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from concept.deutsch import deutsch_sortieren
from measures import rollup
from measures.choices import Pruefstatus
from measures.models import Akteur, Massnahme, Meilenstein, Sachstand, Zustaendigkeit
from measures.verzug import ist_ueberfaellig

LOESCHUNG = "-"
FORMATE = ("%Y-%m-%d", "%d.%m.%Y")
# The measure's own fields a state carries, in this order (``_zusammensetzen``).
FELDER = ("pk", "status", "ampel", "fortschritt", "text", "zieldatum", "beginn", "geaendert_am")


@dataclass(frozen=True)
class ZustaendigkeitStand:
    """One responsibility as it stood; ``pk``/``name``/``slug`` as an Akteur has them."""

    akteur_id: int
    name: str
    kurzname: str
    slug: str
    seite: str
    federfuehrend: bool
    hinweis: str = ""

    @property
    def pk(self):
        return self.akteur_id

    def __str__(self):
        return self.name

    def als_json(self):
        """The Berichtsstand's JSON shape (measures.models.Berichtsstand.zustaendigkeiten)."""
        return {
            "akteur": self.akteur_id,
            "name": self.name,
            "kurzname": self.kurzname,
            "slug": self.slug,
            "seite": self.seite,
            "federfuehrend": self.federfuehrend,
            "hinweis": self.hinweis,
        }

    @classmethod
    def aus_json(cls, eintrag):
        return cls(
            akteur_id=eintrag.get("akteur"),
            name=eintrag.get("name", ""),
            kurzname=eintrag.get("kurzname", ""),
            slug=eintrag.get("slug", ""),
            seite=eintrag.get("seite", ""),
            federfuehrend=bool(eintrag.get("federfuehrend")),
            hinweis=eintrag.get("hinweis", ""),
        )


@dataclass(frozen=True)
class MeilensteinStand:
    titel: str
    faellig_am: datetime.date
    erledigt_am: datetime.date | None
    notiz: str = ""

    def als_json(self):
        return {
            "titel": self.titel,
            "faellig_am": self.faellig_am.isoformat(),
            "erledigt_am": self.erledigt_am.isoformat() if self.erledigt_am else None,
            "notiz": self.notiz,
        }

    @classmethod
    def aus_json(cls, eintrag):
        erledigt = eintrag.get("erledigt_am")
        return cls(
            titel=eintrag.get("titel", ""),
            faellig_am=datetime.date.fromisoformat(eintrag["faellig_am"]),
            erledigt_am=datetime.date.fromisoformat(erledigt) if erledigt else None,
            notiz=eintrag.get("notiz", ""),
        )


@dataclass(frozen=True)
class MassnahmeStand:
    """A measure's state at a Stichtag (what reports, pages and the API show)."""

    massnahme_id: int
    status: str
    ampel: str
    fortschritt: int
    text: str
    zieldatum: datetime.date | None
    zustaendigkeiten: tuple = ()  # ZustaendigkeitStand, federführend first, then by name
    meilensteine: tuple = ()  # MeilensteinStand by due date
    ueberfaellig: bool = False
    # What pages and the API show beside it (not kept in a Berichtsstand).
    beginn: datetime.date | None = None
    geaendert_am: datetime.datetime | None = None

    @property
    def federfuehrend(self):
        return [z for z in self.zustaendigkeiten if z.federfuehrend]

    @property
    def beteiligt(self):
        return [z for z in self.zustaendigkeiten if not z.federfuehrend]


def ende_des_tages(stichtag):
    """The last moment of ``stichtag`` in settings.TIME_ZONE (aware)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    naechster = datetime.datetime.combine(stichtag + datetime.timedelta(days=1), datetime.time())
    return naechster.replace(tzinfo=zone) - datetime.timedelta(microseconds=1)


def ist_heute(stichtag):
    """None or today (or later): today's rows are the state, no history needed."""
    return stichtag is None or stichtag >= timezone.localdate()


# Names in German order (DIN 5007-1): the one rule lives in concept/deutsch.py.
deutscher_schluessel = deutsch_sortieren


def zustaendigkeiten_sortiert(zustaendigkeiten):
    """Federführend first, then the Akteur's name in German order."""
    return tuple(
        sorted(zustaendigkeiten, key=lambda z: (not z.federfuehrend, deutscher_schluessel(z.name)))
    )


def stand_am(massnahmen, stichtag=None):
    """``{massnahme_pk: MassnahmeStand}`` of ``massnahmen`` (a queryset) at ``stichtag``."""
    if ist_heute(stichtag):
        return _heute(massnahmen, stichtag or timezone.localdate())
    return _aus_der_geschichte(massnahmen, stichtag)


def stand_jetzt(massnahmen, ueberfaellig_am):
    """Today's rows, with lateness judged at ``ueberfaellig_am`` (a closing round's Stichtag)."""
    return _heute(massnahmen, ueberfaellig_am)


def gezeigte_sachstaende(stichtag):
    """The approved Sachstände a report at ``stichtag`` may show, the one it shows first.

    The one rule for reports (berichte/data.py) and a round's snapshot (berichtsrunden):
    approved, dated up to the Stichtag, the latest date first, then the latest approval.
    """
    return Sachstand.objects.filter(
        pruefstatus=Pruefstatus.FREIGEGEBEN, datum__lte=stichtag
    ).order_by("-datum", F("geprueft_am").desc(nulls_last=True), "-pk")


def _heute(massnahmen, stichtag):
    pks = massnahmen.order_by().values("pk")
    zeilen = Massnahme.objects.filter(pk__in=pks).values_list(*FELDER)
    zustaendigkeiten = [
        (
            massnahme_id,
            ZustaendigkeitStand(akteur_id, name, kurzname, slug, seite, ffd, hinweis),
        )
        for massnahme_id, akteur_id, name, kurzname, slug, seite, ffd, hinweis in (
            Zustaendigkeit.objects.filter(massnahme__in=pks).values_list(
                "massnahme_id",
                "akteur_id",
                "akteur__name",
                "akteur__kurzname",
                "akteur__slug",
                "seite",
                "federfuehrend",
                "hinweis",
            )
        )
    ]
    meilensteine = [
        (massnahme_id, MeilensteinStand(titel, faellig, erledigt, notiz))
        for massnahme_id, titel, faellig, erledigt, notiz in Meilenstein.objects.filter(
            massnahme__in=pks
        ).values_list("massnahme_id", "titel", "faellig_am", "erledigt_am", "notiz")
    ]
    return _zusammensetzen(zeilen, zustaendigkeiten, meilensteine, stichtag)


def _letzte_zeilen(model, moment, **filter):
    """The latest history row of each object up to ``moment``, deletions dropped (1 query)."""
    historie = model.history.model
    letzte = (
        historie.objects.filter(id=OuterRef("id"), history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        historie.objects.filter(history_date__lte=moment, **filter)
        .filter(history_id=Subquery(letzte))
        .exclude(history_type=LOESCHUNG)
    )


def _aus_der_geschichte(massnahmen, stichtag):
    moment = ende_des_tages(stichtag)
    pks = massnahmen.order_by().values("pk")
    zeilen = _letzte_zeilen(Massnahme, moment, id__in=pks).values_list("id", *FELDER[1:])
    roh = list(
        _letzte_zeilen(Zustaendigkeit, moment, massnahme_id__in=pks).values_list(
            "massnahme_id", "akteur_id", "seite", "federfuehrend", "hinweis"
        )
    )
    akteure = _akteure_am({akteur_id for _m, akteur_id, *_rest in roh}, moment)
    zustaendigkeiten = [
        (massnahme_id, ZustaendigkeitStand(akteur_id, *akteure[akteur_id], seite, ffd, hinweis))
        for massnahme_id, akteur_id, seite, ffd, hinweis in roh
        if akteur_id in akteure
    ]
    meilensteine = [
        (massnahme_id, MeilensteinStand(titel, faellig, erledigt, notiz))
        for massnahme_id, titel, faellig, erledigt, notiz in _letzte_zeilen(
            Meilenstein, moment, massnahme_id__in=pks
        ).values_list("massnahme_id", "titel", "faellig_am", "erledigt_am", "notiz")
    ]
    return _zusammensetzen(zeilen, zustaendigkeiten, meilensteine, stichtag)


def _akteure_am(ids, moment):
    """``{akteur_pk: (name, kurzname, slug)}`` as of ``moment`` (1 query, 2 at most).

    An Akteur without a history row then (made before history was kept, or by a bulk
    insert) is named as it is today: a Zuständigkeit existed, so the Akteur did too.
    """
    if not ids:
        return {}
    namen = {
        pk: (name, kurzname, slug)
        for pk, name, kurzname, slug in _letzte_zeilen(Akteur, moment, id__in=ids).values_list(
            "id", "name", "kurzname", "slug"
        )
    }
    fehlend = ids - namen.keys()
    if fehlend:
        namen.update(
            (pk, (name, kurzname, slug))
            for pk, name, kurzname, slug in Akteur.objects.filter(pk__in=fehlend).values_list(
                "pk", "name", "kurzname", "slug"
            )
        )
    return namen


def _zusammensetzen(zeilen, zustaendigkeiten, meilensteine, stichtag):
    je_massnahme_z, je_massnahme_m = {}, {}
    for massnahme_id, z in zustaendigkeiten:
        je_massnahme_z.setdefault(massnahme_id, []).append(z)
    for massnahme_id, m in meilensteine:
        je_massnahme_m.setdefault(massnahme_id, []).append(m)
    staende = {}
    for pk, status, ampel, fortschritt, text, zieldatum, beginn, geaendert_am in zeilen:
        schritte = tuple(sorted(je_massnahme_m.get(pk, []), key=lambda m: (m.faellig_am, m.titel)))
        staende[pk] = MassnahmeStand(
            massnahme_id=pk,
            status=status,
            ampel=ampel,
            fortschritt=fortschritt,
            text=text,
            zieldatum=zieldatum,
            zustaendigkeiten=zustaendigkeiten_sortiert(je_massnahme_z.get(pk, [])),
            meilensteine=schritte,
            ueberfaellig=ist_ueberfaellig(
                status, zieldatum, [(m.faellig_am, m.erledigt_am) for m in schritte], stichtag
            ),
            beginn=beginn,
            geaendert_am=geaendert_am,
        )
    return staende


def stichtag_lesen(wert):
    """The ``?stichtag=`` of pages and API: a date (JJJJ-MM-TT) not in the future, or None.

    The one parsing rule for the parameter; raises ValidationError with a German message.
    """
    wert = (wert or "").strip()
    if not wert:
        return None
    for format in FORMATE:
        try:
            tag = datetime.datetime.strptime(wert, format).date()
            break
        except ValueError:
            continue
    else:
        raise ValidationError(
            _("„%(wert)s“ ist kein Datum; bitte geben Sie den Stichtag als JJJJ-MM-TT an.")
            % {"wert": wert[:40]},
            code="ungueltig",
        )
    if tag > timezone.localdate():
        raise ValidationError(_("Der Stichtag darf nicht in der Zukunft liegen."), code="zukunft")
    return tag


def bestehende(massnahmen, stichtag):
    """``massnahmen`` narrowed to those that existed at the end of ``stichtag`` (a filter)."""
    if ist_heute(stichtag):
        return massnahmen
    historie = Massnahme.history.model.objects.filter(history_date__lte=ende_des_tages(stichtag))
    return massnahmen.filter(pk__in=historie.values("id"))


def anwenden(massnahmen, stichtag):
    """Show ``massnahmen`` (instances, e.g. a page of a list) as they stood at ``stichtag``.

    Sets status, Ampel, progress, wording and target date on each instance, and its prefetched
    ``zustaendigkeiten`` to unsaved rows with the Akteur as it was named then, so templates
    and serializers written for today's objects show the past. Adds ``ueberfaellig`` and
    ``zeitreise_stand``. A measure that did not exist then keeps today's values (callers
    filter with ``bestehende`` first). Four queries for all of them; returns the list.
    """
    massnahmen = list(massnahmen)
    if not massnahmen:
        return massnahmen
    staende = stand_am(Massnahme.objects.filter(pk__in=[m.pk for m in massnahmen]), stichtag)
    for massnahme in massnahmen:
        stand = staende.get(massnahme.pk)
        if stand is None:
            continue
        massnahme.status, massnahme.ampel = stand.status, stand.ampel
        massnahme.fortschritt, massnahme.text = stand.fortschritt, stand.text
        massnahme.zieldatum, massnahme.beginn = stand.zieldatum, stand.beginn
        massnahme.geaendert_am = stand.geaendert_am
        # ``ist_ueberfaellig`` is what templates and serializers read (``mit_verzug``).
        massnahme.ueberfaellig = massnahme.ist_ueberfaellig = stand.ueberfaellig
        massnahme.zeitreise_stand = stand
        _zustaendigkeiten_setzen(massnahme, stand)
        _meilensteine_setzen(massnahme, stand)
    return massnahmen


def _vorab_geladen(massnahme, name, zeilen, queryset):
    """Put unsaved ``zeilen`` where a ``prefetch_related(name)`` would have put today's rows."""
    queryset._result_cache = zeilen
    queryset._prefetch_done = True
    if not hasattr(massnahme, "_prefetched_objects_cache"):
        massnahme._prefetched_objects_cache = {}
    massnahme._prefetched_objects_cache[name] = queryset


def _meilensteine_setzen(massnahme, stand):
    zeilen = [
        Meilenstein(
            massnahme=massnahme,
            titel=m.titel,
            faellig_am=m.faellig_am,
            erledigt_am=m.erledigt_am,
            notiz=m.notiz,
        )
        for m in stand.meilensteine
    ]
    _vorab_geladen(massnahme, "meilensteine", zeilen, Meilenstein.objects.all())
    massnahme.meilensteine_liste = zeilen


def _zustaendigkeiten_setzen(massnahme, stand):
    zeilen = [
        Zustaendigkeit(
            massnahme=massnahme,
            akteur=Akteur(
                pk=z.akteur_id, name=z.name, kurzname=z.kurzname, slug=z.slug, seite=z.seite
            ),
            seite=z.seite,
            federfuehrend=z.federfuehrend,
            hinweis=z.hinweis,
        )
        for z in stand.zustaendigkeiten
    ]
    _vorab_geladen(massnahme, "zustaendigkeiten", zeilen, Zustaendigkeit.objects.all())
    # The cards read the list MassnahmeQuerySet.fuer_karten prefetches (to_attr).
    massnahme.zustaendigkeiten_liste = zeilen


def fortschritt_am(handlungsfelder, stichtag):
    """``{handlungsfeld_pk: progress}`` at ``stichtag`` (the roll-up of ``measures.rollup`` over
    the states of then; four queries for all of them)."""
    massnahmen = bestehende(
        Massnahme.objects.filter(teilziel__handlungsfeld__in=[hf.pk for hf in handlungsfelder]),
        stichtag,
    ).select_related("teilziel")
    staende = stand_am(massnahmen, stichtag)
    teilziel_je_massnahme = dict(massnahmen.values_list("pk", "teilziel_id"))
    hf_je_teilziel = dict(
        massnahmen.values_list("teilziel_id", "teilziel__handlungsfeld_id").distinct()
    )
    _je_tz, je_hf, _gesamt = rollup.mittel_der_mittel(
        (
            teilziel_je_massnahme[pk],
            hf_je_teilziel[teilziel_je_massnahme[pk]],
            st.status,
            st.fortschritt,
        )
        for pk, st in staende.items()
        if pk in teilziel_je_massnahme
    )
    return je_hf


def handlungsfeld_anwenden(handlungsfeld, stichtag):
    """Show a Handlungsfeld with prefetched ``teilziele`` and their ``massnahmen`` as it stood
    at ``stichtag``: the measures (``anwenden``) and the progress of Teilziele and Handlungsfeld
    rolled up from them (four queries)."""
    teilziele = list(handlungsfeld.teilziele.all())
    massnahmen = anwenden([m for tz in teilziele for m in _massnahmen_von(tz)], stichtag)
    je_tz, je_hf, _gesamt = rollup.mittel_der_mittel(
        (m.teilziel_id, handlungsfeld.pk, m.status, m.fortschritt) for m in massnahmen
    )
    for tz in teilziele:
        tz.fortschritt = je_tz.get(tz.pk)
    handlungsfeld.fortschritt = je_hf.get(handlungsfeld.pk)
    return handlungsfeld


def _massnahmen_von(teilziel):
    """The prefetched Maßnahmen of a Teilziel: the list the pages prefetch (``to_attr``
    ``massnahmen_liste``) or the prefetched manager."""
    liste = getattr(teilziel, "massnahmen_liste", None)
    return teilziel.massnahmen.all() if liste is None else liste


# --- the snapshot a closed Berichtsrunde keeps (measures.Berichtsstand) -------------------------
# Written when the round closes (berichtsrunden.berichtsstaende), read by its reports
# (berichte/data.py): the format lives here once.


def als_berichtsstand_felder(stand):
    """The Berichtsstand fields that keep ``stand`` (a MassnahmeStand), JSON where needed."""
    return {
        "status": stand.status,
        "ampel": stand.ampel,
        "fortschritt": stand.fortschritt,
        "text": stand.text,
        "zieldatum": stand.zieldatum,
        "ueberfaellig": stand.ueberfaellig,
        "zustaendigkeiten": [z.als_json() for z in stand.zustaendigkeiten],
        "meilensteine": [m.als_json() for m in stand.meilensteine],
        "vollstaendig": True,
    }


def aus_berichtsstand(berichtsstand):
    """The MassnahmeStand a complete Berichtsstand (``vollstaendig``) kept."""
    b = berichtsstand
    return MassnahmeStand(
        massnahme_id=b.massnahme_id,
        status=b.status,
        ampel=b.ampel,
        fortschritt=b.fortschritt,
        text=b.text,
        zieldatum=b.zieldatum,
        zustaendigkeiten=tuple(ZustaendigkeitStand.aus_json(z) for z in b.zustaendigkeiten),
        meilensteine=tuple(MeilensteinStand.aus_json(m) for m in b.meilensteine),
        ueberfaellig=b.ueberfaellig,
    )

"""The kinds of hits the search shows, each with what it searches and where a hit leads.

Each kind starts from the queryset the public pages use – the current Konzept only
(``im_aktuellen_konzept``), public indicators only (``Indikator.objects.oeffentlich()``) – and
searches only what those pages show: never an internal note, never an unpublished indicator.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concept.models import (
    BestPracticeBeispiel,
    Handlungsfeld,
    Leitziel,
    Teilziel,
    im_aktuellen_konzept_q,
)
from concept.volltext import alle_woerter_q
from measures.models import Akteur, Massnahme, Zustaendigkeit
from measures.textsuche import AKTEUR_FELDER, massnahmen_suchen
from monitoring.models import Indikator


@dataclass(frozen=True)
class Eintrag:
    """One hit as the page shows it: a title, where it leads, the text with the hit."""

    titel: str
    adresse: str
    text: str = ""
    # Names shown under the text (a measure's Akteure), searched like the text.
    namen: tuple = ()
    # A second link (an Akteur's measures): (label, address).
    weiter: tuple | None = None


@dataclass(frozen=True)
class Art:
    schluessel: str
    titel: str
    felder: tuple
    reihenfolge: tuple
    basis: object  # () -> queryset
    eintrag: object  # (obj) -> Eintrag
    # (eingabe) -> address of the filtered list that shows every hit, where one exists.
    liste: object = None
    # (queryset, woerter, eingabe, unscharf) -> queryset; default: every word in a field.
    suchen: object = None

    def treffer(self, woerter, eingabe, unscharf=False):
        queryset = self.basis()
        if self.suchen is not None:
            return self.suchen(queryset, woerter, eingabe, unscharf)
        return queryset.filter(alle_woerter_q(woerter, self.felder, unscharf=unscharf))


def _hf_seite(nummer, anker=""):
    adresse = reverse("measures:handlungsfeld", kwargs={"nummer": nummer})
    return f"{adresse}#{anker}" if anker else adresse


def _massnahmen():
    return (
        Massnahme.objects.im_aktuellen_konzept()
        .select_related("teilziel__handlungsfeld")
        .prefetch_related(
            Prefetch("zustaendigkeiten", queryset=Zustaendigkeit.objects.select_related("akteur"))
        )
    )


def _massnahmen_suchen(queryset, woerter, eingabe, unscharf):
    # The list's own rule (measures/textsuche.py): "alle N anzeigen" shows the same N.
    return massnahmen_suchen(queryset, eingabe, unscharf=unscharf)


def _massnahme(m):
    return Eintrag(
        titel=_("Maßnahme %(referenz)s") % {"referenz": m.referenz},
        adresse=m.get_absolute_url(),
        text=m.text,
        namen=tuple(z.akteur.name for z in m.zustaendigkeiten.all()),
    )


def _massnahmen_liste(eingabe):
    return reverse("measures:massnahmen") + "?" + urlencode({"q": eingabe})


def _teilziel(t):
    return Eintrag(
        titel=_("Teilziel %(referenz)s – %(titel)s")
        % {"referenz": str(t), "titel": t.handlungsfeld.titel},
        adresse=_hf_seite(t.handlungsfeld.nummer, f"teilziel-{t.nummer}"),
        text=" ".join(filter(None, [t.text, t.erlaeuterung])),
    )


def _leitziel(lz):
    hf = lz.handlungsfeld
    return Eintrag(
        titel=_("Leitziel %(nummer)s %(titel)s") % {"nummer": hf.nummer, "titel": hf.titel},
        adresse=_hf_seite(hf.nummer, "leitziel"),
        text=lz.text,
    )


def _handlungsfeld(hf):
    return Eintrag(
        titel=f"{hf.nummer} {hf.titel}", adresse=_hf_seite(hf.nummer), text=hf.einleitung
    )


def _akteure():
    aktuell = Zustaendigkeit.objects.im_aktuellen_konzept().filter(akteur=OuterRef("pk"))
    anzahl = aktuell.values("akteur").annotate(n=Count("pk")).values("n")
    return Akteur.objects.annotate(anzahl_massnahmen=Subquery(anzahl))


def _akteur(a):
    anzahl = a.anzahl_massnahmen or 0
    weiter = None
    if anzahl:
        weiter = (
            _("Maßnahmen: %(anzahl)d") % {"anzahl": anzahl},
            reverse("measures:massnahmen") + "?" + urlencode({"akteur": a.slug}),
        )
    titel = f"{a.name} ({a.kurzname})" if a.kurzname else a.name
    return Eintrag(titel=titel, adresse=a.get_absolute_url(), text=a.beschreibung, weiter=weiter)


def _beispiel(bp):
    return Eintrag(
        titel=bp.titel, adresse=_hf_seite(bp.handlungsfeld.nummer, "best-practice"), text=bp.text
    )


def _indikator(ind):
    return Eintrag(titel=ind.name, adresse=ind.get_absolute_url(), text=ind.kurzdefinition)


ARTEN = (
    Art(
        schluessel="massnahmen",
        titel=_("Maßnahmen"),
        felder=("text",),
        reihenfolge=("teilziel__handlungsfeld__sortierung", "teilziel__nummer", "kennung", "pk"),
        basis=_massnahmen,
        eintrag=_massnahme,
        liste=_massnahmen_liste,
        suchen=_massnahmen_suchen,
    ),
    Art(
        schluessel="teilziele",
        titel=_("Teilziele"),
        felder=("text", "erlaeuterung"),
        reihenfolge=("handlungsfeld__sortierung", "nummer", "pk"),
        basis=lambda: Teilziel.objects.im_aktuellen_konzept().select_related("handlungsfeld"),
        eintrag=_teilziel,
    ),
    Art(
        schluessel="leitziele",
        titel=_("Leitziele"),
        felder=("text",),
        reihenfolge=("handlungsfeld__sortierung", "pk"),
        basis=lambda: Leitziel.objects.filter(
            im_aktuellen_konzept_q("handlungsfeld__konzept")
        ).select_related("handlungsfeld"),
        eintrag=_leitziel,
    ),
    Art(
        schluessel="handlungsfelder",
        titel=_("Handlungsfelder"),
        felder=("nummer", "titel", "einleitung"),
        reihenfolge=("sortierung", "pk"),
        basis=lambda: Handlungsfeld.objects.im_aktuellen_konzept(),
        eintrag=_handlungsfeld,
    ),
    Art(
        schluessel="akteure",
        titel=_("Akteure"),
        felder=(*AKTEUR_FELDER, "beschreibung"),
        reihenfolge=("name", "pk"),
        basis=_akteure,
        eintrag=_akteur,
    ),
    Art(
        schluessel="best_practice",
        titel=_("Best-Practice-Beispiele"),
        felder=("titel", "text"),
        reihenfolge=("handlungsfeld__sortierung", "sortierung", "pk"),
        basis=lambda: BestPracticeBeispiel.objects.im_aktuellen_konzept().select_related(
            "handlungsfeld"
        ),
        eintrag=_beispiel,
    ),
    Art(
        schluessel="indikatoren",
        titel=_("Indikatoren"),
        felder=("name", "kurzdefinition"),
        reihenfolge=("sortierung", "name", "pk"),
        basis=lambda: Indikator.objects.oeffentlich(),
        eintrag=_indikator,
    ),
)
ARTEN_NACH_SCHLUESSEL = {art.schluessel: art for art in ARTEN}

"""The whole concept with its state of carrying out, as plain data (JSON-ready).

Used by ``manage.py export_konzept`` and by the API. A fixed number of queries, whatever the
size of the concept: one per level (Konzept, Handlungsfelder, Teilziele, Maßnahmen,
Zuständigkeiten with their Akteur, Best-Practice-Beispiele) and one for the progress of the
whole tree (``measures.rollup.fortschritt_baum``), computed by the database, not Python loops.

Progress is rounded by ``measures.rollup.gerundet``; a Teilziel, Handlungsfeld or Konzept
without any counted Maßnahme (none, or all entfallen) has no value: null, as in the API.
"""

from django.db.models import Prefetch

from concept.models import BestPracticeBeispiel, Handlungsfeld, Konzept, Teilziel
from measures.models import Massnahme, Zustaendigkeit
from measures.rollup import fortschritt_baum, gerundet


def handlungsfelder_fuer_export(konzept):
    """Handlungsfelder of ``konzept`` with everything the export needs, prefetched."""
    # Federführende first, then the columns of the concept's tables: intern before extern.
    zustaendigkeiten = Zustaendigkeit.objects.select_related("akteur").order_by(
        "-federfuehrend", "-seite", "akteur__name"
    )
    massnahmen = Massnahme.objects.order_by("kennung").prefetch_related(
        Prefetch("zustaendigkeiten", queryset=zustaendigkeiten)
    )
    teilziele = Teilziel.objects.order_by("nummer").prefetch_related(
        Prefetch("massnahmen", queryset=massnahmen)
    )
    return (
        Handlungsfeld.objects.filter(konzept=konzept)
        .order_by("sortierung", "pk")
        .select_related("kapitel", "leitziel")
        .prefetch_related(
            Prefetch("teilziele", queryset=teilziele),
            Prefetch(
                "best_practice", queryset=BestPracticeBeispiel.objects.order_by("sortierung", "pk")
            ),
        )
    )


def _leitziel(hf):
    try:
        return hf.leitziel.text
    except Handlungsfeld.leitziel.RelatedObjectDoesNotExist:
        return None


def _massnahme(m):
    return {
        "kennung": m.kennung,
        "referenz": f"{m.teilziel.handlungsfeld.nummer} / {m.teilziel.nummer} {m.kennung}",
        "text": m.text,
        "status": m.status,
        "ampel": m.ampel,
        "fortschritt": m.fortschritt,
        "beginn": m.beginn.isoformat() if m.beginn else None,
        "zieldatum": m.zieldatum.isoformat() if m.zieldatum else None,
        "akteure": [
            {
                "name": z.akteur.name,
                "seite": z.seite,
                "federfuehrend": z.federfuehrend,
                "hinweis": z.hinweis,
            }
            for z in m.zustaendigkeiten.all()
        ],
    }


def handlungsfeld_daten(hf, fortschritt):
    """One Handlungsfeld of the export; ``fortschritt``: the ``rollup.Fortschritt`` tree."""
    # The prefetched Teilziele know their Handlungsfeld without another query.
    teilziele = []
    for tz in hf.teilziele.all():
        tz.handlungsfeld = hf
        massnahmen = []
        for m in tz.massnahmen.all():
            m.teilziel = tz
            massnahmen.append(_massnahme(m))
        teilziele.append(
            {
                "nummer": tz.nummer,
                "text": tz.text,
                "erlaeuterung": tz.erlaeuterung,
                "fortschritt": gerundet(fortschritt.teilziele.get(tz.pk)),
                "massnahmen": massnahmen,
            }
        )
    return {
        "nummer": hf.nummer,
        "titel": hf.titel,
        "kapitel": f"{hf.kapitel.nummer} {hf.kapitel.titel}",
        "schwerpunktthema": hf.schwerpunktthema,
        "fortschritt": gerundet(fortschritt.handlungsfelder.get(hf.pk)),
        "leitziel": _leitziel(hf),
        "teilziele": teilziele,
        "best_practice": [{"titel": bp.titel, "text": bp.text} for bp in hf.best_practice.all()],
    }


def konzept_export(konzept=None):
    """The whole concept as a dict; None when no Konzept has been loaded."""
    if konzept is None:
        konzept = Konzept.objects.aktuell()
        if konzept is None:
            return None
    fortschritt = fortschritt_baum(konzept=konzept)
    return {
        "konzept": {
            "titel": konzept.titel,
            "kurztitel": konzept.kurztitel,
            "beschluss": konzept.beschluss,
            "beschlossen_am": konzept.beschlossen_am.isoformat(),
            "fortschritt": gerundet(fortschritt.konzepte.get(konzept.pk)),
        },
        "handlungsfelder": [
            handlungsfeld_daten(hf, fortschritt) for hf in handlungsfelder_fuer_export(konzept)
        ],
    }

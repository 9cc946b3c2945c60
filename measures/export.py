"""The whole concept with its state of carrying out, as plain data (JSON-ready).

Used by ``manage.py export_konzept`` and by the API. A fixed number of queries, whatever the
size of the concept: one per level (Konzept, Handlungsfelder, Teilziele, Maßnahmen,
Zuständigkeiten with their Akteur, Best-Practice-Beispiele) and one for the progress of the
whole tree (``measures.rollup.fortschritt_baum``), computed by the database, not Python loops.

Progress is rounded by ``measures.rollup.gerundet``; a Teilziel, Handlungsfeld or Konzept
without any counted Maßnahme (none, or all entfallen) has no value: null, as in the API.

The open-data tables (``massnahmen_tabelle``, ``zustaendigkeiten_tabelle``: one row per Maßnahme
or Zuständigkeit, README „Offene Daten“) are flat rows of the same prefetched tree, so the
downloads, the zip and the export can never disagree about what a Maßnahme says.
"""

from django.db.models import Prefetch

from concept import lizenz
from concept.models import BestPracticeBeispiel, Handlungsfeld, Konzept, Teilziel
from measures.choices import Ampel, Seite, Status
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
        "lizenz": lizenz.lizenz_json(),
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


# --- Flat tables for open data (CSV, XLSX) ---------------------------------------------------

MASSNAHMEN_SPALTEN = [
    "referenz",
    "kennung",
    "handlungsfeld_nummer",
    "handlungsfeld",
    "teilziel_nummer",
    "teilziel",
    "massnahme",
    "status",
    "status_bezeichnung",
    "ampel",
    "ampel_bezeichnung",
    "fortschritt",
    "beginn",
    "zieldatum",
    "federfuehrend",
    "akteure",
]

ZUSTAENDIGKEITEN_SPALTEN = [
    "massnahme_referenz",
    "massnahme_kennung",
    "akteur",
    "akteur_kennung",
    "seite",
    "federfuehrend",
    "hinweis",
]

# Several Akteure in one cell: a separator that no Akteur name contains (names have commas).
AKTEURE_TRENNER = "; "


def massnahmen_des_konzepts(konzept=None):
    """Every Maßnahme of ``konzept`` (default: the current one) in the concept's order, with its
    Teilziel, Handlungsfeld and Zuständigkeiten loaded: the input of both tables below, so that
    a caller writing both (the zip) reads the tree once."""
    konzept = konzept or Konzept.objects.aktuell()
    if konzept is None:
        return []
    massnahmen = []
    for hf in handlungsfelder_fuer_export(konzept):
        for tz in hf.teilziele.all():
            tz.handlungsfeld = hf
            for m in tz.massnahmen.all():
                m.teilziel = tz
                massnahmen.append(m)
    return massnahmen


def massnahmen_tabelle(massnahmen=None):
    """``(header, rows)``: one row per Maßnahme of the current Konzept (public fields only).

    Dates are ``date`` objects (ISO in CSV, real dates in XLSX); status and Ampel come as the
    API's code and as the German word.
    """
    zeilen = []
    for m in massnahmen_des_konzepts() if massnahmen is None else massnahmen:
        zustaendig = list(m.zustaendigkeiten.all())
        tz, hf = m.teilziel, m.teilziel.handlungsfeld
        zeilen.append(
            [
                m.referenz,
                m.oeffentliche_kennung,
                hf.nummer,
                hf.titel,
                tz.nummer,
                tz.text,
                m.text,
                m.status,
                str(Status(m.status).label),
                m.ampel,
                str(Ampel(m.ampel).label),
                m.fortschritt,
                m.beginn,
                m.zieldatum,
                AKTEURE_TRENNER.join(z.akteur.name for z in zustaendig if z.federfuehrend),
                AKTEURE_TRENNER.join(z.akteur.name for z in zustaendig),
            ]
        )
    return MASSNAHMEN_SPALTEN, zeilen


def zustaendigkeiten_tabelle(massnahmen=None):
    """``(header, rows)``: one row per Zuständigkeit (Akteur of a Maßnahme) of the current
    Konzept; ``seite`` is ``intern``/``extern`` (verwaltungsintern/-extern)."""
    zeilen = []
    for m in massnahmen_des_konzepts() if massnahmen is None else massnahmen:
        for z in m.zustaendigkeiten.all():
            zeilen.append(
                [
                    m.referenz,
                    m.oeffentliche_kennung,
                    z.akteur.name,
                    z.akteur.slug,
                    Seite(z.seite).value,
                    z.federfuehrend,
                    z.hinweis,
                ]
            )
    return ZUSTAENDIGKEITEN_SPALTEN, zeilen

"""Creating Dimensionen and Indikatoren from their JSON description.

One format for ``fixtures/monitoring/*.json`` (``load_monitoring``) and the JSON download (so a
download can be imported into an empty database). Only what is missing is created: an existing
Indikator keeps the metadata staff gave it; links to Handlungsfelder and Teilziele are added,
never removed. Handlungsfelder are found by number in the 2020 concept (or the newest one).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from concept.models import Handlungsfeld, Konzept, Teilziel
from measures.models import Akteur
from monitoring.formatierung import zahl_maschinell
from monitoring.models import Auspraegung, Dimension, Indikator, Zielwert, kennung_pruefen

BESCHLUSS = "2020/BV/0974"
# Datenlage (issue 18): kind, starter-catalogue mark, availability, rhythm, due date, threshold.
DATENLAGE_FELDER = (
    "art",
    "vorschlag",
    "kommunal_verfuegbar",
    "rhythmus",
    "naechste_lieferung",
    "mindestfallzahl",
)
ZIELJAHR_OHNE_ANGABE = 2030
INDIKATOR_FELDER = [
    "name",
    "kurzdefinition",
    "methode",
    "einheit",
    "einheit_bezeichnung",
    "nachkommastellen",
    "datenquelle",
    *DATENLAGE_FELDER,
    "richtung",
    "oeffentlich",
    "hinweise",
    "sortierung",
]


def dimensionen_anlegen(daten):
    """Create missing Dimensionen and Ausprägungen (with their given slugs); returns new ones."""
    neu = []
    for eintrag in daten:
        dimension, angelegt = Dimension.objects.get_or_create(
            slug=eintrag["slug"],
            defaults={
                "name": eintrag.get("name") or eintrag["slug"],
                "beschreibung": eintrag.get("beschreibung", ""),
                "sortierung": eintrag.get("sortierung", 0),
            },
        )
        if angelegt:
            neu.append(dimension)
        for n, aus in enumerate(eintrag.get("auspraegungen", [])):
            Auspraegung.objects.get_or_create(
                dimension=dimension,
                slug=aus["slug"],
                defaults={"name": aus["name"], "sortierung": aus.get("sortierung", n)},
            )
    return neu


def _konzept():
    return Konzept.objects.filter(beschluss=BESCHLUSS).first() or Konzept.objects.aktuell()


def indikatoren_anlegen(daten):
    """Create missing Indikatoren, add missing links; returns ``(new ones, warnings)``."""
    warnungen = []
    konzept = _konzept()
    if konzept is None and any(e.get("handlungsfelder") or e.get("teilziele") for e in daten):
        warnungen.append(
            "Kein Konzept geladen: Indikatoren werden ohne Handlungsfelder angelegt. "
            "Nach `manage.py load_konzept` erneut `manage.py load_monitoring` ausführen."
        )
    handlungsfelder = (
        {hf.nummer: hf for hf in Handlungsfeld.objects.filter(konzept=konzept)} if konzept else {}
    )
    teilziele = (
        {
            tz.kennung: tz
            for tz in Teilziel.objects.filter(handlungsfeld__konzept=konzept).select_related(
                "handlungsfeld"
            )
        }
        if konzept
        else {}
    )
    neu = []
    for eintrag in daten:
        kennung_pruefen(eintrag["kennung"])
        werte = {feld: eintrag[feld] for feld in INDIKATOR_FELDER if eintrag.get(feld) is not None}
        for feld in werte.keys() & set(DATENLAGE_FELDER):
            # A JSON upload carries these too: a wrong choice or type is refused, not stored.
            werte[feld] = Indikator._meta.get_field(feld).clean(werte[feld], None)
        verantwortlich = _akteur(eintrag.get("verantwortlich"), warnungen)
        indikator, angelegt = Indikator.objects.get_or_create(
            kennung=eintrag["kennung"], defaults={**werte, "verantwortlich": verantwortlich}
        )
        if angelegt:
            neu.append(indikator)
            warnungen += ziele_anlegen(indikator, _ziele_aus(eintrag))
        elif indikator.verantwortlich is None and verantwortlich is not None:
            # The Akteure may have been loaded after the first run.
            indikator.verantwortlich = verantwortlich
            indikator.save(update_fields=["verantwortlich"])
        if konzept is None:
            continue
        for nummer in eintrag.get("handlungsfelder", []):
            if nummer in handlungsfelder:
                indikator.handlungsfelder.add(handlungsfelder[nummer])
            else:
                warnungen.append(f"{indikator.kennung}: Handlungsfeld {nummer} nicht gefunden.")
        for kennung in eintrag.get("teilziele", []):
            if kennung in teilziele:
                indikator.teilziele.add(teilziele[kennung])
            else:
                warnungen.append(f"{indikator.kennung}: Teilziel {kennung} nicht gefunden.")
    return neu, warnungen


def _ziele_aus(eintrag):
    """``[(jahr, wert)]`` of an entry: the list ``ziele``, or the ``zielwert``/``zieljahr`` of a
    download made before targets per year (no year: 2030, as migration 0005 decided)."""
    if eintrag.get("ziele"):
        return [(z["jahr"], z["wert"]) for z in eintrag["ziele"]]
    if eintrag.get("zielwert") is not None:
        return [(eintrag.get("zieljahr") or ZIELJAHR_OHNE_ANGABE, eintrag["zielwert"])]
    return []


def ziele_anlegen(indikator, ziele):
    """Create the Zielwerte of a new indicator, checked as in the admin; returns warnings."""
    warnungen = []
    for jahr, wert in ziele:
        try:
            ziel = Zielwert(indikator=indikator, jahr=jahr, wert=Decimal(str(wert)))
            ziel.full_clean()
        except InvalidOperation:
            warnungen.append(f"{indikator.kennung}: Zielwert {jahr} ist keine Zahl: {wert}")
            continue
        except ValidationError as fehler:
            warnungen.append(
                f"{indikator.kennung}: Zielwert {jahr} nicht angelegt – {' '.join(fehler.messages)}"
            )
            continue
        ziel.save()
    return warnungen


def _akteur(name, warnungen):
    if not name:
        return None
    akteur = (
        Akteur.objects.filter(name=name).first() or Akteur.objects.filter(kurzname=name).first()
    )
    if akteur is None:
        warnungen.append(f"Akteur „{name}“ nicht gefunden: Indikator ohne Verantwortliche.")
    return akteur


def beschreibung(indikator):
    """The JSON description of an Indikator (handlungsfelder/teilziele/ziele prefetched)."""
    return {
        "kennung": indikator.kennung,
        "name": indikator.name,
        "kurzdefinition": indikator.kurzdefinition,
        "methode": indikator.methode,
        "einheit": indikator.einheit,
        "einheit_bezeichnung": indikator.einheit_bezeichnung,
        "nachkommastellen": indikator.nachkommastellen,
        "datenquelle": indikator.datenquelle,
        "verantwortlich": indikator.verantwortlich.name if indikator.verantwortlich else None,
        "art": indikator.art,
        "vorschlag": indikator.vorschlag,
        "kommunal_verfuegbar": indikator.kommunal_verfuegbar,
        "rhythmus": indikator.rhythmus,
        "naechste_lieferung": (
            indikator.naechste_lieferung.isoformat() if indikator.naechste_lieferung else None
        ),
        "mindestfallzahl": indikator.mindestfallzahl,
        "handlungsfelder": [hf.nummer for hf in indikator.handlungsfelder.all()],
        "teilziele": [tz.kennung for tz in indikator.teilziele.all()],
        "richtung": indikator.richtung,
        "ziele": [{"jahr": z.jahr, "wert": zahl_maschinell(z.wert)} for z in indikator.ziele.all()],
        "oeffentlich": indikator.oeffentlich,
        "hinweise": indikator.hinweise,
        "sortierung": indikator.sortierung,
    }


def dimensionen_beschreibung(dimensionen):
    """The JSON description of Dimensionen with their Ausprägungen (prefetched)."""
    return [
        {
            "slug": d.slug,
            "name": d.name,
            "beschreibung": d.beschreibung,
            "sortierung": d.sortierung,
            "auspraegungen": [
                {"name": a.name, "slug": a.slug, "sortierung": a.sortierung}
                for a in d.auspraegungen.all()
            ],
        }
        for d in dimensionen
    ]

"""Loading the adopted plan from ``fixtures/konzept``: Konzept, Kapitel, Handlungsfelder,
Leitziele, Teilziele, Best-Practice-Beispiele and the Handlungsfelder's cross references.

Reading checks every file first and writes nothing; writing then matches rows by their natural
keys (Beschluss; Kapitel/Handlungsfeld number; Teilziel number; best-practice title), so that a
second load changes nothing. The adopted wording is a council decision: when a fixture changes
it, the row is updated and its history records the change with a reason.

Maßnahmen, Akteure and Zuständigkeiten are loaded by ``measures.loading``, which calls this
module; this module knows nothing of them (dependencies point measures → concept).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from concept.models import BestPracticeBeispiel, Handlungsfeld, Kapitel, Konzept, Leitziel, Teilziel

GRUND_ANGELEGT = "Aus dem Konzept geladen (load_konzept, %(datei)s)"
GRUND_WORTLAUT = "Wortlaut aus %(datei)s übernommen (load_konzept)"


class FixtureFehler(Exception):
    """The fixture files are not valid; ``fehler`` lists every problem (file and record)."""

    def __init__(self, fehler):
        self.fehler = list(fehler)
        super().__init__("\n".join(self.fehler))


def anzeigepfad(datei):
    """The path as a reader of the error finds it: relative to the project where possible."""
    datei = Path(datei)
    try:
        return str(datei.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(datei)


class Fehlerliste(list):
    def melde(self, datei, ort, text):
        stelle = anzeigepfad(datei) + (f", {ort}" if ort else "")
        self.append(f"{stelle}: {text}")


@dataclass
class Zaehler:
    """What a load did, per kind of row: angelegt (created), geändert, unverändert."""

    werte: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    hinweise: list = field(default_factory=list)
    dauer: float = 0.0

    def angelegt(self, art):
        self.werte[art][0] += 1

    def geaendert(self, art):
        self.werte[art][1] += 1

    def unveraendert(self, art):
        self.werte[art][2] += 1

    def zaehle(self, art, neu, geaendert):
        if neu:
            self.angelegt(art)
        elif geaendert:
            self.geaendert(art)
        else:
            self.unveraendert(art)

    def zeilen(self):
        breite = max((len(art) for art in self.werte), default=0)
        for art, (neu, geaendert, gleich) in self.werte.items():
            yield _("%(art)s  angelegt %(neu)d, geändert %(geaendert)d, unverändert %(gleich)d") % {
                "art": art.ljust(breite),
                "neu": neu,
                "geaendert": geaendert,
                "gleich": gleich,
            }


@dataclass
class KonzeptDaten:
    """The checked content of konzept.json and handlungsfelder/*.json."""

    pfad: Path
    konzept: dict
    kapitel: list
    handlungsfelder: list  # dicts in concept order, each with "_datei"

    def handlungsfeld_nummern(self):
        return {hf["nummer"] for hf in self.handlungsfelder}


# --- reading and checking -------------------------------------------------------------------


def lies_json(datei, fehler):
    try:
        with open(datei, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        fehler.melde(datei, "", _("Datei fehlt."))
    except json.JSONDecodeError as e:
        fehler.melde(
            datei,
            "",
            _("kein gültiges JSON (Zeile %(zeile)d, Spalte %(spalte)d: %(meldung)s).")
            % {"zeile": e.lineno, "spalte": e.colno, "meldung": e.msg},
        )
    return None


def nur_objekte(eintraege, datei, ort, fehler):
    """The entries of a list that are JSON objects; anything else is reported."""
    if eintraege is None:
        return []
    if not isinstance(eintraege, list):
        fehler.melde(datei, ort, _("erwartet eine Liste."))
        return []
    objekte = []
    for i, eintrag in enumerate(eintraege, start=1):
        if isinstance(eintrag, dict):
            objekte.append(eintrag)
        else:
            fehler.melde(datei, ort, _("Eintrag %(nr)d ist kein Objekt.") % {"nr": i})
    return objekte


def _text(wert):
    return isinstance(wert, str) and wert.strip() != ""


def _pruefe_pflichttext(datensatz, schluessel, datei, ort, fehler):
    if not _text(datensatz.get(schluessel)):
        fehler.melde(datei, ort, _("„%(feld)s“ fehlt oder ist leer.") % {"feld": schluessel})
        return False
    return True


def lies_konzept(pfad, fehler):
    """Read and check konzept.json and every handlungsfelder/N.json; problems go to ``fehler``.

    Returns the data (possibly incomplete when ``fehler`` is not empty).
    """
    pfad = Path(pfad)
    datei = pfad / "konzept.json"
    roh = lies_json(datei, fehler)
    if not isinstance(roh, dict):
        if roh is not None:
            fehler.melde(
                datei, "", _("erwartet ein Objekt mit „konzept“, „kapitel“, „handlungsfelder“.")
            )
        return KonzeptDaten(pfad, {}, [], [])

    konzept = roh.get("konzept") or {}
    for schluessel in ("titel", "beschluss", "beschlossen_am"):
        _pruefe_pflichttext(konzept, schluessel, datei, "konzept", fehler)
    if _text(konzept.get("beschlossen_am")):
        try:
            date.fromisoformat(konzept["beschlossen_am"])
        except ValueError:
            fehler.melde(
                datei,
                "konzept",
                _("„beschlossen_am“ ist kein Datum (JJJJ-MM-TT): %(wert)s")
                % {"wert": konzept["beschlossen_am"]},
            )

    kapitel = nur_objekte(roh.get("kapitel"), datei, "kapitel", fehler)
    kapitel_nummern = set()
    for i, kap in enumerate(kapitel, start=1):
        ort = _("Kapitel %(nr)s") % {"nr": kap.get("nummer") or f"#{i}"}
        if not _pruefe_pflichttext(kap, "nummer", datei, ort, fehler):
            continue
        _pruefe_pflichttext(kap, "titel", datei, ort, fehler)
        if kap["nummer"] in kapitel_nummern:
            fehler.melde(datei, ort, _("Kapitelnummer doppelt."))
        eltern = kap.get("eltern")
        if eltern is not None and eltern not in kapitel_nummern:
            fehler.melde(
                datei,
                ort,
                _("übergeordnetes Kapitel „%(eltern)s“ ist nicht vorher aufgeführt.")
                % {"eltern": eltern},
            )
        kapitel_nummern.add(kap["nummer"])

    reihenfolge = roh.get("handlungsfelder") or []
    doppelt = {n for n in reihenfolge if reihenfolge.count(n) > 1}
    for nummer in sorted(doppelt):
        fehler.melde(
            datei,
            "handlungsfelder",
            _("Handlungsfeld %(nr)s ist doppelt aufgeführt.") % {"nr": nummer},
        )

    hf_dir = pfad / "handlungsfelder"
    vorhanden = {p.stem for p in hf_dir.glob("*.json")} if hf_dir.is_dir() else set()
    for nummer in sorted(vorhanden - set(reihenfolge)):
        fehler.melde(
            hf_dir / f"{nummer}.json",
            "",
            _("Handlungsfeld fehlt in der Reihenfolge „handlungsfelder“ von konzept.json."),
        )

    handlungsfelder = []
    for nummer in dict.fromkeys(reihenfolge):
        hf_datei = hf_dir / f"{nummer}.json"
        hf = lies_json(hf_datei, fehler)
        if hf is None:
            continue
        if _pruefe_handlungsfeld(hf, hf_datei, nummer, kapitel_nummern, fehler):
            hf["_datei"] = hf_datei
            handlungsfelder.append(hf)

    bekannt = set(reihenfolge)
    for hf in handlungsfelder:
        for verweis in hf.get("verweise") or []:
            if verweis not in bekannt:
                fehler.melde(
                    hf["_datei"],
                    "verweise",
                    _("Verweis auf %(nr)s: kein Handlungsfeld dieses Konzepts.") % {"nr": verweis},
                )
    return KonzeptDaten(pfad, konzept, kapitel, handlungsfelder)


def _pruefe_handlungsfeld(hf, datei, nummer, kapitel_nummern, fehler):
    if not isinstance(hf, dict):
        fehler.melde(datei, "", _("erwartet ein Objekt."))
        return False
    if hf.get("nummer") != nummer:
        fehler.melde(
            datei,
            "",
            _("„nummer“ ist „%(ist)s“, der Dateiname sagt „%(soll)s“.")
            % {"ist": hf.get("nummer"), "soll": nummer},
        )
        return False
    _pruefe_pflichttext(hf, "titel", datei, "", fehler)
    if hf.get("kapitel") not in kapitel_nummern:
        fehler.melde(
            datei,
            "",
            _("unbekanntes Kapitel „%(kap)s“ (nicht in konzept.json).")
            % {"kap": hf.get("kapitel")},
        )
    teilziele = nur_objekte(hf.get("teilziele"), datei, "teilziele", fehler)
    hf["teilziele"] = teilziele
    leitziel = hf.get("leitziel")
    if leitziel is not None and not _text(leitziel):
        fehler.melde(datei, "leitziel", _("Leitziel ist leer (ohne Ziele: null)."))
    if teilziele and leitziel is None:
        fehler.melde(datei, "leitziel", _("Teilziele ohne Leitziel."))
    gesehen = set()
    for i, tz in enumerate(teilziele, start=1):
        tz_nr = tz.get("nummer")
        ort = _("Teilziel %(nr)s") % {"nr": tz_nr if tz_nr is not None else f"#{i}"}
        if not isinstance(tz_nr, int) or isinstance(tz_nr, bool) or tz_nr < 1:
            fehler.melde(datei, ort, _("„nummer“ muss eine ganze Zahl ab 1 sein."))
        elif tz_nr in gesehen:
            fehler.melde(datei, ort, _("Teilziel-Nummer doppelt."))
        gesehen.add(tz_nr)
        _pruefe_pflichttext(tz, "text", datei, ort, fehler)
        if not isinstance(tz.get("erlaeuterung", ""), str):
            fehler.melde(datei, ort, _("„erlaeuterung“ muss Text sein."))
    titel = set()
    hf["best_practice"] = nur_objekte(hf.get("best_practice"), datei, "best_practice", fehler)
    for i, bp in enumerate(hf["best_practice"], start=1):
        ort = _("Best-Practice-Beispiel %(nr)d") % {"nr": i}
        if _pruefe_pflichttext(bp, "titel", datei, ort, fehler):
            if bp["titel"] in titel:
                fehler.melde(datei, ort, _("Titel doppelt: %(titel)s") % {"titel": bp["titel"]})
            titel.add(bp["titel"])
        _pruefe_pflichttext(bp, "text", datei, ort, fehler)
    return True


# --- writing ---------------------------------------------------------------------------------


def abgleichen(obj, werte):
    """Set the attributes that differ; return whether anything changed."""
    geaendert = False
    for name, wert in werte.items():
        if getattr(obj, name) != wert:
            setattr(obj, name, wert)
            geaendert = True
    return geaendert


def speichere_mit_grund(obj, grund):
    """Save so that django-simple-history records ``grund`` as the change reason."""
    obj._change_reason = grund
    obj.save()


@dataclass
class Plan:
    """The written rows, by natural key, for measures.loading to hang Maßnahmen on."""

    konzept: Konzept
    handlungsfelder: dict  # nummer -> Handlungsfeld
    teilziele: dict  # (handlungsfeld nummer, teilziel nummer) -> Teilziel


def schreibe_konzept(daten, zaehler):
    """Write the checked concept; call inside a transaction."""
    k = daten.konzept
    konzept = Konzept.objects.filter(beschluss=k["beschluss"]).first()
    werte = {
        "titel": k["titel"],
        "kurztitel": k.get("kurztitel", ""),
        "beschlossen_am": date.fromisoformat(k["beschlossen_am"]),
        "einleitung": k.get("einleitung", ""),
    }
    neu = konzept is None
    if neu:
        konzept = Konzept(beschluss=k["beschluss"])
    geaendert = abgleichen(konzept, werte)
    if neu or geaendert:
        konzept.save()
    zaehler.zaehle(_("Konzept"), neu, geaendert)

    kapitel = _schreibe_kapitel(konzept, daten.kapitel, zaehler)
    handlungsfelder = _schreibe_handlungsfelder(konzept, daten, kapitel, zaehler)
    teilziele = _schreibe_ziele(daten, handlungsfelder, zaehler)
    _schreibe_best_practice(daten, handlungsfelder, zaehler)
    _schreibe_verweise(daten, handlungsfelder, zaehler)
    return Plan(konzept, handlungsfelder, teilziele)


def _schreibe_kapitel(konzept, eintraege, zaehler):
    vorhanden = {kap.nummer: kap for kap in konzept.kapitel.all()}
    for sortierung, eintrag in enumerate(eintraege):
        kap = vorhanden.get(eintrag["nummer"])
        neu = kap is None
        if neu:
            kap = vorhanden[eintrag["nummer"]] = Kapitel(konzept=konzept, nummer=eintrag["nummer"])
        eltern = vorhanden[eintrag["eltern"]] if eintrag.get("eltern") else None
        geaendert = abgleichen(
            kap,
            {
                "titel": eintrag["titel"],
                "einleitung": eintrag.get("einleitung", ""),
                "sortierung": sortierung,
                "eltern_id": eltern.pk if eltern else None,
            },
        )
        if neu or geaendert:
            kap.save()
        zaehler.zaehle(_("Kapitel"), neu, geaendert)
    return vorhanden


def _schreibe_handlungsfelder(konzept, daten, kapitel, zaehler):
    vorhanden = {hf.nummer: hf for hf in konzept.handlungsfelder.all()}
    for nummer in sorted(set(vorhanden) - daten.handlungsfeld_nummern()):
        zaehler.hinweise.append(
            _("Handlungsfeld %(nr)s steht nicht mehr in den Fixtures; es bleibt unverändert.")
            % {"nr": nummer}
        )
    for sortierung, eintrag in enumerate(daten.handlungsfelder):
        hf = vorhanden.get(eintrag["nummer"])
        neu = hf is None
        if neu:
            hf = vorhanden[eintrag["nummer"]] = Handlungsfeld(
                konzept=konzept, nummer=eintrag["nummer"]
            )
        geaendert = abgleichen(
            hf,
            {
                "titel": eintrag["titel"],
                "kapitel_id": kapitel[eintrag["kapitel"]].pk,
                "einleitung": eintrag.get("einleitung", ""),
                "schwerpunktthema": bool(eintrag.get("schwerpunktthema", False)),
                "sortierung": sortierung,
            },
        )
        if neu or geaendert:
            hf.save()
        zaehler.zaehle(_("Handlungsfelder"), neu, geaendert)
    return vorhanden


def _schreibe_ziele(daten, handlungsfelder, zaehler):
    hf_ids = [hf.pk for hf in handlungsfelder.values()]
    leitziele = {
        lz.handlungsfeld_id: lz for lz in Leitziel.objects.filter(handlungsfeld__in=hf_ids)
    }
    teilziele = {
        (tz.handlungsfeld_id, tz.nummer): tz
        for tz in Teilziel.objects.filter(handlungsfeld__in=hf_ids)
    }
    ergebnis = {}
    for eintrag in daten.handlungsfelder:
        hf = handlungsfelder[eintrag["nummer"]]
        datei = anzeigepfad(eintrag["_datei"])
        if eintrag.get("leitziel") is not None:
            _schreibe_wortlaut(
                leitziele.get(hf.pk) or Leitziel(handlungsfeld=hf),
                {"text": eintrag["leitziel"]},
                datei,
                _("Leitziele"),
                zaehler,
            )
        elif hf.pk in leitziele:
            zaehler.hinweise.append(
                _("%(nr)s: Die Fixtures haben kein Leitziel mehr; das vorhandene bleibt.")
                % {"nr": hf.nummer}
            )
        nummern = set()
        for tz_eintrag in eintrag.get("teilziele") or []:
            nummern.add(tz_eintrag["nummer"])
            tz = teilziele.get((hf.pk, tz_eintrag["nummer"])) or Teilziel(
                handlungsfeld=hf, nummer=tz_eintrag["nummer"]
            )
            wortlaut = {
                "text": tz_eintrag["text"],
                "erlaeuterung": tz_eintrag.get("erlaeuterung", ""),
            }
            _schreibe_wortlaut(tz, wortlaut, datei, _("Teilziele"), zaehler)
            ergebnis[(hf.nummer, tz.nummer)] = tz
        for (hf_id, nummer), tz in teilziele.items():
            if hf_id == hf.pk and nummer not in nummern:
                zaehler.hinweise.append(
                    _("Teilziel %(tz)s steht nicht mehr in den Fixtures; es bleibt unverändert.")
                    % {"tz": f"{hf.nummer} / {nummer}"}
                )
                ergebnis[(hf.nummer, nummer)] = tz
    return ergebnis


def _schreibe_wortlaut(obj, wortlaut, datei, art, zaehler):
    """Create or update a row whose fields are adopted wording, with a history reason."""
    neu = obj.pk is None
    geaendert = abgleichen(obj, wortlaut) and not neu
    if neu:
        speichere_mit_grund(obj, GRUND_ANGELEGT % {"datei": datei})
    elif geaendert:
        speichere_mit_grund(obj, GRUND_WORTLAUT % {"datei": datei})
    zaehler.zaehle(art, neu, geaendert)
    return obj


def _schreibe_best_practice(daten, handlungsfelder, zaehler):
    hf_ids = [hf.pk for hf in handlungsfelder.values()]
    vorhanden = {
        (bp.handlungsfeld_id, bp.titel): bp
        for bp in BestPracticeBeispiel.objects.filter(handlungsfeld__in=hf_ids)
    }
    for eintrag in daten.handlungsfelder:
        hf = handlungsfelder[eintrag["nummer"]]
        for sortierung, bp_eintrag in enumerate(eintrag.get("best_practice") or []):
            bp = vorhanden.get((hf.pk, bp_eintrag["titel"]))
            neu = bp is None
            if neu:
                bp = BestPracticeBeispiel(handlungsfeld=hf, titel=bp_eintrag["titel"])
            geaendert = abgleichen(bp, {"text": bp_eintrag["text"], "sortierung": sortierung})
            if neu or geaendert:
                bp.save()
            zaehler.zaehle(_("Best-Practice-Beispiele"), neu, geaendert)


def _schreibe_verweise(daten, handlungsfelder, zaehler):
    """Cross references follow the text: set exactly as the fixtures say."""
    durch = Handlungsfeld.verweise.through
    ist = defaultdict(set)
    for von, nach in durch.objects.filter(
        from_handlungsfeld__in=[hf.pk for hf in handlungsfelder.values()]
    ).values_list("from_handlungsfeld_id", "to_handlungsfeld_id"):
        ist[von].add(nach)
    for eintrag in daten.handlungsfelder:
        hf = handlungsfelder[eintrag["nummer"]]
        soll = {handlungsfelder[n].pk for n in eintrag.get("verweise") or []}
        neu = not ist[hf.pk]
        if soll != ist[hf.pk]:
            hf.verweise.set(soll)
            zaehler.zaehle(_("Verweise der Handlungsfelder"), neu, True)
        elif soll:
            zaehler.unveraendert(_("Verweise der Handlungsfelder"))

"""Loading the concept's Akteure, Maßnahmen and Zuständigkeiten from ``fixtures/konzept``.

``lade_konzept`` is the one entry point (used by ``manage.py load_konzept``): it reads and checks
every file, and only when all are valid writes everything in one transaction.

Rules of a reload (matching by natural keys, so that loading twice changes nothing):

- Wording (Leitziel, Teilziel, Maßnahme text) follows the fixtures; a change is saved with a
  history entry whose reason names the file.
- Staff own the state of carrying out: status, Ampel, progress, dates and internal notes of a
  Maßnahme are never touched.
- Zuständigkeiten are created only for Maßnahmen that this load creates. For an existing
  Maßnahme the Büro owns its Zuständigkeiten (added, removed, federführend changed in the
  admin); a reload leaves them exactly as they are.
- Akteure: name, Kurzname, Seite and Art follow akteure.json (an Akteur found under one of its
  ``aliase`` is renamed to the canonical name); description, URL slug and members are the Büro's.
  ``uebergeordnet`` (the parent's canonical name) is filled only where an Akteur has no parent
  yet: a parent the Büro set in the admin stays (fixtures/notes/hierarchie.md).
- Nothing is deleted: rows that the fixtures no longer contain stay and are reported.
"""

import re
import time
import unicodedata
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from concept.loading import (
    GRUND_ANGELEGT,
    GRUND_WORTLAUT,
    Fehlerliste,
    FixtureFehler,
    Zaehler,
    abgleichen,
    anzeigepfad,
    lies_json,
    lies_konzept,
    nur_objekte,
    schreibe_konzept,
    speichere_mit_grund,
)
from measures.choices import AkteurArt, Seite
from measures.locking import speichern
from measures.models import Akteur, Massnahme, Zustaendigkeit

__all__ = ["FixtureFehler", "lade_konzept", "vergleichsschluessel"]


def vergleichsschluessel(name):
    """A key under which spellings of one organisation meet.

    Mends the PDF's split umlauts ("f ür"), then ignores case, whitespace, hyphens, dots and
    bullets: "Hanse Jobcenter" = "Hanse-Jobcenter", "migra e. V." = "migra e.V.",
    "Personalent- wicklung" = "Personalentwicklung".
    """
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"(\w) ([äöüÄÖÜß])", r"\1\2", name)
    return re.sub(r"[\W_]+", "", name.casefold())


# --- reading and checking -------------------------------------------------------------------


def lies_akteure(datei, fehler):
    """Read and check akteure.json; returns {canonical name: record}."""
    roh = lies_json(datei, fehler)
    if roh is None:
        return {}
    if not isinstance(roh, list):
        fehler.melde(datei, "", _("erwartet eine Liste von Akteuren."))
        return {}
    akteure, schluessel = {}, {}
    arten, seiten = set(AkteurArt.values), set(Seite.values)
    for i, eintrag in enumerate(roh, start=1):
        name = eintrag.get("name") if isinstance(eintrag, dict) else None
        ort = _("Akteur %(name)s") % {"name": f"„{name}“" if name else f"#{i}"}
        if not isinstance(name, str) or not name.strip():
            fehler.melde(datei, ort, _("„name“ fehlt oder ist leer."))
            continue
        if name != name.strip() or "  " in name:
            fehler.melde(datei, ort, _("Name hat überzählige Leerzeichen."))
        if eintrag.get("seite") not in seiten:
            fehler.melde(
                datei,
                ort,
                _("„seite“ muss %(werte)s sein, nicht „%(wert)s“.")
                % {"werte": " oder ".join(sorted(seiten)), "wert": eintrag.get("seite")},
            )
        if eintrag.get("art") not in arten:
            fehler.melde(
                datei,
                ort,
                _("unbekannte „art“ „%(wert)s“ (erlaubt: %(werte)s).")
                % {"wert": eintrag.get("art"), "werte": ", ".join(AkteurArt.values)},
            )
        s = vergleichsschluessel(name)
        if s in schluessel:
            fehler.melde(
                datei,
                ort,
                _("derselbe Akteur wie „%(anderer)s“ (Name doppelt oder nur anders geschrieben).")
                % {"anderer": schluessel[s]},
            )
            continue
        schluessel[s] = name
        akteure[name] = eintrag
    _pruefe_hierarchie(datei, akteure, fehler)
    # An alias may not be another Akteur's name: a reader could not tell which one is meant.
    for name, eintrag in akteure.items():
        for alias in eintrag.get("aliase") or []:
            anderer = schluessel.get(vergleichsschluessel(alias))
            if anderer is not None and anderer != name:
                fehler.melde(
                    datei,
                    _("Akteur „%(name)s“") % {"name": name},
                    _("Alias „%(alias)s“ ist der Name des Akteurs „%(anderer)s“.")
                    % {"alias": alias, "anderer": anderer},
                )
    return akteure


def _pruefe_hierarchie(datei, akteure, fehler):
    """``uebergeordnet`` names another Akteur of the file, and following it ends (no cycle)."""
    for name, eintrag in akteure.items():
        eltern = eintrag.get("uebergeordnet")
        if eltern is None:
            continue
        ort = _("Akteur „%(name)s“") % {"name": name}
        if eltern not in akteure or eltern == name:
            fehler.melde(
                datei,
                ort,
                _("„uebergeordnet“ „%(wert)s“ ist kein anderer Akteur der Datei.")
                % {"wert": eltern},
            )
            continue
        gesehen, aktuell = {name}, eltern
        while aktuell is not None and aktuell in akteure:
            if aktuell in gesehen:
                fehler.melde(datei, ort, _("„uebergeordnet“ führt im Kreis."))
                break
            gesehen.add(aktuell)
            aktuell = akteure[aktuell].get("uebergeordnet")


def pruefe_massnahmen(daten, akteure, fehler):
    """Check Maßnahmen and Zuständigkeiten of every Handlungsfeld against akteure.json."""
    aliase = {
        alias: name for name, eintrag in akteure.items() for alias in eintrag.get("aliase") or []
    }
    bekannt = daten.handlungsfeld_nummern()
    seiten = set(Seite.values)
    for hf in daten.handlungsfelder:
        datei = hf["_datei"]
        for tz in hf.get("teilziele") or []:
            kennungen = set()
            tz["massnahmen"] = nur_objekte(
                tz.get("massnahmen"), datei, _("Teilziel %(nr)s") % {"nr": tz.get("nummer")}, fehler
            )
            for i, m in enumerate(tz["massnahmen"], start=1):
                kennung = m.get("kennung")
                ort = _("Teilziel %(tz)s, Maßnahme %(m)s") % {
                    "tz": tz.get("nummer"),
                    "m": kennung or f"#{i}",
                }
                if not isinstance(kennung, str) or not re.fullmatch(r"[a-z]{1,5}", kennung):
                    fehler.melde(datei, ort, _("„kennung“ muss ein Kleinbuchstabe sein (a, b, …)."))
                elif kennung in kennungen:
                    fehler.melde(datei, ort, _("Kennung doppelt."))
                kennungen.add(kennung)
                if not isinstance(m.get("text"), str) or not m["text"].strip():
                    fehler.melde(datei, ort, _("„text“ fehlt oder ist leer."))
                for verweis in m.get("verweise") or []:
                    if verweis not in bekannt:
                        fehler.melde(
                            datei,
                            ort,
                            _("Verweis auf %(nr)s: kein Handlungsfeld dieses Konzepts.")
                            % {"nr": verweis},
                        )
                _pruefe_zustaendigkeiten(m, akteure, aliase, seiten, datei, ort, fehler)


def _pruefe_zustaendigkeiten(massnahme, akteure, aliase, seiten, datei, ort, fehler):
    gesehen = set()
    massnahme["zustaendigkeiten"] = nur_objekte(
        massnahme.get("zustaendigkeiten"), datei, ort, fehler
    )
    for z in massnahme["zustaendigkeiten"]:
        name = z.get("akteur")
        z_ort = _("%(ort)s, Zuständigkeit „%(name)s“") % {"ort": ort, "name": name}
        if name not in akteure and akteure:  # without akteure.json that error says enough
            if name in aliase:
                text = _(
                    "„%(name)s“ ist eine andere Schreibweise; bitte „%(kanonisch)s“ verwenden."
                )
                fehler.melde(datei, z_ort, text % {"name": name, "kanonisch": aliase[name]})
            else:
                fehler.melde(datei, z_ort, _("Akteur fehlt in akteure.json."))
        if z.get("seite") not in seiten:
            fehler.melde(
                datei,
                z_ort,
                _("„seite“ muss intern oder extern sein, nicht „%(wert)s“.")
                % {"wert": z.get("seite")},
            )
        if not isinstance(z.get("federfuehrend", False), bool):
            fehler.melde(datei, z_ort, _("„federfuehrend“ muss true oder false sein."))
        if name in gesehen:
            fehler.melde(datei, z_ort, _("Akteur ist für diese Maßnahme doppelt eingetragen."))
        gesehen.add(name)


# --- writing ---------------------------------------------------------------------------------


def _slug(name, vergeben):
    """A readable, unique URL slug ("Büro für Integration" → "buero-fuer-integration")."""
    umschrift = name.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    umschrift = umschrift.translate(str.maketrans({"Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}))
    basis = slugify(umschrift)[:110].strip("-") or "akteur"
    slug, n = basis, 2
    while slug in vergeben:
        slug, n = f"{basis}-{n}", n + 1
    vergeben.add(slug)
    return slug


def schreibe_akteure(akteure, zaehler):
    """Create or align the Akteure; returns {canonical name: Akteur}."""
    vorhanden = {a.name: a for a in Akteur.objects.all()}
    slugs = {a.slug for a in vorhanden.values()}
    ergebnis = {}
    for name, eintrag in akteure.items():
        akteur = vorhanden.get(name)
        if akteur is None:
            # A renamed Akteur keeps its row (members, history) when the old name is an alias.
            akteur = next(
                (vorhanden[a] for a in eintrag.get("aliase") or [] if a in vorhanden), None
            )
        neu = akteur is None
        if neu:
            akteur = Akteur(slug=_slug(name, slugs))
        geaendert = abgleichen(
            akteur,
            {
                "name": name,
                "kurzname": eintrag.get("kurzname") or "",
                "seite": eintrag["seite"],
                "art": eintrag["art"],
            },
        )
        if neu or geaendert:
            speichere_mit_grund(akteur, _("akteure.json (load_konzept)"))
        zaehler.zaehle(_("Akteure"), neu, geaendert)
        ergebnis[name] = akteur
    _schreibe_hierarchie(akteure, ergebnis)
    return ergebnis


def _schreibe_hierarchie(akteure, ergebnis):
    # Only where no parent is set: the Büro may move a unit in the admin, a reload keeps that.
    for name, eintrag in akteure.items():
        eltern = eintrag.get("uebergeordnet")
        akteur = ergebnis[name]
        if eltern and akteur.uebergeordnet_id is None:
            akteur.uebergeordnet = ergebnis[eltern]
            speichere_mit_grund(akteur, _("akteure.json (load_konzept): übergeordneter Akteur"))


def schreibe_massnahmen(daten, plan, akteure, zaehler):
    zaehler.werte[_("Maßnahmen")]  # report Maßnahmen before their Zuständigkeiten
    vorhanden = {
        (m.teilziel_id, m.kennung): m
        for m in Massnahme.objects.filter(teilziel__handlungsfeld__konzept=plan.konzept)
        .order_by()
        .prefetch_related("verweise")
    }
    gesehen = set()
    for hf in daten.handlungsfelder:
        datei = anzeigepfad(hf["_datei"])
        for tz_eintrag in hf.get("teilziele") or []:
            tz = plan.teilziele[(hf["nummer"], tz_eintrag["nummer"])]
            for eintrag in tz_eintrag.get("massnahmen") or []:
                gesehen.add((tz.pk, eintrag["kennung"]))
                m = vorhanden.get((tz.pk, eintrag["kennung"]))
                neu = m is None
                if neu:
                    m = Massnahme(teilziel=tz, kennung=eintrag["kennung"], text=eintrag["text"])
                    speichere_mit_grund(m, GRUND_ANGELEGT % {"datei": datei})
                    _lege_zustaendigkeiten_an(m, eintrag, akteure, datei, zaehler)
                    geaendert = False
                else:
                    geaendert = m.text != eintrag["text"]
                    if geaendert:
                        # Raise the version, so that an edit form opened before the reload is
                        # refused instead of writing the old wording back.
                        m.text = eintrag["text"]
                        speichern(m, m.version, grund=GRUND_WORTLAUT % {"datei": datei})
                soll = {plan.handlungsfelder[n].pk for n in eintrag.get("verweise") or []}
                ist = set() if neu else {v.pk for v in m.verweise.all()}
                if soll != ist:
                    m.verweise.set(soll)
                    geaendert = geaendert or not neu
                zaehler.zaehle(_("Maßnahmen"), neu, geaendert)
    # Zuständigkeiten of Maßnahmen that existed before are the Büro's: counted, never touched.
    bestehende = Zustaendigkeit.objects.filter(massnahme__in=[m.pk for m in vorhanden.values()])
    zaehler.werte[_("Zuständigkeiten")][2] += bestehende.count()
    for (tz_id, kennung), m in vorhanden.items():
        if (tz_id, kennung) not in gesehen:
            zaehler.hinweise.append(
                _("Maßnahme %(ref)s steht nicht mehr in den Fixtures; sie bleibt unverändert.")
                % {"ref": m.referenz}
            )


def _lege_zustaendigkeiten_an(massnahme, eintrag, akteure, datei, zaehler):
    for z in eintrag.get("zustaendigkeiten") or []:
        zustaendigkeit = Zustaendigkeit(
            massnahme=massnahme,
            akteur=akteure[z["akteur"]],
            seite=z["seite"],
            federfuehrend=z.get("federfuehrend", False),
            hinweis=z.get("hinweis") or "",
        )
        speichere_mit_grund(zustaendigkeit, GRUND_ANGELEGT % {"datei": datei})
        zaehler.angelegt(_("Zuständigkeiten"))


def lies_und_pruefe(pfad):
    """Read every file and check it; raises FixtureFehler listing all problems."""
    pfad = Path(pfad)
    fehler = Fehlerliste()
    if not pfad.is_dir():
        fehler.melde(pfad, "", _("Verzeichnis nicht gefunden."))
        raise FixtureFehler(fehler)
    daten = lies_konzept(pfad, fehler)
    akteure = lies_akteure(pfad / "akteure.json", fehler)
    pruefe_massnahmen(daten, akteure, fehler)
    if fehler:
        raise FixtureFehler(fehler)
    return daten, akteure


def lade_konzept(pfad):
    """Load the concept from ``pfad`` (checked first, then written in one transaction).

    Returns the Zaehler (what was created/changed/unchanged, plus notes and the duration).
    """
    beginn = time.monotonic()
    daten, akteure = lies_und_pruefe(pfad)
    zaehler = Zaehler()
    with transaction.atomic():
        plan = schreibe_konzept(daten, zaehler)
        akteur_objekte = schreibe_akteure(akteure, zaehler)
        schreibe_massnahmen(daten, plan, akteur_objekte, zaehler)
    zaehler.dauer = time.monotonic() - beginn
    return zaehler

"""Import of Messwerte in the long format: one row per value (see README, „Monitoring“).

The same function serves the admin upload (dry run for the preview, then apply), the management
command ``import_messwerte`` and ``load_monitoring``. The rules:

- every row is checked first; if any row has an error, nothing is written and every error is
  reported with its row number (the header is row 1);
- a row whose Indikator, date and breakdown already exist updates that Messwert instead of
  adding one; an unchanged row is left alone, so importing the same file twice changes nothing;
- every created or changed Messwert gets a history entry (who, when, why);
- a file that cannot be read at all (encoding, NUL bytes, broken quoting, overlong cells, broken
  JSON) is one error with its row, never an exception (CSV reading: integration_portal/tabellen.py,
  shared with the Maßnahmen import).
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from integration_portal import tabellen
from measures.locking import anzeigewert
from monitoring import geheimhaltung, metadaten, schnellimport
from monitoring.choices import Genauigkeit, Messstatus
from monitoring.formatierung import datum_mit_art, zahl_maschinell, zahl_parsen
from monitoring.models import (
    Auspraegung,
    Dimension,
    Indikator,
    Messwert,
    dimensionen_von,
    kurzname,
    schluessel,
)

PFLICHTSPALTEN = ("indikator", "datum", "wert")
WEITERE_SPALTEN = ("genauigkeit", "quelle", "status", "anmerkung", "fallzahl")
# Columns of our own download that describe a value rather than hold it: ``datumsart`` says how
# ``datum`` is meant (formatierung.datum_mit_art); the others are read over (the indicator's
# name and unit belong to the Indikator, ``zeitraum`` repeats ``datum``). A row marked
# ``gesperrt`` (small-number protection) has no value and is skipped: the stored value stays.
# ``gebiet`` marks a comparison row (Land/Bund), which is skipped too.
DOWNLOAD_SPALTEN = ("indikator_name", "einheit", "datumsart", "zeitraum", "gebiet")
DOWNLOAD_SPALTEN += (geheimhaltung.SPALTE,)
FESTE_SPALTEN = PFLICHTSPALTEN + WEITERE_SPALTEN + DOWNLOAD_SPALTEN
GEAENDERTE_FELDER = ["wert", "zeitart", "genauigkeit", "quelle", "status", "anmerkung"]
# ``fallzahl`` is compared and written only when the file has the column: a file without it
# (an older download, a PUT without it) must not erase the case counts the Büro entered.
FALLZAHL = schnellimport.FALLZAHL
BATCH = 2000
FALLZAHL_HOECHSTENS = 2_147_483_647  # PositiveIntegerField on PostgreSQL and SQLite

_STATUS = {
    "": Messstatus.ENDGUELTIG,
    "endgültig": Messstatus.ENDGUELTIG,
    "endgueltig": Messstatus.ENDGUELTIG,
    "vorläufig": Messstatus.VORLAEUFIG,
    "vorlaeufig": Messstatus.VORLAEUFIG,
}
_GENAUIGKEIT = {
    "": Genauigkeit.GENAU,
    "genau": Genauigkeit.GENAU,
    "mehr als": Genauigkeit.MEHR_ALS,
    "mehr_als": Genauigkeit.MEHR_ALS,
    ">": Genauigkeit.MEHR_ALS,
    "unter": Genauigkeit.UNTER,
    "<": Genauigkeit.UNTER,
    "etwa": Genauigkeit.ETWA,
    "ca.": Genauigkeit.ETWA,
    "rund": Genauigkeit.ETWA,
    "~": Genauigkeit.ETWA,
}


@dataclass
class Fehler:
    zeile: int
    spalte: str
    meldung: str
    wert: str = ""  # the cell as the file has it, shortened (tabellen.wert_kurz)

    def __str__(self):
        ort = _("Zeile %(zeile)s") % {"zeile": self.zeile}
        if self.spalte:
            ort = f"{ort}, {_('Spalte')} „{self.spalte}“"
        if self.wert:
            ort = f"{ort}, {_('Wert')} „{self.wert}“"
        return f"{ort}: {self.meldung}"


@dataclass
class Zeile:
    """One checked row, ready to become a Messwert."""

    nummer: int
    indikator: Indikator
    datum: object
    zeitart: str
    aufschluesselung: str
    wert: object
    genauigkeit: str
    quelle: str
    status: str
    anmerkung: str
    fallzahl: int | None = None
    mit_fallzahl: bool = False  # the file has the column ``fallzahl``
    vorher: dict = field(default_factory=dict)  # {field: stored value} of a changed Messwert

    @property
    def aenderungen(self):
        """``[(Feld, bisher, neu)]`` as people read them, for the preview."""

        def lesbar(name, wert):
            return zahl_maschinell(wert) if name == "wert" else anzeigewert(Messwert, name, wert)

        return [
            (
                str(Messwert._meta.get_field(name).verbose_name),
                lesbar(name, alt),
                lesbar(name, getattr(self, name)),
            )
            for name, alt in self.vorher.items()
        ]

    @property
    def schluessel(self):
        return (self.indikator.pk, self.datum, self.aufschluesselung)

    def feldnamen(self):
        return [*GEAENDERTE_FELDER, FALLZAHL] if self.mit_fallzahl else GEAENDERTE_FELDER

    def felder(self):
        return {name: getattr(self, name) for name in self.feldnamen()}


@dataclass
class Ergebnis:
    fehler: list = field(default_factory=list)
    neu: list = field(default_factory=list)
    geaendert: list = field(default_factory=list)  # (Zeile, {feld: alter Wert})
    unveraendert: int = 0
    neue_auspraegungen: list = field(default_factory=list)  # (Dimension, name, slug)
    neue_indikatoren: list = field(default_factory=list)  # kennung, from a JSON file
    angewendet: bool = False

    @property
    def ok(self):
        return not self.fehler

    def zusammenfassung(self):
        if self.fehler:
            return _("%(n)s Fehler – nichts wurde gespeichert.") % {"n": len(self.fehler)}
        text = _("%(neu)s neu, %(geaendert)s geändert, %(gleich)s unverändert.") % {
            "neu": len(self.neu),
            "geaendert": len(self.geaendert),
            "gleich": self.unveraendert,
        }
        if not self.angewendet:
            text = _("Vorschau: %(text)s Noch nichts gespeichert.") % {"text": text}
        return text


def zeilen_aus_csv(inhalt):
    """``(header, [(row number, {column: cell})])`` from CSV bytes or text.

    Reading (encodings, separators, NUL bytes, broken quoting) is integration_portal/tabellen.py,
    shared with the Maßnahmen import; a file it cannot read raises ``UngueltigeDatei``.
    """
    try:
        tabelle = tabellen.csv_lesen(inhalt)
    except tabellen.TabellenFehler as exc:
        raise UngueltigeDatei(exc.meldung, exc.zeile) from None
    kopf = [spalte.lower() for spalte in tabelle.kopf]
    zeilen = []
    for nummer, zellen in tabelle.zeilen:
        # Text our own download neutralised against formula injection comes back as it was.
        zellen = [tabellen.entschaerfung_aufheben(z) for z in zellen]
        eintrag = dict(zip(kopf, zellen, strict=False))
        if eintrag.get("gebiet", "").strip():
            # A Land/Bund comparison value of our download: entered in the admin, not here.
            continue
        if len(zellen) > len(kopf):
            eintrag["__zu_viele__"] = str(len(zellen))
        zeilen.append((nummer, eintrag))
    return kopf, zeilen


def _json_text(wert):
    if wert is None:
        return ""
    if isinstance(wert, dict | list):
        raise UngueltigeDatei(_("Erwartet wird ein einzelner Wert, keine Liste und kein Objekt."))
    return str(wert)


def zeilen_aus_json(daten):
    """The same rows from the JSON download (``{"messwerte": [...]}``); entry n is row n + 1."""
    kopf = [spalte for spalte in FESTE_SPALTEN if spalte != FALLZAHL]
    zeilen = []
    messwerte = daten.get("messwerte", [])
    if not isinstance(messwerte, list):
        raise UngueltigeDatei(_("„messwerte“ muss eine Liste sein."))
    for nummer, eintrag in enumerate(messwerte, start=2):
        if not isinstance(eintrag, dict):
            raise UngueltigeDatei(
                _("Eintrag %(n)s von „messwerte“ ist kein Objekt.") % {"n": nummer - 1}, nummer
            )
        try:
            zeile = {k: _json_text(eintrag.get(k)) for k in FESTE_SPALTEN}
            if FALLZAHL in eintrag and FALLZAHL not in kopf:
                kopf.append(FALLZAHL)
            aufschluesselung = eintrag.get("aufschluesselung") or {}
            if not isinstance(aufschluesselung, dict):
                raise UngueltigeDatei(_("„aufschluesselung“ muss ein Objekt sein."))
            for dimension, auspraegung in aufschluesselung.items():
                zeile[str(dimension).lower()] = _json_text(auspraegung)
                if str(dimension).lower() not in kopf:
                    kopf.append(str(dimension).lower())
        except UngueltigeDatei as exc:
            raise UngueltigeDatei(exc.args[0], nummer) from None
        zeilen.append((nummer, zeile))
    return kopf, zeilen


def lesen(inhalt, dateiname=""):
    """``(header, rows, metadata)``; only the JSON download carries metadata."""
    if dateiname.lower().endswith(".json"):
        try:
            text = inhalt.decode("utf-8-sig") if isinstance(inhalt, bytes) else inhalt
            daten = json.loads(text)
        except UnicodeDecodeError as exc:
            raise UngueltigeDatei(
                _("Die JSON-Datei ist nicht in UTF-8 (Byte 0x%(b)02X).") % {"b": inhalt[exc.start]}
            ) from None
        except RecursionError:
            raise UngueltigeDatei(_("Die JSON-Datei ist zu tief verschachtelt.")) from None
        except ValueError as exc:
            raise UngueltigeDatei(
                _("Die Datei ist kein gültiges JSON (Zeile %(z)s, Stelle %(s)s).")
                % {"z": getattr(exc, "lineno", "?"), "s": getattr(exc, "colno", "?")}
            ) from None
        if "\x00" in text or "\\u0000" in text:
            raise UngueltigeDatei(_("Die Datei enthält ein NUL-Zeichen."))
        if not isinstance(daten, dict):
            raise UngueltigeDatei(_("Erwartet wird ein Objekt mit „messwerte“."))
        return *zeilen_aus_json(daten), daten
    return *zeilen_aus_csv(inhalt), None


class UngueltigeDatei(ValueError):
    def __init__(self, meldung, zeile=None):
        super().__init__(meldung)
        self.zeile = zeile


class _Pruefer:
    """Checks rows against the database as it is; loads what it needs once, not per row."""

    def __init__(self, kopf, ergebnis):
        self.ergebnis = ergebnis
        self.mit_fallzahl = FALLZAHL in kopf
        self.indikatoren = {i.kennung: i for i in Indikator.objects.all()}
        dimensionen = list(Dimension.objects.all())
        nach_name = {d.slug.lower(): d for d in dimensionen} | {
            d.name.lower(): d for d in dimensionen
        }
        self.spalten = {}  # column → Dimension
        for spalte in kopf:
            if spalte in FESTE_SPALTEN or not spalte:
                continue
            if spalte in nach_name:
                self.spalten[spalte] = nach_name[spalte]
            else:
                self.fehler(
                    1,
                    spalte,
                    _(
                        "Unbekannte Spalte. Eine Aufschlüsselung braucht eine Dimension mit "
                        "diesem Spaltennamen (im Admin unter „Dimensionen“ anlegen)."
                    ),
                )
        for pflicht in PFLICHTSPALTEN:
            if pflicht not in kopf:
                self.fehler(1, pflicht, _("Pflichtspalte fehlt."))
        self.auspraegungen = {}  # (dimension pk, lower name or slug) → slug
        self.slugs = {}  # (dimension pk, slug) → name
        for a in Auspraegung.objects.all():
            self.auspraegungen[(a.dimension_id, a.name.lower())] = a.slug
            self.auspraegungen[(a.dimension_id, a.slug)] = a.slug
            self.slugs[(a.dimension_id, a.slug)] = a.name
        self.gesehen = {}

    def fehler(self, zeile, spalte, meldung, wert=""):
        self.ergebnis.fehler.append(
            Fehler(zeile, tabellen.wert_kurz(spalte), str(meldung), tabellen.wert_kurz(wert))
        )

    def auspraegung(self, nummer, spalte, dimension, text):
        name = " ".join(text.split())
        if slug := self.auspraegungen.get((dimension.pk, name.lower())):
            return slug
        laenge = Auspraegung._meta.get_field("name").max_length
        if len(name) > laenge:
            self.fehler(
                nummer,
                spalte,
                _("Eine Ausprägung hat höchstens %(max)s Zeichen.") % {"max": laenge},
                text,
            )
            return None
        slug = kurzname(name)[: Auspraegung._meta.get_field("slug").max_length]
        if not slug:
            self.fehler(
                nummer, spalte, _("„%(text)s“ ist keine gültige Ausprägung.") % {"text": text}
            )
            return None
        if (dimension.pk, slug) in self.slugs:
            self.fehler(
                nummer,
                spalte,
                _("„%(text)s“ ist zu ähnlich zur vorhandenen Ausprägung „%(alt)s“.")
                % {"text": name, "alt": self.slugs[(dimension.pk, slug)]},
            )
            return None
        # A new Ausprägung: shown in the preview, created when the import is applied.
        self.auspraegungen[(dimension.pk, name.lower())] = slug
        self.slugs[(dimension.pk, slug)] = name
        self.ergebnis.neue_auspraegungen.append((dimension, name, slug))
        return slug

    def fallzahl(self, nummer, text):
        """The case count behind a value: empty, or a whole number from 0 (Geheimhaltung)."""
        text = (text or "").strip()
        if not text:
            return None
        if not text.isascii() or not text.isdigit():
            self.fehler(
                nummer,
                FALLZAHL,
                _(
                    "Die Fallzahl ist eine ganze Zahl ab 0, ohne Komma und Tausenderpunkt "
                    "(oder leer)."
                ),
                text,
            )
            return None
        if int(text) > FALLZAHL_HOECHSTENS:
            self.fehler(
                nummer,
                FALLZAHL,
                _("Die Fallzahl ist zu groß (höchstens %(max)s).") % {"max": FALLZAHL_HOECHSTENS},
                text,
            )
            return None
        return int(text)

    def pruefen(self, nummer, zellen):
        vorher = len(self.ergebnis.fehler)
        if "__zu_viele__" in zellen:
            self.fehler(nummer, "", _("Die Zeile hat mehr Zellen als die Kopfzeile Spalten."))
        kennung = (zellen.get("indikator") or "").strip()
        indikator = self.indikatoren.get(kennung)
        if indikator is None:
            meldung = (
                _("Unbekannter Indikator „%(k)s“.") % {"k": tabellen.wert_kurz(kennung)}
                if kennung
                else _("Der Indikator fehlt.")
            )
            self.fehler(nummer, "indikator", meldung, kennung)
        try:
            datum, zeitart = datum_mit_art(zellen.get("datum"), zellen.get("datumsart"))
        except ValueError as exc:
            self.fehler(nummer, "datum", str(exc), zellen.get("datum"))
            datum = zeitart = None
        try:
            wert = zahl_parsen(zellen.get("wert"))
        except ValueError as exc:
            self.fehler(nummer, "wert", str(exc), zellen.get("wert"))
            wert = None
        status = _STATUS.get((zellen.get("status") or "").strip().lower())
        if status is None:
            self.fehler(
                nummer,
                "status",
                _("Erlaubt: „vorläufig“ oder „endgültig“ (leer = endgültig)."),
                zellen.get("status"),
            )
        genauigkeit = _GENAUIGKEIT.get((zellen.get("genauigkeit") or "").strip().lower())
        if genauigkeit is None:
            self.fehler(
                nummer,
                "genauigkeit",
                _("Erlaubt: leer/„genau“, „mehr als“, „unter“, „etwa“."),
                zellen.get("genauigkeit"),
            )
        fallzahl = self.fallzahl(nummer, zellen.get(FALLZAHL))
        paare = []
        for spalte, dimension in self.spalten.items():
            text = (zellen.get(spalte) or "").strip()
            if text and (slug := self.auspraegung(nummer, spalte, dimension, text)):
                paare.append((dimension.slug, slug))
        quelle = (zellen.get("quelle") or "").strip()
        anmerkung = (zellen.get("anmerkung") or "").strip()
        for spalte, text in (("quelle", quelle), ("anmerkung", anmerkung)):
            laenge = Messwert._meta.get_field(spalte).max_length
            if len(text) > laenge:
                self.fehler(
                    nummer,
                    spalte,
                    _("Zu lang: %(n)s Zeichen, erlaubt sind höchstens %(max)s.")
                    % {"n": len(text), "max": laenge},
                    text,
                )
        aufschluesselung = schluessel(paare)
        if len(aufschluesselung) > Messwert._meta.get_field("aufschluesselung").max_length:
            self.fehler(
                nummer, "", _("Die Aufschlüsselung ist zu lang (zu viele oder zu lange Angaben).")
            )
        if len(self.ergebnis.fehler) > vorher:
            return None
        zeile = Zeile(
            nummer=nummer,
            indikator=indikator,
            datum=datum,
            zeitart=zeitart,
            aufschluesselung=aufschluesselung,
            wert=wert,
            genauigkeit=genauigkeit,
            quelle=quelle,
            status=status,
            anmerkung=anmerkung,
            fallzahl=fallzahl,
            mit_fallzahl=self.mit_fallzahl,
        )
        if erste := self.gesehen.get(zeile.schluessel):
            self.fehler(
                nummer,
                "",
                _(
                    "Doppelt: gleicher Indikator, gleiches Datum und gleiche Aufschlüsselung "
                    "wie Zeile %(zeile)s."
                )
                % {"zeile": erste},
            )
            return None
        self.gesehen[zeile.schluessel] = nummer
        return zeile


def importieren(
    inhalt,
    dateiname="",
    *,
    anwenden=False,
    benutzer=None,
    grund=None,
    nur_neue=False,
    schnell=True,
):
    """Check ``inhalt`` (CSV or JSON) and, if ``anwenden`` and error-free, write it at once.

    ``nur_neue`` adds missing values but leaves existing ones as they are (``load_monitoring``:
    reloading the concept's figures must not undo a correction made since).
    ``schnell`` writes with ``COPY`` on PostgreSQL (monitoring/schnellimport.py); ``False``
    takes the ORM path SQLite always takes – the tests compare the two.
    """
    ergebnis = Ergebnis()
    try:
        kopf, rohzeilen, beschreibung = lesen(inhalt, dateiname)
    except UngueltigeDatei as exc:
        ergebnis.fehler.append(Fehler(exc.zeile or 1, "", str(exc)))
        return ergebnis
    # Everything happens in one transaction; a preview or a failed check rolls it back, so that
    # the preview sees exactly what applying would do (also Indikatoren a JSON file brings).
    with transaction.atomic():
        _pruefen_und_anwenden(
            ergebnis, kopf, rohzeilen, beschreibung, anwenden, benutzer, grund, nur_neue, schnell
        )
        if not (anwenden and ergebnis.ok):
            transaction.set_rollback(True)
            ergebnis.angewendet = False
    return ergebnis


def _pruefen_und_anwenden(
    ergebnis, kopf, rohzeilen, beschreibung, anwenden, benutzer, grund, nur_neue, schnell
):
    if beschreibung:
        try:
            with transaction.atomic():  # a savepoint: a database error leaves the rest usable
                metadaten.dimensionen_anlegen(beschreibung.get("dimensionen") or [])
                neu, _warnungen = metadaten.indikatoren_anlegen(
                    beschreibung.get("indikatoren") or []
                )
        except (
            AttributeError,
            KeyError,
            TypeError,
            ValueError,
            ArithmeticError,
            DatabaseError,
            ValidationError,
        ):
            ergebnis.fehler.append(
                Fehler(
                    1,
                    "",
                    _(
                        "Die Beschreibung der Indikatoren oder Dimensionen im JSON ist "
                        "unvollständig oder ungültig (erwartet wird das Format des Downloads)."
                    ),
                )
            )
            return
        ergebnis.neue_indikatoren = [i.kennung for i in neu]
    pruefer = _Pruefer(kopf, ergebnis)
    if not ergebnis.ok:  # a broken header makes every row meaningless
        return
    zeilen = [
        z
        for nummer, zellen in rohzeilen
        if not geheimhaltung.als_gesperrt_markiert(zellen.get(geheimhaltung.SPALTE))
        and (z := pruefer.pruefen(nummer, zellen))
    ]
    if not ergebnis.ok:
        return

    indikator_ids = {z.indikator.pk for z in zeilen}
    felder = [*GEAENDERTE_FELDER, FALLZAHL]
    # Only the compared columns, not model instances: a re-import of 100,000 values reads
    # 100,000 rows, and building instances would be most of its time.
    vorhanden = {
        (row[0], row[1], row[2]): Bestand(row[3], row[4], dict(zip(felder, row[5:], strict=True)))
        for row in Messwert.objects.filter(indikator_id__in=indikator_ids)
        .order_by()
        .values_list("indikator_id", "datum", "aufschluesselung", "pk", "geaendert_am", *felder)
        .iterator(chunk_size=BATCH)
    }
    aenderungen = []
    for zeile in zeilen:
        alt = vorhanden.get(zeile.schluessel)
        if alt is None:
            ergebnis.neu.append(zeile)
            continue
        vorher = {f: alt.felder[f] for f in zeile.feldnamen() if alt.felder[f] != getattr(zeile, f)}
        if vorher and not nur_neue:
            zeile.vorher = vorher
            ergebnis.geaendert.append((zeile, vorher))
            aenderungen.append((alt, zeile))
        else:
            ergebnis.unveraendert += 1

    if anwenden:
        try:
            with transaction.atomic():  # a savepoint, so that the outer rollback stays clean
                _anwenden(ergebnis, aenderungen, benutzer, grund or _("Import"), schnell)
        except (IntegrityError, schnellimport.GeaendertSeitPruefung):
            # Someone wrote the same values between the check and the write (another import,
            # the admin): refuse as a whole, with the same message as the preview's re-check.
            ergebnis.fehler.append(
                Fehler(
                    1,
                    "",
                    _(
                        "Die Messwerte wurden seit der Prüfung von anderer Seite geändert. "
                        "Nichts wurde gespeichert; bitte prüfen Sie die Datei erneut."
                    ),
                )
            )


@dataclass
class Bestand:
    """A stored Messwert as the import compares it: its pk, its change time and its fields."""

    pk: int
    geaendert_am: object
    felder: dict


def _anwenden(ergebnis, aenderungen, benutzer, grund, schnell):
    Auspraegung.objects.bulk_create(
        [
            Auspraegung(dimension=d, name=name, slug=slug)
            for d, name, slug in ergebnis.neue_auspraegungen
        ]
    )
    jetzt = timezone.now()
    if schnell and schnellimport.moeglich():
        schnellimport.neue_schreiben(ergebnis.neu, jetzt, benutzer, grund)
        schnellimport.aenderungen_schreiben(aenderungen, GEAENDERTE_FELDER, jetzt, benutzer, grund)
    else:
        _neue_orm(ergebnis.neu, jetzt, benutzer, grund)
        _aenderungen_orm(aenderungen, jetzt, benutzer, grund)
    ergebnis.angewendet = True


def _neue_orm(zeilen, jetzt, benutzer, grund):
    neue = [
        Messwert(
            indikator=z.indikator,
            datum=z.datum,
            aufschluesselung=z.aufschluesselung,
            dimensionen=dimensionen_von(z.aufschluesselung),
            geaendert_am=jetzt,
            **z.felder(),
        )
        for z in zeilen
    ]
    if neue:
        bulk_create_with_history(
            neue, Messwert, batch_size=BATCH, default_user=benutzer, default_change_reason=grund
        )


def _aenderungen_orm(aenderungen, jetzt, benutzer, grund):
    if not aenderungen:
        return
    # Locked while we write, and compared with what the check read (optimistic locking).
    instanzen = Messwert.objects.select_for_update().in_bulk([alt.pk for alt, _z in aenderungen])
    geaenderte = []
    for alt, zeile in aenderungen:
        instanz = instanzen.get(alt.pk)
        if instanz is None or instanz.geaendert_am != alt.geaendert_am:
            raise schnellimport.GeaendertSeitPruefung
        for name, wert in zeile.felder().items():
            setattr(instanz, name, wert)
        instanz.geaendert_am = jetzt
        geaenderte.append(instanz)
    bulk_update_with_history(
        geaenderte,
        Messwert,
        [*GEAENDERTE_FELDER, FALLZAHL, "geaendert_am"],
        batch_size=BATCH,
        default_user=benutzer,
        default_change_reason=grund,
    )

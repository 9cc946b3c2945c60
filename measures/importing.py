"""Import of status, Ampel, progress and dates of Maßnahmen from a spreadsheet (admin).

The file is usually an earlier export of the Maßnahmen list (measures/resources.py): CSV or XLSX,
also as German Excel writes it (integration_portal/tabellen.py). Only the columns „Status“,
„Ampel“, „Fortschritt (%)“, „Beginn“ and „Zieldatum“ are read; „Referenz“ names the Maßnahme
(``5.2 / 1 a`` or ``5.2-1a``, in the current Konzept), which is never created.

No lost updates (the change form's rule, measures/locking.py, holds here too): the export
carries each row's „Version“. A cell counts as a change only if the file differs from what was
exported (the history record of that version) and from what is stored now. A row with changes
whose Maßnahme has been saved since the export is a **conflict**: the preview shows the file's
and the current value, and nothing is applied until the person decides per row („Datei
übernehmen“ / „aktuellen Stand behalten“). A row without version (a hand-made file) cannot prove
it saw the current state, so each of its changes is a conflict too.

All or nothing: every row is checked first; any error (row, column, value, what is expected)
means nothing is written. Applying saves through ``locking.speichern`` with the version the
preview showed, so a save by someone else between preview and confirmation stops the import.
"""

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal.tabellen import TabellenFehler, wert_kurz
from measures import locking
from measures.choices import Ampel, Status
from measures.models import Massnahme

REFERENZ_RE = re.compile(
    r"^\s*(?P<handlungsfeld>\d+(?:\.\d+)*)\s*(?:/\s*|-)(?P<teilziel>\d+)\s*(?P<buchstabe>[a-z]+)\s*$",
    re.IGNORECASE,
)

# Column headers as the export writes them (measures/resources.py uses the same labels).
SPALTE_REFERENZ = gettext_lazy("Referenz")
SPALTE_VERSION = gettext_lazy("Version")
SPALTEN = {
    "status": gettext_lazy("Status"),
    "ampel": gettext_lazy("Ampel"),
    "fortschritt": gettext_lazy("Fortschritt (%)"),
    "beginn": gettext_lazy("Beginn"),
    "zieldatum": gettext_lazy("Zieldatum"),
}
FELDER = list(SPALTEN)

DATEI, AKTUELL = "datei", "aktuell"  # the two decisions on a conflict


@dataclass
class Fehler:
    zeile: int
    spalte: str
    wert: str
    meldung: str

    def __str__(self):
        teile = [_("Zeile %(zeile)s") % {"zeile": self.zeile}]
        if self.spalte:
            teile.append(_("Spalte „%(spalte)s“") % {"spalte": self.spalte})
        if self.wert != "":
            teile.append(_("Wert „%(wert)s“") % {"wert": self.wert})
        return f"{', '.join(teile)}: {self.meldung}"


class UngueltigerWert(ValueError):
    """A cell that cannot be read; the message says what is expected."""


def _text(wert):
    return "" if wert is None else str(wert).strip()


def _auswahl(choices, bezeichnung):
    def lesen(wert):
        text = _text(wert)
        for stored, label in choices:
            if text == stored or text.casefold() == str(label).casefold():
                return stored
        erlaubt = ", ".join(f"„{label}“" for _s, label in choices)
        if not text:
            raise UngueltigerWert(
                _("%(was)s fehlt; erwartet wird einer von %(erlaubt)s.")
                % {"was": bezeichnung, "erlaubt": erlaubt}
            )
        raise UngueltigerWert(_("Erwartet wird einer von %(erlaubt)s.") % {"erlaubt": erlaubt})

    return lesen


def _fortschritt(wert):
    erwartet = _("Erwartet wird eine ganze Zahl von 0 bis 100 (z. B. 60).")
    if isinstance(wert, bool):
        raise UngueltigerWert(erwartet)
    if isinstance(wert, int | float | Decimal):
        zahl = Decimal(str(wert))
    else:
        text = _text(wert).removesuffix("%").strip().replace(",", ".")
        if not text:
            raise UngueltigerWert(_("Der Fortschritt fehlt. ") + erwartet)
        try:
            zahl = Decimal(text)
        except InvalidOperation:
            raise UngueltigerWert(erwartet) from None
    if not zahl.is_finite() or zahl != zahl.to_integral_value() or not 0 <= zahl <= 100:
        raise UngueltigerWert(erwartet)
    return int(zahl)


def _datum(wert):
    if isinstance(wert, datetime):
        return wert.date()
    if isinstance(wert, date):
        return wert
    text = _text(wert)
    if not text:
        return None
    for muster in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, muster).date()
        except ValueError:
            continue
    raise UngueltigerWert(
        _("Erwartet wird ein Datum wie 31.12.2026 (oder 2026-12-31), leer für keins.")
    )


def _version(wert):
    if isinstance(wert, int | float) and not isinstance(wert, bool) and wert == int(wert):
        return int(wert) if wert >= 1 else None
    text = _text(wert)
    if not text:
        return None
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise UngueltigerWert(
        _("Erwartet wird die Versionsnummer aus dem Export (eine ganze Zahl), oder leer.")
    )


LESER = {
    "status": _auswahl(Status.choices, gettext_lazy("Der Status")),
    "ampel": _auswahl(Ampel.choices, gettext_lazy("Die Ampel")),
    "fortschritt": _fortschritt,
    "beginn": _datum,
    "zieldatum": _datum,
}


def anzeige(feld, wert):
    """A value as the list shows it: choice labels, German dates, „–“ for empty."""
    if wert in (None, ""):
        return "–"
    if isinstance(wert, date):
        return wert.strftime("%d.%m.%Y")
    return locking.anzeigewert(Massnahme, feld, wert)


@dataclass
class Zelle:
    """One changed cell: the file's value, the current one, and the one exported (if known)."""

    feld: str
    spalte: str
    datei: object
    aktuell: object
    beim_export: object = None
    export_bekannt: bool = False

    @property
    def datei_anzeige(self):
        return anzeige(self.feld, self.datei)

    @property
    def aktuell_anzeige(self):
        return anzeige(self.feld, self.aktuell)

    @property
    def export_anzeige(self):
        return anzeige(self.feld, self.beim_export)


@dataclass
class Abgleich:
    """One row of the file compared with the database."""

    nummer: int
    massnahme: Massnahme
    version_datei: int | None
    zellen: list = field(default_factory=list)  # [Zelle] of the changed cells
    export_bekannt: bool = False  # the file's version was found in the history
    zuletzt: object = None  # the latest history record, for conflicts

    @property
    def version_aktuell(self):
        return self.massnahme.version

    @property
    def geaendert(self):
        return bool(self.zellen)

    @property
    def konflikt(self):
        return self.geaendert and not (
            self.export_bekannt and self.version_datei == self.version_aktuell
        )

    @property
    def art(self):
        if not self.geaendert:
            return "unveraendert"
        return "konflikt" if self.konflikt else "geaendert"


@dataclass
class Ergebnis:
    fehler: list = field(default_factory=list)
    zeilen: list = field(default_factory=list)  # [Abgleich]
    hinweise: list = field(default_factory=list)  # why a confirmation was refused
    angewendet: int = 0

    @property
    def ok(self):
        return not self.fehler

    @property
    def geaenderte(self):
        return [z for z in self.zeilen if z.geaendert and not z.konflikt]

    @property
    def konflikte(self):
        return [z for z in self.zeilen if z.konflikt]

    @property
    def unveraenderte(self):
        return [z for z in self.zeilen if not z.geaendert]

    def zusammenfassung(self):
        if self.fehler:
            return _("%(n)s Fehler – nichts wurde gespeichert.") % {"n": len(self.fehler)}
        return _("%(geaendert)s geändert, %(konflikte)s Konflikt(e), %(gleich)s unverändert.") % {
            "geaendert": len(self.geaenderte),
            "konflikte": len(self.konflikte),
            "gleich": len(self.unveraenderte),
        }


def _spalten(kopf):
    """``{field: column index}`` for the columns the import reads (header matched loosely)."""
    namen = {str(SPALTE_REFERENZ).casefold(): "referenz", str(SPALTE_VERSION).casefold(): "version"}
    for feld, spalte in SPALTEN.items():
        namen[str(spalte).casefold()] = feld
    namen["fortschritt"] = "fortschritt"
    gefunden = {}
    for index, name in enumerate(kopf):
        feld = namen.get(str(name).strip().casefold())
        if feld and feld not in gefunden:
            gefunden[feld] = index
    return gefunden


def _massnahmen(referenzen):
    """``{(Handlungsfeld, Teilziel, Buchstabe): Massnahme}`` of the current Konzept, 1 query."""
    if not referenzen:
        return {}
    handlungsfelder = {r[0] for r in referenzen}
    treffer = (
        Massnahme.objects.im_aktuellen_konzept()
        .filter(teilziel__handlungsfeld__nummer__in=handlungsfelder)
        .select_related("teilziel__handlungsfeld")
    )
    return {(m.teilziel.handlungsfeld.nummer, m.teilziel.nummer, m.kennung): m for m in treffer}


def _exportstaende(paare):
    """``{(massnahme id, version): history record}`` for the versions the file names, 1 query."""
    if not paare:
        return {}
    ids = {p[0] for p in paare}
    versionen = {p[1] for p in paare}
    staende = {}
    for record in Massnahme.history.filter(id__in=ids, version__in=versionen).order_by(
        "history_date", "history_id"
    ):
        staende[(record.id, record.version)] = record  # the last record of a version wins
    return staende


def pruefen(tabelle):
    """Compare ``tabelle`` (integration_portal.tabellen.Tabelle) with the database; no writes."""
    ergebnis = Ergebnis()
    spalten = _spalten(tabelle.kopf)
    if "referenz" not in spalten:
        ergebnis.fehler.append(
            Fehler(
                1,
                str(SPALTE_REFERENZ),
                "",
                _(
                    "Die Spalte fehlt. Erwartet wird eine Kopfzeile wie im Export "
                    "(Referenz, Status, Ampel, Fortschritt (%), Beginn, Zieldatum, Version)."
                ),
            )
        )
        return ergebnis

    def zelle(zellen, feld):
        index = spalten[feld]
        return zellen[index] if index < len(zellen) else ""

    gelesen = []  # (nummer, key, version, {feld: wert})
    gesehen = {}
    for nummer, zellen in tabelle.zeilen:
        fehler_vorher = len(ergebnis.fehler)
        roh = _text(zelle(zellen, "referenz"))
        teile = REFERENZ_RE.match(roh)
        schluessel = None
        if not teile:
            ergebnis.fehler.append(
                Fehler(
                    nummer,
                    str(SPALTE_REFERENZ),
                    wert_kurz(roh),
                    _("Erwartet wird eine Referenz wie „5.2 / 1 a“.")
                    if roh
                    else _("Die Referenz fehlt; erwartet wird eine Referenz wie „5.2 / 1 a“."),
                )
            )
        else:
            schluessel = (
                teile["handlungsfeld"],
                int(teile["teilziel"]),
                teile["buchstabe"].lower(),
            )
            if schluessel in gesehen:
                ergebnis.fehler.append(
                    Fehler(
                        nummer,
                        str(SPALTE_REFERENZ),
                        roh,
                        _("Dieselbe Maßnahme steht schon in Zeile %(zeile)s.")
                        % {"zeile": gesehen[schluessel]},
                    )
                )
            gesehen.setdefault(schluessel, nummer)
        version = None
        if "version" in spalten:
            try:
                version = _version(zelle(zellen, "version"))
            except UngueltigerWert as exc:
                ergebnis.fehler.append(
                    Fehler(
                        nummer, str(SPALTE_VERSION), wert_kurz(zelle(zellen, "version")), str(exc)
                    )
                )
        werte = {}
        for feld in FELDER:
            if feld not in spalten:
                continue
            roher_wert = zelle(zellen, feld)
            try:
                werte[feld] = LESER[feld](roher_wert)
            except UngueltigerWert as exc:
                ergebnis.fehler.append(
                    Fehler(nummer, str(SPALTEN[feld]), wert_kurz(roher_wert), str(exc))
                )
        if len(ergebnis.fehler) == fehler_vorher:
            gelesen.append((nummer, roh, schluessel, version, werte))

    massnahmen = _massnahmen({g[2] for g in gelesen})
    bekannt = [(g, massnahmen.get(g[2])) for g in gelesen]
    staende = _exportstaende({(m.pk, g[3]) for g, m in bekannt if m and g[3]})
    for (nummer, roh, _schluessel, version, werte), massnahme in bekannt:
        if massnahme is None:
            ergebnis.fehler.append(
                Fehler(
                    nummer,
                    str(SPALTE_REFERENZ),
                    roh,
                    _("Im aktuellen Konzept gibt es keine Maßnahme mit dieser Referenz."),
                )
            )
            continue
        export = staende.get((massnahme.pk, version)) if version else None
        abgleich = Abgleich(nummer, massnahme, version, export_bekannt=export is not None)
        for feld, wert in werte.items():
            aktuell = getattr(massnahme, feld)
            beim_export = getattr(export, feld) if export is not None else None
            if wert == aktuell or (export is not None and wert == beim_export):
                continue  # not changed in the file, or changed the same way meanwhile
            abgleich.zellen.append(
                Zelle(feld, str(SPALTEN[feld]), wert, aktuell, beim_export, export is not None)
            )
        if abgleich.zellen:
            _validieren(ergebnis, abgleich)
        ergebnis.zeilen.append(abgleich)
    _zuletzt_geaendert(ergebnis.konflikte)
    ergebnis.fehler.sort(key=lambda f: f.zeile)
    return ergebnis


def _validieren(ergebnis, abgleich):
    """The Maßnahme with the file's changes must pass the model's own checks."""
    kandidat = copy.copy(abgleich.massnahme)
    for z in abgleich.zellen:
        setattr(kandidat, z.feld, z.datei)
    try:
        kandidat.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for feld, meldungen in exc.message_dict.items():
            spalte = str(SPALTEN.get(feld, "")) if feld != NON_FIELD_ERRORS else ""
            wert = next((anzeige(z.feld, z.datei) for z in abgleich.zellen if z.feld == feld), "")
            for meldung in meldungen:
                ergebnis.fehler.append(Fehler(abgleich.nummer, spalte, wert, meldung))


def _zuletzt_geaendert(konflikte):
    if not konflikte:
        return
    letzte = {}
    for record in (
        Massnahme.history.filter(id__in=[k.massnahme.pk for k in konflikte])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        letzte[record.id] = record
    for k in konflikte:
        k.zuletzt = letzte.get(k.massnahme.pk)


def anwenden(tabelle, *, gesehen, entscheidungen, benutzer, grund):
    """Check ``tabelle`` again and apply it as a whole, or nothing.

    ``gesehen``: ``{row number: version}`` of the Maßnahmen as the preview showed them;
    ``entscheidungen``: ``{row number: DATEI | AKTUELL}`` for the conflicts. Returns the
    ``Ergebnis``; ``hinweise`` say why nothing was applied.
    """
    with transaction.atomic():
        ergebnis = pruefen(tabelle)
        if not ergebnis.ok:
            return ergebnis
        zu_speichern = []
        for zeile in ergebnis.zeilen:
            if not zeile.geaendert:
                continue
            if gesehen.get(zeile.nummer) != zeile.version_aktuell:
                ergebnis.hinweise.append(
                    _(
                        "Zeile %(zeile)s (%(massnahme)s) wurde nach der Vorschau von anderer Seite "
                        "geändert. Bitte prüfen Sie die aktualisierte Vorschau."
                    )
                    % {"zeile": zeile.nummer, "massnahme": zeile.massnahme}
                )
                continue
            if zeile.konflikt:
                entscheidung = entscheidungen.get(zeile.nummer)
                if entscheidung not in (DATEI, AKTUELL):
                    ergebnis.hinweise.append(
                        _(
                            "Zeile %(zeile)s (%(massnahme)s): Bitte entscheiden Sie, ob der Wert "
                            "aus der Datei oder der aktuelle Stand gelten soll."
                        )
                        % {"zeile": zeile.nummer, "massnahme": zeile.massnahme}
                    )
                    continue
                if entscheidung == AKTUELL:
                    continue
            zu_speichern.append(zeile)
        if ergebnis.hinweise:
            return ergebnis
        try:
            for zeile in zu_speichern:
                massnahme = zeile.massnahme
                for z in zeile.zellen:
                    setattr(massnahme, z.feld, z.datei)
                if benutzer is not None:
                    massnahme._history_user = benutzer
                locking.speichern(massnahme, gesehen[zeile.nummer], grund=grund)
        except locking.VeralteteVersion as konflikt:
            transaction.set_rollback(True)
            ergebnis.hinweise.append(str(konflikt))
            return ergebnis
        ergebnis.angewendet = len(zu_speichern)
    return ergebnis


def lesen_und_pruefen(inhalt, dateiname):
    """``(Tabelle or None, Ergebnis)``: a file that cannot be read is an error in row 1 (or
    where it happened), never an exception."""
    from integration_portal import tabellen

    try:
        tabelle = tabellen.lesen(inhalt, dateiname)
    except TabellenFehler as exc:
        return None, Ergebnis(fehler=[Fehler(exc.zeile or 1, "", "", exc.meldung)])
    return tabelle, pruefen(tabelle)

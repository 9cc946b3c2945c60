"""Importing Ansprechpersonen from CSV or XLSX: check every row, then all rows or none.

Columns (header matched without regard to case; order free): ``Akteur`` (name or Kurz-URL),
``Name``, ``E-Mail``, ``Funktion``, ``Rolle`` (``meldet`` or ``koordiniert``; empty = meldet).
Files are read by integration_portal/tabellen.py (German Excel: ``;``, UTF-8 with BOM or
Windows-1252, XLSX). Errors name row, column, value and what is wrong (measures.importing.Fehler,
shown by templates/admin/includes/import_fehler.html).

Idempotent: a row whose address the Akteur already has with the same details is *unverändert*,
so the same file imported twice changes nothing the second time. The same address with other
details, or a deactivated contact, is an error — the import adds people, it does not silently
rewrite or revive them (that is done on the person's admin page, with history).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import tabellen
from integration_portal.tabellen import TabellenFehler, entschaerfung_aufheben, wert_kurz
from measures.choices import AnsprechpersonRolle
from measures.importing import Fehler
from measures.models import Akteur, Ansprechperson

SPALTEN = {
    "akteur": gettext_lazy("Akteur"),
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-Mail"),
    "funktion": gettext_lazy("Funktion"),
    "rolle": gettext_lazy("Rolle"),
}
# Other spellings of the headers that spreadsheets in the wild use.
WEITERE_KOEPFE = {
    "email": "email",
    "e-mail-adresse": "email",
    "mail": "email",
    "kurz-url": "akteur",
    "organisation": "akteur",
}
PFLICHT = ("akteur", "email")
ROLLEN = {
    "meldet": AnsprechpersonRolle.MELDET,
    "koordiniert": AnsprechpersonRolle.KOORDINIERT,
    "koordination": AnsprechpersonRolle.KOORDINIERT,
    str(AnsprechpersonRolle.KOORDINIERT.label).casefold(): AnsprechpersonRolle.KOORDINIERT,
}
LAENGEN = {"name": 200, "funktion": 200, "email": 254}


@dataclass
class Zeile:
    nummer: int
    akteur: Akteur
    name: str
    email: str
    funktion: str
    rolle: str

    @property
    def rolle_anzeige(self):
        return AnsprechpersonRolle(self.rolle).label


@dataclass
class Ergebnis:
    fehler: list = field(default_factory=list)
    neue: list = field(default_factory=list)  # [Zeile]
    unveraenderte: list = field(default_factory=list)  # [Zeile]
    angelegt: list = field(default_factory=list)  # Ansprechpersonen created by anwenden

    @property
    def ok(self):
        return not self.fehler

    def zusammenfassung(self):
        if self.fehler:
            return _("%(n)s Fehler – nichts wurde gespeichert.") % {"n": len(self.fehler)}
        return _("%(neu)s neue Ansprechperson(en), %(gleich)s unverändert.") % {
            "neu": len(self.neue),
            "gleich": len(self.unveraenderte),
        }


def _spalten(kopf):
    namen = {str(spalte).casefold(): feld for feld, spalte in SPALTEN.items()}
    namen.update(WEITERE_KOEPFE)
    gefunden = {}
    for index, name in enumerate(kopf):
        feld = namen.get(str(name or "").strip().casefold())
        if feld and feld not in gefunden:
            gefunden[feld] = index
    return gefunden


def _zelle(zellen, index):
    if index is None or index >= len(zellen) or zellen[index] is None:
        return ""
    return str(entschaerfung_aufheben(str(zellen[index]))).strip()


def _akteure(werte):
    """``{casefolded name or slug: Akteur}`` for the values in the file, one query."""
    # lower(), not casefold(): the database's LOWER() does not turn ß into ss either.
    gesucht = {w.lower() for w in werte if w}
    if not gesucht:
        return {}
    treffer = {}
    kandidaten = Akteur.objects.annotate(n=Lower("name"), s=Lower("slug")).filter(
        Q(n__in=gesucht) | Q(s__in=gesucht)
    )
    kandidaten = list(kandidaten)
    for akteur in kandidaten:
        treffer[akteur.slug.lower()] = akteur
    for akteur in kandidaten:  # a name wins over another Akteur's Kurz-URL
        treffer[akteur.name.lower()] = akteur
    return treffer


def _vorhandene(akteure):
    """``{(akteur_id, lower address): Ansprechperson}`` of those Akteure, one query."""
    return {
        (p.akteur_id, p.email.lower()): p
        for p in Ansprechperson.objects.filter(akteur__in=akteure).exclude(email="")
    }


def pruefen(tabelle):
    ergebnis = Ergebnis()
    spalten = _spalten(tabelle.kopf)
    fehlend = [str(SPALTEN[f]) for f in PFLICHT if f not in spalten]
    if fehlend:
        ergebnis.fehler.append(
            Fehler(
                1,
                "",
                "",
                _("Es fehlt die Spalte „%(spalten)s“. Erwartet: %(alle)s.")
                % {
                    "spalten": "“, „".join(fehlend),
                    "alle": ", ".join(str(s) for s in SPALTEN.values()),
                },
            )
        )
        return ergebnis
    if not tabelle.zeilen:
        ergebnis.fehler.append(Fehler(1, "", "", _("Die Datei enthält keine Zeilen.")))
        return ergebnis
    werte = [
        {feld: _zelle(zellen, spalten.get(feld)) for feld in SPALTEN}
        for _nummer, zellen in tabelle.zeilen
    ]
    akteure = _akteure(w["akteur"] for w in werte)
    vorhandene = _vorhandene(set(akteure.values()))
    gesehen = {}  # (akteur_id, address) → first row
    for (nummer, _zellen), w in zip(tabelle.zeilen, werte, strict=True):
        zeile, fehler = _zeile_pruefen(nummer, w, akteure)
        if fehler:
            ergebnis.fehler.extend(fehler)
            continue
        schluessel = (zeile.akteur.pk, zeile.email.lower())
        if schluessel in gesehen:
            ergebnis.fehler.append(
                _fehler(
                    nummer,
                    "email",
                    zeile.email,
                    _("Diese Adresse steht für diesen Akteur schon in Zeile %(zeile)s.")
                    % {"zeile": gesehen[schluessel]},
                )
            )
            continue
        gesehen[schluessel] = nummer
        bisher = vorhandene.get(schluessel)
        if bisher is None:
            ergebnis.neue.append(zeile)
        elif meldung := _abweichung(bisher, zeile):
            ergebnis.fehler.append(_fehler(nummer, "email", zeile.email, meldung))
        else:
            ergebnis.unveraenderte.append(zeile)
    return ergebnis


def _fehler(nummer, feld, wert, meldung):
    return Fehler(nummer, str(SPALTEN[feld]), wert_kurz(wert), meldung)


def _zeile_pruefen(nummer, w, akteure):
    fehler = []
    akteur = akteure.get(w["akteur"].lower())
    if not w["akteur"]:
        fehler.append(_fehler(nummer, "akteur", "", _("Bitte geben Sie den Akteur an.")))
    elif akteur is None:
        fehler.append(
            _fehler(
                nummer,
                "akteur",
                w["akteur"],
                _("Einen Akteur mit diesem Namen oder dieser Kurz-URL gibt es nicht."),
            )
        )
    if not w["email"]:
        fehler.append(_fehler(nummer, "email", "", _("Bitte geben Sie die E-Mail-Adresse an.")))
    else:
        try:
            validate_email(w["email"])
        except ValidationError:
            fehler.append(
                _fehler(nummer, "email", w["email"], _("Das ist keine gültige E-Mail-Adresse."))
            )
    for feld, laenge in LAENGEN.items():
        if len(w[feld]) > laenge:
            fehler.append(
                _fehler(
                    nummer,
                    feld,
                    w[feld],
                    _("Höchstens %(n)s Zeichen, bitte kürzen.") % {"n": laenge},
                )
            )
    rolle = ROLLEN.get(w["rolle"].casefold()) if w["rolle"] else AnsprechpersonRolle.MELDET
    if rolle is None:
        fehler.append(
            _fehler(
                nummer,
                "rolle",
                w["rolle"],
                _("Unbekannte Rolle. Erlaubt: „meldet“ oder „koordiniert“ (leer = meldet)."),
            )
        )
    if fehler:
        return None, fehler
    zeile = Zeile(nummer, akteur, w["name"], w["email"], w["funktion"], rolle)
    return zeile, []


def _abweichung(bisher, zeile):
    """Why an existing contact with the row's address does not match it, or None."""
    if not bisher.aktiv:
        return _(
            "Diese Adresse ist bei diesem Akteur als deaktivierte Ansprechperson eingetragen; "
            "bitte aktivieren Sie sie im Admin wieder, statt sie neu zu importieren."
        )
    unterschiede = [
        str(SPALTEN[feld])
        for feld in ("name", "funktion", "rolle")
        if getattr(zeile, feld) and getattr(zeile, feld) != getattr(bisher, feld)
    ]
    if unterschiede:
        return _(
            "Diese Adresse ist bei diesem Akteur schon eingetragen, mit anderen Angaben "
            "(%(felder)s). Bitte ändern Sie die Person im Admin oder passen Sie die Zeile an."
        ) % {"felder": ", ".join(unterschiede)}
    return None


def lesen_und_pruefen(inhalt, dateiname):
    """``(Tabelle or None, Ergebnis)``; an unreadable file is an error, never an exception."""
    try:
        tabelle = tabellen.lesen(inhalt, dateiname)
    except TabellenFehler as exc:
        return None, Ergebnis(fehler=[Fehler(exc.zeile or 1, "", "", exc.meldung)])
    return tabelle, pruefen(tabelle)


def anwenden(tabelle, *, grund):
    """Create the new contacts of ``tabelle`` — all of them or, on any error, none."""
    try:
        with transaction.atomic():
            ergebnis = pruefen(tabelle)
            if not ergebnis.ok:
                return ergebnis
            for zeile in ergebnis.neue:
                person = Ansprechperson(
                    akteur=zeile.akteur,
                    name=zeile.name,
                    email=zeile.email,
                    funktion=zeile.funktion,
                    rolle=zeile.rolle,
                )
                person._change_reason = grund
                person.save()
                ergebnis.angelegt.append(person)
    except IntegrityError:
        # Someone added the same address meanwhile (the unique constraint noticed): check again.
        ergebnis = pruefen(tabelle)
        if ergebnis.ok:
            ergebnis.fehler.append(
                Fehler(1, "", "", _("Die Daten wurden gerade geändert; bitte erneut versuchen."))
            )
    return ergebnis

"""Figures a Sachstand carries for an app above measures (issue 18: Leistung indicators).

``measures`` may not import ``monitoring`` (tests/test_schichten.py), yet a partner reports a
measure's output figures with the Sachstand – in the page form, the round form and the API. So
``monitoring`` registers a *Zusatz* here in its ``AppConfig.ready()`` (monitoring/leistungen.py),
and the forms, the round form, the API serializer and the services of measures/sachstaende.py
call only the functions of this module. Without a registered Zusatz a Sachstand has no figures.

A Zusatz has a name ``feld`` – the key of its figures in the API and in the services' ``daten``,
``{"leistungen": {"<schluessel>": "12,5"}}`` – and answers:

- ``zahlfelder(massnahme_ids)`` → ``{massnahme_id: [Zahlfeld]}``: what is asked for each measure
  (one query for many measures);
- ``wert(zahlfeld, roh)`` → a Decimal, or ValueError with a German message (the Zusatz's own
  rule for its numbers);
- ``speichern([(sachstand, {schluessel: Decimal})])``: store them (a corrected Sachstand's
  figures replace what it had);
- ``gemeldet(sachstand_ids)`` → ``{sachstand_id: {schluessel: Decimal}}``;
- ``pruefzeilen(sachstand)`` → ``[(label, wert as text, hinweis)]`` for the Büro's review.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ZUSAETZE = {}
# Messages per Zusatz in one answer: enough to correct a form, not an echo of a flood.
HOECHSTENS_MELDUNGEN = 10


@dataclass(frozen=True)
class Zahlfeld:
    """One figure asked with a Sachstand, e.g. one Leistung indicator of the measure."""

    feld: str  # the Zusatz's name, e.g. "leistungen"
    schluessel: int  # what the figure is of within the Zusatz, e.g. the Indikator's pk
    label: str
    hilfe: str = ""
    nachkommastellen: int = 0  # how exact the figure may be

    @property
    def formularname(self):
        return f"{self.feld}_{self.schluessel}"


def registrieren(zusatz):
    """Called once by the app that owns the figures (idempotent: ready() may run twice)."""
    _ZUSAETZE[zusatz.feld] = zusatz


def felder():
    """The names of the registered Zusätze (keys the services and the API accept)."""
    return tuple(_ZUSAETZE)


def api_beschreibungen():
    """``{feld: help text}`` for the API's Sachstand serializer."""
    return {feld: getattr(z, "api_hilfe", "") for feld, z in _ZUSAETZE.items()}


def ist_formularname(name):
    """Whether ``name`` is a form field of a Zusatz (kept in the round form's draft)."""
    return any(re.fullmatch(rf"{re.escape(feld)}_\d+", name) for feld in _ZUSAETZE)


def zahlfelder(massnahme_ids):
    """``{massnahme_id: [Zahlfeld]}`` for every given measure (one query per Zusatz)."""
    ergebnis = {pk: [] for pk in massnahme_ids}
    if not massnahme_ids:
        return ergebnis
    for zusatz in _ZUSAETZE.values():
        for massnahme_id, liste in zusatz.zahlfelder(list(massnahme_ids)).items():
            ergebnis.setdefault(massnahme_id, []).extend(liste)
    return ergebnis


def zahl(zahlfeld, roh):
    """``(Decimal, None)`` or ``(None, German message)`` for one typed or sent value."""
    try:
        return _ZUSAETZE[zahlfeld.feld].wert(zahlfeld, roh), None
    except ValueError as fehler:
        return None, str(fehler)


def _leer(roh):
    return roh is None or (isinstance(roh, str) and not roh.strip())


def pruefen(massnahme_id, daten, zahlfelder_der_massnahme=None):
    """Take the Zusätze's figures out of ``daten`` (in place) and check them.

    Returns ``{feld: {schluessel: Decimal}}`` for each Zusatz named in ``daten`` (an empty dict
    when nothing was filled in: a correction then removes the figures), ``{}`` when ``daten``
    names none. Raises ValidationError ``{feld: [German messages]}``: a figure the measure is
    not asked for, or one that is no valid number; nothing is stored then.
    """
    genannt = [feld for feld in _ZUSAETZE if feld in daten]
    if not genannt:
        return {}
    if zahlfelder_der_massnahme is None:
        zahlfelder_der_massnahme = zahlfelder([massnahme_id])[massnahme_id]
    ergebnis, fehler = {}, {}
    for feld in genannt:
        roh_werte = daten.pop(feld)
        werte, meldungen = {}, []
        if _leer(roh_werte):
            roh_werte = {}
        if not isinstance(roh_werte, dict):
            fehler[feld] = [
                _('Die Zahlen müssen ein Objekt aus Kennung und Wert sein, z. B. {"12": 25}.')
            ]
            continue
        erfragt = {str(z.schluessel): z for z in zahlfelder_der_massnahme if z.feld == feld}
        for schluessel, roh in roh_werte.items():
            if len(meldungen) >= HOECHSTENS_MELDUNGEN:
                break  # a flood of wrong keys gets a short answer
            zahlfeld = erfragt.get(str(schluessel).strip())
            if zahlfeld is None:
                meldungen.append(
                    _("Zu dieser Maßnahme wird keine Zahl „%(schluessel)s“ erfragt.")
                    % {"schluessel": str(schluessel)[:20]}
                )
                continue
            if _leer(roh):
                continue
            wert, meldung = zahl(zahlfeld, roh)
            if meldung:
                meldungen.append(f"{zahlfeld.label}: {meldung}")
            else:
                werte[zahlfeld.schluessel] = wert
        if meldungen:
            fehler[feld] = meldungen
        ergebnis[feld] = werte
    if fehler:
        raise ValidationError(fehler)
    return ergebnis


def speichern(paare):
    """Store checked figures: ``paare`` is ``[(sachstand, {feld: {schluessel: Decimal}})]``.

    A Zusatz not named for a Sachstand keeps what it had (a correction without the field).
    """
    for feld, zusatz in _ZUSAETZE.items():
        eigene = [(s, werte[feld]) for s, werte in paare if feld in werte]
        if eigene:
            zusatz.speichern(eigene)


def gemeldet(sachstand_ids):
    """``{sachstand_id: {feld: {schluessel: Decimal}}}`` of stored Sachstände."""
    ergebnis = {pk: {} for pk in sachstand_ids}
    if not sachstand_ids:
        return ergebnis
    for feld, zusatz in _ZUSAETZE.items():
        for sachstand_id, werte in zusatz.gemeldet(list(sachstand_ids)).items():
            ergebnis.setdefault(sachstand_id, {})[feld] = werte
    return ergebnis


def pruefzeilen(sachstand):
    """``[(label, wert as text, hinweis)]``: what the Büro reviews besides the Sachstand."""
    zeilen = []
    for zusatz in _ZUSAETZE.values():
        zeilen.extend(zusatz.pruefzeilen(sachstand))
    return zeilen

"""What a partner reports on a measure's Meilensteine, through a Sachstand (issue 15).

A Sachstand carries ``meilenstein_meldungen``, a list of

- ``{"meilenstein": <pk>, "erledigt_am": "JJJJ-MM-TT"}``: this milestone is done, on that day;
- ``{"titel": "…", "faellig_am": "JJJJ-MM-TT"}``: a new milestone the partner proposes.

The rules live here once: the page form and the round form check each entry with
``erledigt_fehler``/``neu_fehler`` (to show the message at the right field), the services of
measures/sachstaende.py (which the API uses too) run ``pruefen`` on the whole list. Nothing
touches a Meilenstein before the Büro approves the Sachstand: then ``anwenden`` carries the
entries over (sachstaende.freigeben), recorded in the Meilensteine's history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.models import Meilenstein

FELD = "meilenstein_meldungen"
# A partner proposes a few steps at a time; more is a plan for the Büro to enter.
HOECHSTENS_NEU = 5
# Plausible dates: nothing before the first concept, nothing a generation ahead.
FRUEHESTES_DATUM = datetime.date(2000, 1, 1)
HOECHSTENS_JAHRE_VORAUS = 30
TITEL_LAENGE = Meilenstein._meta.get_field("titel").max_length


def meilensteine_von(massnahme_ids):
    """``{massnahme_id: {pk: Meilenstein}}`` in one query (for one or many measures)."""
    ergebnis = {pk: {} for pk in massnahme_ids}
    for meilenstein in Meilenstein.objects.filter(massnahme_id__in=massnahme_ids):
        ergebnis[meilenstein.massnahme_id][meilenstein.pk] = meilenstein
    return ergebnis


def _datum(wert):
    """A date from a date or an ISO string; None if it is neither."""
    if isinstance(wert, datetime.datetime):
        return None
    if isinstance(wert, datetime.date):
        return wert
    if isinstance(wert, str):
        try:
            return datetime.date.fromisoformat(wert.strip())
        except ValueError:
            return None
    return None


def _pk(wert):
    if isinstance(wert, str) and wert.isdigit():
        return int(wert)
    return wert if isinstance(wert, int) and not isinstance(wert, bool) else None


def erledigt_fehler(meilenstein, erledigt_am, heute=None):
    """Why ``meilenstein`` cannot be reported done on ``erledigt_am``; None if it can."""
    if meilenstein.erledigt_am is not None:
        return _("Der Meilenstein „%(titel)s“ ist bereits erledigt.") % {"titel": meilenstein}
    return erledigt_datum_fehler(meilenstein.titel, erledigt_am, heute)


def erledigt_datum_fehler(titel, erledigt_am, heute=None):
    """Why ``erledigt_am`` is no plausible day for milestone ``titel`` to be done; or None.

    The rule for partners' entries and for the Büro's admin alike.
    """
    heute = heute or timezone.localdate()
    if erledigt_am > heute:
        return _("Der Meilenstein „%(titel)s“ kann nicht in der Zukunft erledigt worden sein.") % {
            "titel": titel
        }
    if erledigt_am < FRUEHESTES_DATUM:
        return _("Bitte prüfen Sie das Datum, an dem „%(titel)s“ erledigt wurde.") % {
            "titel": titel
        }
    return None


def neu_fehler(titel, faellig_am, heute=None):
    """Why a milestone ``titel`` due ``faellig_am`` cannot be proposed; None if it can."""
    heute = heute or timezone.localdate()
    if not titel:
        return _("Bitte geben Sie dem neuen Meilenstein einen Titel.")
    if len(titel) > TITEL_LAENGE:
        return _("Der Titel eines Meilensteins hat höchstens %(anzahl)d Zeichen.") % {
            "anzahl": TITEL_LAENGE
        }
    if faellig_am is None:
        return _("Bitte geben Sie an, bis wann der neue Meilenstein erreicht sein soll.")
    if faellig_am < heute:
        return _("Ein neuer Meilenstein kann nicht in der Vergangenheit fällig sein.")
    if faellig_am.year > heute.year + HOECHSTENS_JAHRE_VORAUS:
        return _("Bitte prüfen Sie das Fälligkeitsdatum des neuen Meilensteins.")
    return None


def pruefen(meldungen, meilensteine, heute=None):
    """Check a Sachstand's entries; returns them normalised (ISO dates, trimmed titles).

    ``meilensteine``: ``{pk: Meilenstein}`` of the Sachstand's measure. Raises
    ValidationError ``{"meilenstein_meldungen": [German messages]}``.
    """
    if meldungen in (None, ""):
        return []
    if not isinstance(meldungen, list):
        raise ValidationError({FELD: [_("Die Meldungen zu Meilensteinen müssen eine Liste sein.")]})
    heute = heute or timezone.localdate()
    fehler, ergebnis, gemeldet = [], [], set()
    neue = 0
    for meldung in meldungen:
        if not isinstance(meldung, dict):
            fehler.append(_("Jede Meldung zu einem Meilenstein braucht ihre Angaben."))
            continue
        if set(meldung) == {"meilenstein", "erledigt_am"}:
            meilenstein = meilensteine.get(_pk(meldung["meilenstein"]))
            erledigt_am = _datum(meldung["erledigt_am"])
            if meilenstein is None:
                fehler.append(_("Dieser Meilenstein gehört nicht zu der Maßnahme."))
            elif meilenstein.pk in gemeldet:
                fehler.append(
                    _("Der Meilenstein „%(titel)s“ ist doppelt gemeldet.") % {"titel": meilenstein}
                )
            elif erledigt_am is None:
                fehler.append(
                    _("Bitte geben Sie ein gültiges Datum an, an dem „%(titel)s“ erledigt wurde.")
                    % {"titel": meilenstein}
                )
            else:
                gemeldet.add(meilenstein.pk)
                meldung_fehler = erledigt_fehler(meilenstein, erledigt_am, heute)
                if meldung_fehler:
                    fehler.append(meldung_fehler)
                else:
                    ergebnis.append(
                        {"meilenstein": meilenstein.pk, "erledigt_am": erledigt_am.isoformat()}
                    )
        elif set(meldung) == {"titel", "faellig_am"}:
            neue += 1
            titel = meldung["titel"].strip() if isinstance(meldung["titel"], str) else ""
            faellig_am = _datum(meldung["faellig_am"])
            meldung_fehler = neu_fehler(titel, faellig_am, heute)
            if meldung_fehler:
                fehler.append(meldung_fehler)
            else:
                ergebnis.append({"titel": titel, "faellig_am": faellig_am.isoformat()})
        else:
            fehler.append(
                _(
                    "Eine Meldung zu einem Meilenstein hat entweder „meilenstein“ und "
                    "„erledigt_am“ oder „titel“ und „faellig_am“."
                )
            )
    if neue > HOECHSTENS_NEU:
        fehler.append(
            _("Sie können mit einem Sachstand höchstens %(anzahl)d neue Meilensteine vorschlagen.")
            % {"anzahl": HOECHSTENS_NEU}
        )
    if fehler:
        raise ValidationError({FELD: fehler})
    return ergebnis


def lesbar(meldungen, meilensteine):
    """The entries as people read them: ``[(Meilenstein or None, titel, art, datum)]``.

    ``art`` is "erledigt" or "neu"; for review pages and the partner's own view.
    """
    zeilen = []
    for meldung in meldungen or []:
        if "meilenstein" in meldung:
            meilenstein = meilensteine.get(meldung["meilenstein"])
            titel = str(meilenstein) if meilenstein else _("(gelöschter Meilenstein)")
            zeilen.append((meilenstein, titel, "erledigt", _datum(meldung["erledigt_am"])))
        else:
            zeilen.append((None, meldung["titel"], "neu", _datum(meldung["faellig_am"])))
    return zeilen


def anwenden(sachstand, pruefer):
    """Carry an approved Sachstand's entries over to the Meilensteine (with history).

    What the Büro changed meanwhile wins: a milestone deleted or already marked done is left
    alone. Returns the number of Meilensteine changed or created.
    """
    meldungen = sachstand.meilenstein_meldungen or []
    if not meldungen:
        return 0
    vorhanden = {
        m.pk: m
        for m in Meilenstein.objects.select_for_update().filter(massnahme_id=sachstand.massnahme_id)
    }
    grund = _("aus dem Sachstand vom %(datum)s (%(akteur)s)") % {
        "datum": sachstand.datum.strftime("%d.%m.%Y"),
        "akteur": sachstand.akteur,
    }
    geaendert = 0
    for meldung in meldungen:
        if "meilenstein" in meldung:
            meilenstein = vorhanden.get(meldung["meilenstein"])
            if meilenstein is None or meilenstein.erledigt_am is not None:
                continue
            meilenstein.erledigt_am = _datum(meldung["erledigt_am"])
        else:
            meilenstein = Meilenstein(
                massnahme_id=sachstand.massnahme_id,
                titel=meldung["titel"],
                faellig_am=_datum(meldung["faellig_am"]),
            )
        meilenstein._change_reason = grund
        meilenstein._history_user = pruefer
        meilenstein.save()
        geaendert += 1
    return geaendert

"""The shipped drafts (fixtures/leichte_sprache/<nummer>.txt) into the database.

Idempotent, and it never overwrites the Büro's work: a summary is written only while it is an
unreviewed draft that nobody but this loader has changed. "Changed by somebody else" is read
from the history: every record the loader writes carries ``LADEGRUND`` as its change reason, an
edit in the admin (or anywhere else) does not.

A file has three parts, each under its heading, one sentence per line::

    # Was die Stadt will
    Rostock will …
    # Was die Stadt macht
    …
    # Wer das macht
    …
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from concept.models import Handlungsfeld
from leichte_sprache.models import TEXTFELDER, Zusammenfassung

LADEGRUND = "load_leichte_sprache"
UEBERSCHRIFTEN = {
    "Was die Stadt will": "was_die_stadt_will",
    "Was die Stadt macht": "was_getan_wird",
    "Wer das macht": "wer_das_macht",
}
STANDARDPFAD = Path(settings.BASE_DIR) / "fixtures" / "leichte_sprache"


class EntwurfFehler(ValueError):
    """A draft file that cannot be read; nothing was written."""


def entwurf_lesen(datei):
    """{field: text} of one draft file, or EntwurfFehler with a German message."""
    teile, aktuell = {}, None
    for nummer, zeile in enumerate(datei.read_text(encoding="utf-8").splitlines(), start=1):
        zeile = zeile.strip()
        if zeile.startswith("#"):
            titel = zeile.lstrip("#").strip()
            if titel not in UEBERSCHRIFTEN or UEBERSCHRIFTEN[titel] in teile:
                raise EntwurfFehler(
                    _(
                        "%(datei)s, Zeile %(zeile)d: unbekannte oder doppelte Überschrift "
                        "„%(titel)s“."
                    )
                    % {"datei": datei.name, "zeile": nummer, "titel": titel}
                )
            aktuell = UEBERSCHRIFTEN[titel]
            teile[aktuell] = []
        elif zeile:
            if aktuell is None:
                raise EntwurfFehler(
                    _("%(datei)s, Zeile %(zeile)d: Text vor der ersten Überschrift.")
                    % {"datei": datei.name, "zeile": nummer}
                )
            teile[aktuell].append(zeile)
    fehlend = [titel for titel, feld in UEBERSCHRIFTEN.items() if not teile.get(feld)]
    if fehlend:
        raise EntwurfFehler(
            _("%(datei)s: es fehlt der Teil „%(teil)s“.")
            % {"datei": datei.name, "teil": fehlend[0]}
        )
    return {feld: "\n".join(saetze) for feld, saetze in teile.items()}


def entwuerfe_lesen(pfad=STANDARDPFAD):
    """{Handlungsfeld number: {field: text}} of every ``*.txt`` in ``pfad``."""
    dateien = sorted(Path(pfad).glob("*.txt"))
    if not dateien:
        raise EntwurfFehler(_("In %(pfad)s liegen keine Entwürfe (*.txt).") % {"pfad": pfad})
    return {datei.stem: entwurf_lesen(datei) for datei in dateien}


@dataclass
class Ergebnis:
    angelegt: list = field(default_factory=list)
    aktualisiert: list = field(default_factory=list)
    unveraendert: list = field(default_factory=list)
    # Reviewed or edited by the Büro: left as they are.
    behalten: list = field(default_factory=list)
    # Numbers of files without a Handlungsfeld in the current Konzept.
    ohne_handlungsfeld: list = field(default_factory=list)


def von_hand_bearbeitet():
    """Condition: some history record of the summary was not written by the loader."""
    return Exists(
        Zusammenfassung.history.filter(id=OuterRef("pk")).exclude(history_change_reason=LADEGRUND)
    )


@transaction.atomic
def entwuerfe_laden(pfad=STANDARDPFAD):
    """Create or refresh the drafts of the current Konzept's Handlungsfelder; returns Ergebnis."""
    entwuerfe = entwuerfe_lesen(pfad)
    ergebnis = Ergebnis()
    felder = {
        hf.nummer: hf
        for hf in Handlungsfeld.objects.im_aktuellen_konzept().filter(nummer__in=entwuerfe)
    }
    vorhanden = {
        z.handlungsfeld_id: z
        for z in Zusammenfassung.objects.filter(handlungsfeld__in=felder.values()).annotate(
            bearbeitet=von_hand_bearbeitet()
        )
    }
    for nummer, texte in entwuerfe.items():
        hf = felder.get(nummer)
        if hf is None:
            ergebnis.ohne_handlungsfeld.append(nummer)
            continue
        zusammenfassung = vorhanden.get(hf.pk)
        if zusammenfassung is None:
            zusammenfassung = Zusammenfassung(handlungsfeld=hf, **texte)
            ergebnis.angelegt.append(nummer)
        elif zusammenfassung.geprueft or zusammenfassung.bearbeitet:
            ergebnis.behalten.append(nummer)
            continue
        elif all(getattr(zusammenfassung, f) == texte[f] for f in TEXTFELDER):
            ergebnis.unveraendert.append(nummer)
            continue
        else:
            for feld, text in texte.items():
                setattr(zusammenfassung, feld, text)
            ergebnis.aktualisiert.append(nummer)
        zusammenfassung._change_reason = LADEGRUND
        zusammenfassung.full_clean()
        zusammenfassung.save()
    return ergebnis

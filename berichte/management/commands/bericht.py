"""``manage.py bericht``: write a PDF progress report to a file (for scheduled runs).

``--vorwaermen`` instead enqueues the standard reports for the task worker (berichte/ablage.py).
"""

import datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berichte import ablage
from berichte.data import (
    AKTEUR,
    GESAMT,
    HANDLUNGSFELD,
    BerichtFehler,
    Berichtsauftrag,
    sammeln,
)
from berichte.models import DateiStatus
from berichte.render import BerichtAbgebrochen, pdf_erzeugen
from measures.management.hilfe import Kommando


def _datum(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as fehler:
        raise CommandError(
            _("Stichtag bitte als JJJJ-MM-TT angeben, z. B. 2025-06-30.")
        ) from fehler


class Command(Kommando):
    help = gettext_lazy(
        "Erzeugt einen Fortschrittsbericht als barrierefreies PDF (PDF/UA-1): ohne Angabe den "
        "Gesamtbericht zum heutigen Stand, mit --handlungsfeld oder --akteur den Bericht zu "
        "einem Handlungsfeld oder zu den Maßnahmen eines Akteurs. --stichtag nimmt die bis "
        "dahin freigegebenen Sachstände, --berichtsrunde die Berichtsstände einer "
        "geschlossenen Berichtsrunde."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            help=gettext_lazy(
                "Zieldatei oder Verzeichnis (Standard: aktuelles Verzeichnis; ohne Dateinamen "
                "wird einer gewählt, der sagt, was und wann, z. B. "
                "Fortschrittsbericht_Integrationskonzept_2025-06-30.pdf)."
            ),
        )
        gegenstand = parser.add_mutually_exclusive_group()
        gegenstand.add_argument("--handlungsfeld", metavar="NUMMER", help=gettext_lazy("z. B. 5.2"))
        gegenstand.add_argument(
            "--akteur",
            metavar="NAME",
            help=gettext_lazy("Name, Kurzname oder Kurz-URL des Akteurs"),
        )
        zeitpunkt = parser.add_mutually_exclusive_group()
        zeitpunkt.add_argument(
            "--stichtag", type=_datum, metavar="JJJJ-MM-TT", help=gettext_lazy("Standard: heute")
        )
        zeitpunkt.add_argument(
            "--berichtsrunde",
            type=int,
            metavar="ID",
            help=gettext_lazy("Nummer einer geschlossenen Berichtsrunde"),
        )
        parser.add_argument(
            "--intern",
            action="store_true",
            help=gettext_lazy("mit internen Notizen (nicht öffentlich)"),
        )
        parser.add_argument(
            "--vorwaermen",
            action="store_true",
            help=gettext_lazy(
                "statt einer Datei die meistgefragten Berichte beim Hintergrunddienst in Auftrag "
                "geben (Gesamtbericht heute und zur letzten Berichtsrunde, öffentlich und "
                "intern, jedes Handlungsfeld), z. B. nachts nach Mitternacht."
            ),
        )

    def handle(self, *args, out, handlungsfeld, akteur, stichtag, berichtsrunde, intern, **opts):
        if opts["vorwaermen"]:
            return self._vorwaermen()
        art = HANDLUNGSFELD if handlungsfeld else AKTEUR if akteur else GESAMT
        try:
            bericht = sammeln(
                Berichtsauftrag(
                    art=art,
                    handlungsfeld=handlungsfeld,
                    akteur=akteur,
                    stichtag=stichtag,
                    berichtsrunde=berichtsrunde,
                    intern=intern,
                )
            )
            # A command is its own process (no web worker to protect): render in it directly.
            ergebnis = pdf_erzeugen(bericht, isoliert=False)
        except (BerichtFehler, BerichtAbgebrochen) as fehler:
            raise CommandError(str(fehler)) from fehler
        ziel = out or Path.cwd()
        if ziel.is_dir():
            ziel = ziel / bericht.dateiname
        ziel.parent.mkdir(parents=True, exist_ok=True)
        ziel.write_bytes(ergebnis.pdf)
        self.stdout.write(
            _("%(datei)s: %(seiten)d Seiten, %(sekunden).1f s")
            % {"datei": ziel, "seiten": ergebnis.seiten, "sekunden": ergebnis.sekunden}
        )

    def _vorwaermen(self):
        dateien = [ablage.anfordern(auftrag) for auftrag in ablage.standardberichte()]
        vorhanden = sum(d.status == DateiStatus.FERTIG for d in dateien)
        self.stdout.write(
            _("%(anzahl)d Berichte in Auftrag gegeben, %(vorhanden)d schon vorhanden")
            % {"anzahl": len(dateien) - vorhanden, "vorhanden": vorhanden}
        )

"""``manage.py load_leichte_sprache``: the shipped drafts in Leichte Sprache into the database."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leichte_sprache.laden import STANDARDPFAD, EntwurfFehler, entwuerfe_laden
from measures.management.hilfe import Kommando


class Command(Kommando):
    help = gettext_lazy(
        "Lädt die Entwürfe in Leichter Sprache (fixtures/leichte_sprache/<nummer>.txt) für die "
        "Handlungsfelder des aktuellen Konzepts. Erneutes Laden ist unschädlich: Ein Text, den "
        "das Büro bearbeitet oder als geprüft eingetragen hat, bleibt, wie er ist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pfad",
            type=Path,
            default=STANDARDPFAD,
            help=gettext_lazy(
                "Verzeichnis mit den Entwürfen (Standard: fixtures/leichte_sprache)."
            ),
        )

    def handle(self, *args, pfad, **options):
        try:
            ergebnis = entwuerfe_laden(pfad)
        except EntwurfFehler as fehler:
            raise CommandError(
                _("Die Entwürfe sind fehlerhaft; es wurde nichts geschrieben: %(fehler)s")
                % {"fehler": fehler}
            ) from fehler
        zeilen = [
            (_("angelegt"), ergebnis.angelegt),
            (_("aktualisiert"), ergebnis.aktualisiert),
            (_("unverändert"), ergebnis.unveraendert),
            (_("vom Büro bearbeitet oder geprüft, behalten"), ergebnis.behalten),
        ]
        self.stdout.write(_("Leichte Sprache geladen aus %(pfad)s:") % {"pfad": pfad})
        for name, nummern in zeilen:
            self.stdout.write(f"  {name}: {len(nummern)}")
        if ergebnis.ohne_handlungsfeld:
            self.stdout.write(
                self.style.WARNING(
                    _("Hinweis: kein Handlungsfeld im aktuellen Konzept für %(nummern)s")
                    % {"nummern": ", ".join(ergebnis.ohne_handlungsfeld)}
                )
            )

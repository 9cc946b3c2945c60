"""``manage.py load_konzept``: load (or reload) the adopted concept from fixtures/konzept."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.loading import FixtureFehler, lade_konzept
from measures.management.hilfe import Kommando

# Enough to start fixing; the rest usually follows from the same cause.
ANZEIGE = 40


class Command(Kommando):
    help = gettext_lazy(
        "Lädt das Integrationskonzept aus fixtures/konzept (konzept.json, akteure.json, "
        "handlungsfelder/*.json). Alle Dateien werden zuerst geprüft; bei einem Fehler wird "
        "nichts geschrieben. Erneutes Laden ist unschädlich: Datensätze werden über ihre "
        "Nummern und Namen wiedererkannt; geänderter Wortlaut wird übernommen und in der "
        "Historie mit Grund vermerkt. Status, Ampel, Fortschritt, Termine und interne Notizen "
        "bleiben unberührt. Zuständigkeiten werden nur für Maßnahmen angelegt, die dieser "
        "Lauf neu anlegt; die Zuständigkeiten bestehender Maßnahmen pflegt das Büro. "
        "Es wird nichts gelöscht."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pfad",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures" / "konzept",
            help=gettext_lazy("Verzeichnis mit konzept.json (Standard: fixtures/konzept)."),
        )

    def handle(self, *args, pfad, **options):
        try:
            zaehler = lade_konzept(pfad)
        except FixtureFehler as e:
            raise CommandError(
                _("Die Konzeptdateien sind fehlerhaft; es wurde nichts geschrieben:\n%(fehler)s")
                % {"fehler": "\n".join(f"- {f}" for f in e.fehler[:ANZEIGE])}
                + (
                    "\n" + _("… und %(n)d weitere.") % {"n": len(e.fehler) - ANZEIGE}
                    if len(e.fehler) > ANZEIGE
                    else ""
                )
            ) from e
        self.stdout.write(
            _("Konzept geladen aus %(pfad)s in %(dauer).2f s:")
            % {"pfad": pfad, "dauer": zaehler.dauer}
        )
        for zeile in zaehler.zeilen():
            self.stdout.write(f"  {zeile}")
        for hinweis in zaehler.hinweise:
            self.stdout.write(self.style.WARNING(_("Hinweis: %(text)s") % {"text": hinweis}))

"""``manage.py export_konzept``: the whole concept with its state of carrying out, as JSON."""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concept.models import Konzept
from measures.export import konzept_export
from measures.management.hilfe import Kommando


class Command(Kommando):
    help = gettext_lazy(
        "Gibt das Konzept mit Handlungsfeldern, Zielen, Maßnahmen, Zuständigkeiten, Status und "
        "Fortschritt als JSON auf der Standardausgabe aus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--beschluss",
            help=gettext_lazy("Beschlussnummer des Konzepts (Standard: das jüngste)."),
        )

    def handle(self, *args, beschluss=None, **options):
        konzept = None
        if beschluss:
            konzept = Konzept.objects.filter(beschluss=beschluss).first()
            if konzept is None:
                raise CommandError(
                    _("Kein Konzept mit dem Beschluss %(beschluss)s.") % {"beschluss": beschluss}
                )
        daten = konzept_export(konzept)
        if daten is None:
            raise CommandError(_("Es ist noch kein Konzept geladen (manage.py load_konzept)."))
        self.stdout.write(json.dumps(daten, ensure_ascii=False, indent=2))

"""``manage.py demo_leistungen``: a Leistung indicator tied to two demo measures (issue 18).

So that the local demo shows what partners do with Leistung indicators – the number field in
the Sachstand form and the round form, the figure in the Büro's review, the Messwert after
approval – this adds one indicator *definition*, clearly named a demo, and its Wirkung on two
measures of the demo partner's Akteur (Amt für Jugend, Soziales und Asyl; else the first two
measures of the concept). It writes no values: figures come only from what someone reports.
Only for local development (DEBUG, or ``--force``); idempotent. Never part of the concept's
fixtures.
"""

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.management.hilfe import DemoKommando
from measures.models import Massnahme
from monitoring.choices import Einheit, Indikatorart, Richtung, Verfuegbarkeit, Wirkungsrichtung
from monitoring.models import Indikator, Wirkung

KENNUNG = "demo-teilnehmende"
AKTEUR = "Amt für Jugend, Soziales und Asyl"


class Command(DemoKommando):
    help = gettext_lazy(
        "Legt für die lokale Demo einen Leistungsindikator (nur die Definition, keine Werte) an "
        "und ordnet ihn zwei Maßnahmen zu. Nur mit DEBUG oder --force."
    )

    verweigerung = gettext_lazy(
        "DEBUG ist aus: Demo-Indikatoren gehören nicht auf ein Produktivsystem. Für "
        "eine lokale Umgebung DEBUG=1 setzen oder --force angeben."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        massnahmen = Massnahme.objects.im_aktuellen_konzept().in_konzeptreihenfolge()
        eigene = massnahmen.filter(zustaendigkeiten__akteur__name=AKTEUR).distinct()
        auswahl = list((eigene if eigene.exists() else massnahmen)[:2])
        if not auswahl:
            raise CommandError(_("Zuerst das Konzept laden (manage.py load_konzept)."))
        indikator, _neu = Indikator.objects.get_or_create(
            kennung=KENNUNG,
            defaults={
                "name": _("Demo: Teilnehmende an den Angeboten der Maßnahme"),
                "art": Indikatorart.LEISTUNG,
                "kurzdefinition": _(
                    "Zahl der Personen, die im Berichtszeitraum an den Angeboten der Maßnahme "
                    "teilgenommen haben (Demo-Indikator der lokalen Entwicklungsumgebung)."
                ),
                "einheit": Einheit.ANZAHL,
                "einheit_bezeichnung": _("Personen"),
                "nachkommastellen": 0,
                "datenquelle": _("Sachstände der zuständigen Akteure"),
                "kommunal_verfuegbar": Verfuegbarkeit.JA,
                "richtung": Richtung.NEUTRAL,
                "hinweise": _("Nur in der lokalen Demo angelegt (manage.py demo_leistungen)."),
            },
        )
        for massnahme in auswahl:
            Wirkung.objects.get_or_create(
                indikator=indikator,
                massnahme=massnahme,
                defaults={"richtung": Wirkungsrichtung.ERHOEHT},
            )
        self.stdout.write(
            _("Demo-Leistungsindikator „%(name)s“ bei %(massnahmen)s.")
            % {"name": indikator.name, "massnahmen": ", ".join(m.referenz for m in auswahl)}
        )

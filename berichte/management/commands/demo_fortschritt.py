"""``manage.py demo_fortschritt``: two years of invented progress, for trying the reports locally.

A freshly loaded concept has every measure "nicht begonnen", so the council report, the
time travel and the lateness have nothing to show. This command writes a plausible history
(deterministic: the same every run) with its real dates in the history tables:

- June 2025: about two thirds of the measures started, approved Sachstände, target dates and
  milestones; the round "Berichtsrunde Juni 2025" (Stichtag 30.06.2025) closed;
- June 2026: progress, some measures done, some late or critical, milestones reached or missed,
  the Büro's assessments; "Berichtsrunde Juni 2026" (30.06.2026) closed;
- today: a few further changes (so a report "Stand 30.06.2026" differs from today's), and a
  planned round for the end of the year.

Only for local development (DEBUG, or ``--force``); it does nothing when the demo rounds exist.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berichte.models import Einschaetzung, EinschaetzungStatus
from measures import berichtsrunden
from measures.choices import Ampel, Pruefstatus, RundenStatus, Status
from measures.management.hilfe import DemoKommando
from measures.models import (
    Berichtsanfrage,
    Berichtsrunde,
    Massnahme,
    Meilenstein,
    Sachstand,
    Zustaendigkeit,
)

RUNDE_2025 = "Berichtsrunde Juni 2025"
RUNDE_2026 = "Berichtsrunde Juni 2026"
RUNDE_GEPLANT = "Berichtsrunde Dezember 2026"

SACHSTAENDE_2025 = [
    "Die Maßnahme ist angelaufen; erste Gespräche mit den Beteiligten haben stattgefunden.",
    "Ein Konzept liegt im Entwurf vor und wird mit den Partnern abgestimmt.",
    "Erste Angebote laufen; die Nachfrage ist höher als erwartet.",
    "Die Finanzierung ist bis Ende 2026 gesichert; Personal wird eingestellt.",
]
SACHSTAENDE_2026 = [
    "Die Angebote laufen regelmäßig; 2025 nahmen rund 120 Personen teil.",
    "Wegen einer unbesetzten Stelle ruht die Umsetzung seit März; Nachbesetzung läuft.",
    "Die Maßnahme ist abgeschlossen; die Ergebnisse sind dokumentiert.",
    "Die Zusammenarbeit ist verstetigt; eine Arbeitsgruppe trifft sich quartalsweise.",
    "Die Fördermittel wurden gekürzt; die Maßnahme läuft in kleinerem Umfang weiter.",
]
MEILENSTEINE = ["Konzept abgestimmt", "Träger beauftragt", "Erste Angebote gestartet"]

EINSCHAETZUNG_GESAMT = (
    "<p>Die Umsetzung des Integrationskonzepts kommt voran: Gut die Hälfte der Maßnahmen ist "
    "begonnen, ein Teil bereits <strong>abgeschlossen</strong>.</p><p>Sorgen bereiten "
    "unbesetzte Stellen und gekürzte Fördermittel; das Büro schlägt vor, die kritischen "
    "Maßnahmen in der nächsten Sitzung des Netzwerks zu beraten.</p>"
)
EINSCHAETZUNG_HF = (
    "<p>Die Angebote sind gut angenommen. Engpässe bestehen bei der Sprachmittlung; "
    "die Träger melden Wartezeiten.</p>"
)


def _zeitpunkt(tag):
    return datetime.datetime.combine(tag, datetime.time(10), ZoneInfo(settings.TIME_ZONE))


class Command(DemoKommando):
    help = gettext_lazy(
        "Legt für die lokale Entwicklung einen erfundenen Umsetzungsverlauf an: Sachstände, "
        "Meilensteine, zwei geschlossene Berichtsrunden (Juni 2025 und Juni 2026) mit "
        "Einschätzungen des Büros. Nur mit DEBUG oder --force; setzt load_konzept und "
        "demo_konten voraus; tut nichts, wenn die Demo-Runden schon bestehen."
    )

    verweigerung = gettext_lazy(
        "DEBUG ist aus: erfundene Sachstände gehören nicht auf ein Produktivsystem. "
        "Für eine lokale Umgebung DEBUG=1 setzen oder --force angeben."
    )

    def handle(self, *args, **options):
        if Berichtsrunde.objects.filter(titel=RUNDE_2025).exists():
            self.stdout.write(_("Der Demo-Verlauf besteht bereits; nichts geändert."))
            return
        buero = get_user_model().objects.filter(username="buero").first()
        if buero is None:
            raise CommandError(_("Zuerst die Demo-Konten anlegen (manage.py demo_konten)."))
        massnahmen = list(
            Massnahme.objects.im_aktuellen_konzept().select_related("teilziel__handlungsfeld")
        )
        if not massnahmen:
            raise CommandError(_("Zuerst das Konzept laden (manage.py load_konzept)."))
        with transaction.atomic():
            anzahl = Verlauf(massnahmen, buero).anlegen()
        self.stdout.write(
            _("Demo-Verlauf angelegt: %(n)d Maßnahmen mit Sachständen, zwei Berichtsrunden.")
            % {"n": anzahl}
        )


class Verlauf:
    """The invented history, one phase after the other, each saved with its own date."""

    def __init__(self, massnahmen, buero):
        self.zufall = random.Random(2020)
        self.massnahmen = massnahmen
        self.buero = buero
        self.melder = {}
        for z in Zustaendigkeit.objects.filter(massnahme__in=massnahmen).order_by(
            "-federfuehrend", "pk"
        ):
            self.melder.setdefault(z.massnahme_id, z.akteur_id)

    def anlegen(self):
        self._entstehung_zurueckdatieren()
        begonnen = [m for m in self.massnahmen if self.zufall.random() < 0.65]
        runde_2025 = self._runde(RUNDE_2025, datetime.date(2025, 6, 30))
        for m in begonnen:
            self._phase_2025(m, runde_2025)
        self._schliessen(runde_2025, datetime.date(2025, 7, 31))

        runde_2026 = self._runde(RUNDE_2026, datetime.date(2026, 6, 30))
        for m in begonnen:
            self._phase_2026(m, runde_2026)
        self._einschaetzungen(runde_2026)
        self._schliessen(runde_2026, datetime.date(2026, 7, 31))

        for m in self.zufall.sample(begonnen, k=min(5, len(begonnen))):
            self._speichern(m, None, fortschritt=min(100, m.fortschritt + 10))
        Berichtsrunde.objects.create(
            titel=RUNDE_GEPLANT,
            stichtag=datetime.date(2026, 12, 31),
            faellig_am=datetime.date(2027, 1, 31),
        )
        return len(begonnen)

    def _entstehung_zurueckdatieren(self):
        """Date the loaded concept's creation records to its adoption, not to today.

        Otherwise the history would say every measure was created today, after the invented
        changes of 2025 and 2026, and a report "as of" any day would miss them.
        """
        beschluss = self.massnahmen[0].teilziel.handlungsfeld.konzept.beschlossen_am
        anfang = _zeitpunkt(beschluss or datetime.date(2020, 11, 11))
        for modell in apps.get_models():
            if modell._meta.app_label in ("concept", "measures") and hasattr(modell, "history"):
                modell.history.filter(history_type="+").update(history_date=anfang)

    def _runde(self, titel, stichtag):
        runde = Berichtsrunde.objects.create(
            titel=titel,
            stichtag=stichtag,
            faellig_am=stichtag + datetime.timedelta(days=31),
            status=RundenStatus.OFFEN,
            geoeffnet_am=_zeitpunkt(stichtag - datetime.timedelta(days=30)),
        )
        Berichtsanfrage.objects.bulk_create(
            Berichtsanfrage(berichtsrunde=runde, massnahme_id=m_pk, akteur_id=a_pk)
            for m_pk, a_pk in self.melder.items()
        )
        return runde

    def _schliessen(self, runde, am):
        berichtsrunden.schliessen(runde)
        Berichtsrunde.objects.filter(pk=runde.pk).update(geschlossen_am=_zeitpunkt(am))

    def _speichern(self, massnahme, tag, **felder):
        for name, wert in felder.items():
            setattr(massnahme, name, wert)
        massnahme.version += 1
        if tag is not None:
            massnahme._history_date = _zeitpunkt(tag)
        massnahme._change_reason = _("Demo-Verlauf")
        massnahme.save()

    def _sachstand(self, massnahme, runde, tag, text):
        akteur = self.melder.get(massnahme.pk)
        if akteur is None:
            return
        Sachstand.objects.create(
            massnahme=massnahme,
            akteur_id=akteur,
            berichtsrunde=runde,
            datum=tag,
            status=massnahme.status,
            ampel=massnahme.ampel,
            fortschritt=massnahme.fortschritt,
            text=text,
            eingereicht_von=self.buero,
            erfasst_durch_buero=True,
            pruefstatus=Pruefstatus.FREIGEGEBEN,
            geprueft_von=self.buero,
            geprueft_am=_zeitpunkt(tag + datetime.timedelta(days=5)),
        )

    def _phase_2025(self, m, runde):
        tag = datetime.date(2025, 6, 15)
        z = self.zufall
        status = z.choice([Status.IN_PLANUNG, Status.IN_UMSETZUNG, Status.IN_UMSETZUNG])
        felder = {
            "status": status,
            "ampel": z.choice([Ampel.IM_PLAN] * 4 + [Ampel.GEFAEHRDET]),
            "fortschritt": z.randrange(5, 45, 5) if status == Status.IN_UMSETZUNG else 5,
        }
        if z.random() < 0.4:
            felder["zieldatum"] = z.choice(
                [
                    datetime.date(2025, 12, 31),
                    datetime.date(2026, 6, 30),
                    datetime.date(2027, 12, 31),
                ]
            )
        self._speichern(m, tag, **felder)
        if z.random() < 0.2:
            for i, titel in enumerate(MEILENSTEINE):
                stein = Meilenstein(
                    massnahme=m,
                    titel=titel,
                    faellig_am=datetime.date(2025, 9, 30) + datetime.timedelta(days=120 * i),
                )
                stein._history_date = _zeitpunkt(tag)
                stein.save()
        if z.random() < 0.5:
            self._sachstand(m, runde, tag, z.choice(SACHSTAENDE_2025))

    def _phase_2026(self, m, runde):
        tag = datetime.date(2026, 6, 10)
        z = self.zufall
        wurf = z.random()
        if wurf < 0.15:
            felder = {"status": Status.UMGESETZT, "ampel": Ampel.IM_PLAN, "fortschritt": 100}
        elif wurf < 0.25:
            felder = {
                "status": Status.VERZOEGERT,
                "ampel": z.choice([Ampel.GEFAEHRDET, Ampel.KRITISCH]),
                "fortschritt": m.fortschritt,
            }
        else:
            felder = {
                "status": Status.IN_UMSETZUNG,
                "ampel": z.choice([Ampel.IM_PLAN] * 5 + [Ampel.GEFAEHRDET, Ampel.KRITISCH]),
                "fortschritt": min(95, m.fortschritt + z.randrange(10, 45, 5)),
            }
        self._speichern(m, tag, **felder)
        for stein in m.meilensteine.order_by("faellig_am")[:2]:
            if z.random() < 0.6:
                stein.erledigt_am = stein.faellig_am - datetime.timedelta(days=10)
                stein._history_date = _zeitpunkt(tag)
                stein.save()
        if z.random() < 0.6:
            self._sachstand(m, runde, tag, z.choice(SACHSTAENDE_2026))

    def _einschaetzungen(self, runde):
        handlungsfelder = sorted(
            {m.teilziel.handlungsfeld for m in self.massnahmen}, key=lambda hf: hf.sortierung
        )
        eintraege = [(None, EINSCHAETZUNG_GESAMT)] + [
            (hf, EINSCHAETZUNG_HF) for hf in handlungsfelder[:4]
        ]
        Einschaetzung.objects.bulk_create(
            Einschaetzung(
                berichtsrunde=runde,
                handlungsfeld=hf,
                text=text,
                pruefstatus=EinschaetzungStatus.FREIGEGEBEN,
                verfasst_von=self.buero,
                geprueft_von=self.buero,
                geprueft_am=_zeitpunkt(runde.stichtag + datetime.timedelta(days=20)),
            )
            for hf, text in eintraege
        )

"""A measure as it stood yesterday and as the Büro changed it today (issue 15, time travel).

Yesterday (built with time-machine at 10:00 in Berlin): Handlungsfeld 5.2, Teilziel 1;
5.2 / 1 a "Alter Wortlaut", in Planung, 30 %, led by "Amt für Migration" with "Verein Brücke";
5.2 / 1 b, in Umsetzung, 60 %, led by "Verein Brücke". ``heute_aendern`` then sets 1 a to
umgesetzt 100 % with new wording, renames the Amt, removes the Verein from 1 a, adds a new
leading Akteur to 1 a and makes the Verein merely beteiligt in 1 b.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from measures.choices import Ampel, Seite, Status
from measures.models import Zustaendigkeit
from tests import builders as b

BERLIN = ZoneInfo("Europe/Berlin")
ALTER_WORTLAUT = "Alter Wortlaut: Beratung in drei Stadtteilen anbieten"
NEUER_WORTLAUT = "Neuer Wortlaut: Beratung in allen Stadtteilen anbieten"
AMT_ALT = "Amt für Migration"
AMT_NEU = "Amt für Migration und Teilhabe"
VEREIN = "Verein Brücke"
NEUES_AMT = "Neues Jobcenter"


@dataclass
class Zeitreise:
    gestern: date
    konzept: object
    hf: object
    m_a: object
    m_b: object
    amt: object
    verein: object


def gestern_um(stunde=10):
    gestern = timezone.localdate() - timedelta(days=1)
    return datetime.combine(gestern, time(stunde), tzinfo=BERLIN)


def zeitreise_anlegen():
    with time_machine.travel(gestern_um(10), tick=False):
        konzept = b.konzept(titel="2. Integrationskonzept", beschluss="2020/BV/0974")
        hf = b.handlungsfeld(
            b.kapitel(konzept), "5.2", "Arbeit und Qualifizierung", leitziel="Arbeit finden."
        )
        tz = b.teilziel(hf, 1, "Beratung ausbauen")
        amt = b.akteur(AMT_ALT, kurzname="AfM")
        verein = b.akteur(VEREIN, seite=Seite.EXTERN)
        m_a = b.massnahme(
            tz,
            "a",
            text=ALTER_WORTLAUT,
            status=Status.IN_PLANUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=30,
        )
        b.zustaendigkeit(m_a, amt, federfuehrend=True)
        b.zustaendigkeit(m_a, verein)
        m_b = b.massnahme(
            tz, "b", text="Zweite Maßnahme", status=Status.IN_UMSETZUNG, fortschritt=60
        )
        b.zustaendigkeit(m_b, verein, federfuehrend=True)
    return Zeitreise(timezone.localdate() - timedelta(days=1), konzept, hf, m_a, m_b, amt, verein)


def heute_aendern(z):
    z.m_a.refresh_from_db()
    z.m_a.status, z.m_a.ampel, z.m_a.fortschritt = Status.UMGESETZT, Ampel.IM_PLAN, 100
    z.m_a.text = NEUER_WORTLAUT
    z.m_a.save()
    z.amt.name = AMT_NEU
    z.amt.save()
    Zustaendigkeit.objects.get(massnahme=z.m_a, akteur=z.verein).delete()
    b.zustaendigkeit(z.m_a, b.akteur(NEUES_AMT), federfuehrend=True)
    ffd = Zustaendigkeit.objects.get(massnahme=z.m_b, akteur=z.verein)
    ffd.federfuehrend = False
    ffd.save()
